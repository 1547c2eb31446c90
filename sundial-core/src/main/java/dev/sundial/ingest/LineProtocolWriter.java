package dev.sundial.ingest;

import java.io.Flushable;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes points as InfluxDB line protocol that {@link LineProtocolReader} parses back to the identical
 * point (the exact inverse of the reader): escaping per {@code docs/formats-input.md}; FLOAT as the
 * shortest decimal that round-trips, in Go's {@code 'g'} layout ({@code 1}, {@code 0.25},
 * {@code 6.632243e+06}); INTEGER and UNSIGNED both as {@code <n>i} (Sundial stores both as BIGINT);
 * BOOLEAN as {@code true}/{@code false}; STRING quoted with {@code "} and {@code \} escaped; the
 * timestamp in nanoseconds; one line per point, ending in LF.
 *
 * <p>Usage, shaped for exporting typed columns one series at a time (the measurement, tags and field
 * keys are validated and escaped once per series, not per row):
 * <pre>{@code
 * LineProtocolWriter w = new LineProtocolWriter(out);
 * w.beginSeries("cpu", new String[]{"host"}, new String[]{"a"}, new String[]{"usage", "ok"});
 * for (int r = 0; r < rows; r++) {
 *     w.beginPoint();
 *     if (!usageNull[r]) w.fieldDouble(0, usage[r]);
 *     if (!okNull[r]) w.fieldBoolean(1, ok[r]);
 *     w.endPoint(ts[r]);   // a point without any field is dropped (returns false)
 * }
 * w.flush();
 * }</pre>
 *
 * <p>Text that line protocol cannot express is refused with an {@link IllegalArgumentException}
 * naming the part, and nothing of that point is written: an empty name or tag value; a control
 * character in a measurement or key; LF in a tag value; a name or tag value ending in a
 * backslash (the backslash would escape the separator after it); a measurement starting with
 * {@code #} (a comment); NaN or an infinity.
 *
 * <p>Output is collected in a StringBuilder and handed to the {@link Appendable} in blocks of about
 * 64 KiB, so a {@code BufferedWriter} behind it sees few calls. Not thread-safe.
 */
public final class LineProtocolWriter {
    private static final int FLUSH_AT = 64 << 10;

    private final Appendable out;
    private final StringBuilder sb = new StringBuilder(FLUSH_AT + 4096);

    private String prefix;          // escaped "measurement,tag=v,... " of the current series
    private String[] fieldKeys;     // escaped field keys of the current series
    private int pointStart = -1;    // sb length at beginPoint, -1 outside a point
    private int fieldsInPoint;

    /** A writer appending to {@code out}; call {@link #flush()} at the end. */
    public LineProtocolWriter(Appendable out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Starts a series: every following point until the next call carries this measurement and these
     * tags (written in the given order; the reader sorts them). Field keys given here are addressed by
     * index in {@code fieldX(int, ...)}; {@code fieldKeys} may be empty when only the by-name methods
     * are used.
     *
     * @throws IllegalArgumentException when a name or tag value cannot be expressed in line protocol
     */
    public void beginSeries(String measurement, String[] tagKeys, String[] tagValues, String... fieldKeys) {
        if (tagKeys.length != tagValues.length) {
            throw new IllegalArgumentException("cannot write line protocol: " + tagKeys.length + " tag keys but "
                    + tagValues.length + " tag values");
        }
        StringBuilder p = new StringBuilder(64);
        appendMeasurement(p, measurement);
        for (int i = 0; i < tagKeys.length; i++) {
            if (tagValues[i] == null) {
                continue; // a NULL tag is an absent tag
            }
            for (int j = 0; j < i; j++) {
                if (tagValues[j] != null && tagKeys[j].equals(tagKeys[i])) {
                    throw new IllegalArgumentException("cannot write line protocol [tag=" + tagKeys[i] + "]: duplicate tag key");
                }
            }
            p.append(',');
            appendKey(p, tagKeys[i], "tag key");
            p.append('=');
            appendTagValue(p, tagKeys[i], tagValues[i]);
        }
        p.append(' ');
        String[] keys = new String[fieldKeys.length];
        for (int i = 0; i < fieldKeys.length; i++) {
            StringBuilder k = new StringBuilder(fieldKeys[i].length() + 4);
            appendKey(k, fieldKeys[i], "field key");
            keys[i] = k.append('=').toString();
        }
        this.prefix = p.toString();
        this.fieldKeys = keys;
    }

    /** Starts a point of the current series. */
    public void beginPoint() {
        if (prefix == null) {
            throw new IllegalStateException("BUG: beginPoint() before beginSeries()");
        }
        pointStart = sb.length();
        fieldsInPoint = 0;
        sb.append(prefix);
    }

    private void fieldStart(int index) {
        if (pointStart < 0) {
            throw new IllegalStateException("BUG: field written outside beginPoint()/endPoint()");
        }
        if (fieldsInPoint++ > 0) {
            sb.append(',');
        }
        sb.append(fieldKeys[index]);
    }

    private void fieldStart(String key) {
        if (pointStart < 0) {
            throw new IllegalStateException("BUG: field written outside beginPoint()/endPoint()");
        }
        int mark = sb.length();
        try {
            if (fieldsInPoint > 0) {
                sb.append(',');
            }
            appendKey(sb, key, "field key");
        } catch (IllegalArgumentException e) {
            sb.setLength(mark);
            throw e;
        }
        fieldsInPoint++;
        sb.append('=');
    }

    /** Appends FLOAT field number {@code index} of the series. */
    public void fieldDouble(int index, double v) {
        checkFinite(v, fieldKeys[index]);
        fieldStart(index);
        ShortestDouble.append(sb, v);
    }

    /** Appends an INTEGER (or UNSIGNED) field. */
    public void fieldLong(int index, long v) {
        fieldStart(index);
        sb.append(v).append('i');
    }

    /** Appends a BOOLEAN field. */
    public void fieldBoolean(int index, boolean v) {
        fieldStart(index);
        sb.append(v ? "true" : "false");
    }

    /** Appends a STRING field. */
    public void fieldString(int index, String v) {
        fieldStart(index);
        appendStringValue(sb, v);
    }

    /** Appends a FLOAT field by name. */
    public void fieldDouble(String key, double v) {
        checkFinite(v, key);
        fieldStart(key);
        ShortestDouble.append(sb, v);
    }

    /** Appends an INTEGER field by name. */
    public void fieldLong(String key, long v) {
        fieldStart(key);
        sb.append(v).append('i');
    }

    /** Appends a BOOLEAN field by name. */
    public void fieldBoolean(String key, boolean v) {
        fieldStart(key);
        sb.append(v ? "true" : "false");
    }

    /** Appends a STRING field by name. */
    public void fieldString(String key, String v) {
        fieldStart(key);
        appendStringValue(sb, v);
    }

    /**
     * Ends the point with its timestamp. A point without fields cannot be expressed and is dropped.
     *
     * @return whether the point was written
     */
    public boolean endPoint(long tsNanos) throws IOException {
        if (pointStart < 0) {
            throw new IllegalStateException("BUG: endPoint() without beginPoint()");
        }
        if (fieldsInPoint == 0) {
            sb.setLength(pointStart);
            pointStart = -1;
            return false;
        }
        sb.append(' ').append(tsNanos).append('\n');
        pointStart = -1;
        if (sb.length() >= FLUSH_AT) {
            out.append(sb);
            sb.setLength(0);
        }
        return true;
    }

    /** Writes a whole parsed point (its timestamp must be present). */
    public void writePoint(ParsedPoint p) throws IOException {
        if (!p.hasTimestamp()) {
            throw new IllegalArgumentException("cannot write line protocol: point of line " + p.lineNumber() + " has no timestamp");
        }
        int mark = sb.length();
        try {
            appendPoint(sb, p);
        } catch (IllegalArgumentException e) {
            sb.setLength(mark);
            throw e;
        }
        if (sb.length() >= FLUSH_AT) {
            out.append(sb);
            sb.setLength(0);
        }
    }

    /** Hands everything buffered to the Appendable and flushes it when it is {@link Flushable}. */
    public void flush() throws IOException {
        if (pointStart >= 0) {
            throw new IllegalStateException("BUG: flush() inside a point");
        }
        if (!sb.isEmpty()) {
            out.append(sb);
            sb.setLength(0);
        }
        if (out instanceof Flushable f) {
            f.flush();
        }
    }

    /**
     * Appends {@code p} as one line (without timestamp when it has none) plus LF.
     *
     * @throws IllegalArgumentException when part of the point cannot be expressed (see class comment);
     *                                  {@code sb} may then hold part of the line
     */
    public static void appendPoint(StringBuilder sb, ParsedPoint p) {
        appendMeasurement(sb, p.measurement());
        for (int i = 0; i < p.tagCount(); i++) {
            sb.append(',');
            appendKey(sb, p.tagKey(i), "tag key");
            sb.append('=');
            appendTagValue(sb, p.tagKey(i), p.tagValue(i));
        }
        if (p.fieldCount() == 0) {
            throw new IllegalArgumentException("cannot write line protocol: point of line " + p.lineNumber() + " has no field");
        }
        for (int i = 0; i < p.fieldCount(); i++) {
            sb.append(i == 0 ? ' ' : ',');
            appendKey(sb, p.fieldKey(i), "field key");
            sb.append('=');
            switch (p.fieldType(i)) {
                case FLOAT -> {
                    checkFinite(p.doubleValue(i), p.fieldKey(i));
                    ShortestDouble.append(sb, p.doubleValue(i));
                }
                case INTEGER, UNSIGNED -> sb.append(p.longValue(i)).append('i');
                case BOOLEAN -> sb.append(p.booleanValue(i) ? "true" : "false");
                case STRING -> appendStringValue(sb, p.stringValue(i));
            }
        }
        if (p.hasTimestamp()) {
            sb.append(' ').append(p.timestampNanos());
        }
        sb.append('\n');
    }

    private static void checkFinite(double v, String key) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot write line protocol [field=" + key + "]: " + v
                    + " cannot be written in line protocol (no NaN or infinity literal)");
        }
    }

    private static void appendMeasurement(StringBuilder sb, String m) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException("cannot write line protocol: empty measurement");
        }
        if (m.charAt(0) == '#') {
            throw new IllegalArgumentException("cannot write line protocol [measurement=" + m
                    + "]: a measurement starting with '#' would read as a comment");
        }
        appendEscaped(sb, m, "measurement", false);
    }

    private static void appendKey(StringBuilder sb, String k, String what) {
        if (k == null || k.isEmpty()) {
            throw new IllegalArgumentException("cannot write line protocol: empty " + what);
        }
        appendEscaped(sb, k, what, true);
    }

    private static void appendTagValue(StringBuilder sb, String key, String v) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("cannot write line protocol [tag=" + key + "]: empty tag value");
        }
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '=' || c == ' ') {
                sb.append('\\');
            } else if (c == '\n') {
                throw new IllegalArgumentException("cannot write line protocol [tag=" + key
                        + "]: a tag value cannot hold a line feed");
            } else if (Character.isSurrogate(c)) {
                checkSurrogatePair(v, i, "tag value");
            }
            sb.append(c);
        }
        if (v.charAt(n - 1) == '\\') {
            throw new IllegalArgumentException("cannot write line protocol [tag=" + key
                    + "]: a tag value cannot end with a backslash");
        }
    }

    /** Measurement (escapes space and comma) or key (also '='); no control characters. */
    private static void appendEscaped(StringBuilder sb, String s, String what, boolean escapeEquals) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (escapeEquals && c == '=')) {
                sb.append('\\');
            } else if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("cannot write line protocol [" + what + "="
                        + QuotedText.of(s) + "]: control character " + (int) c + " not allowed");
            } else if (Character.isSurrogate(c)) {
                checkSurrogatePair(s, i, what);
            }
            sb.append(c);
        }
        if (s.charAt(n - 1) == '\\') {
            throw new IllegalArgumentException("cannot write line protocol [" + what + "=" + s
                    + "]: cannot end with a backslash");
        }
    }

    private static void appendStringValue(StringBuilder sb, String v) {
        sb.append('"');
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            } else if (Character.isSurrogate(c)) {
                checkSurrogatePair(v, i, "string value");
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** A lone UTF-16 surrogate has no UTF-8 form; refuse it rather than let an encoder write '?'. */
    static void checkSurrogatePair(String s, int i, String what) {
        char c = s.charAt(i);
        boolean ok = Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        if (!ok) {
            throw new IllegalArgumentException("cannot write " + what + ": unpaired UTF-16 surrogate at index " + i);
        }
    }
}
