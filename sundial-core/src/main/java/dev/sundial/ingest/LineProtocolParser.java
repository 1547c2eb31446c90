package dev.sundial.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes one line-protocol entry from a window of bytes into a {@link ParsedPoint}. The grammar is the
 * one InfluxData's reference decoder implements (see {@code docs/formats-input.md}); the
 * conformance corpus in {@code shared/conformance/line-protocol} pins it down.
 *
 * <p>The owner ({@link LineProtocolReader}) sets {@link #buf}, {@link #limit} and {@link #eof}. Every
 * read past {@code limit} when not at end of input throws {@link NeedMoreInput}; the owner then reads
 * more and calls {@link #parse} again from the same start, so parsing is a pure function of the bytes.
 * Per entry nothing is allocated except Strings for tokens not in the {@link TokenStrings} cache.
 * Not thread-safe.
 */
final class LineProtocolParser {
    // Character classes. A "stop" bit ends a token of that kind; the backslash carries every stop bit
    // so that the scanning loop leaves its fast path for it.
    private static final byte M_STOP = 1;   // measurement: , space, non-printable, backslash
    private static final byte K_STOP = 2;   // tag key / field key: , = space, non-printable, backslash
    private static final byte V_STOP = 4;   // tag value: , = space CR LF backslash (other controls allowed)
    private static final byte F_STOP = 8;   // unquoted field value: , space CR LF
    private static final byte M_ESC = 16;   // escapable after a backslash in a measurement: space ,
    private static final byte K_ESC = 32;   // escapable in keys and tag values: space , =
    private static final byte[] CLS = new byte[256];

    static {
        for (int c = 0; c < 32; c++) {
            CLS[c] |= M_STOP | K_STOP;
        }
        CLS[127] |= M_STOP | K_STOP;
        CLS[','] |= M_STOP | K_STOP | V_STOP | F_STOP | M_ESC | K_ESC;
        CLS[' '] |= M_STOP | K_STOP | V_STOP | F_STOP | M_ESC | K_ESC;
        CLS['='] |= K_STOP | V_STOP | K_ESC;
        CLS['\r'] |= V_STOP | F_STOP;
        CLS['\n'] |= V_STOP | F_STOP;
        CLS['\\'] |= M_STOP | K_STOP | V_STOP;
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Tags per entry are bounded by the entry size; the arrays grow as needed. */
    private static final int INITIAL_TAGS = 32;

    byte[] buf;
    int limit;
    boolean eof;

    private final Precision precision;
    private final TokenStrings strings = new TokenStrings();
    private final SeriesCache seriesCache = new SeriesCache();

    /** Unescaped copies of tokens that contained escapes. */
    private byte[] scratch = new byte[1024];
    private int scratchLen;

    // Tags of the current entry: offsets into buf, or ~offset into scratch when unescaped.
    private int tagN;
    private int[] tkOff = new int[INITIAL_TAGS];
    private int[] tkLen = new int[INITIAL_TAGS];
    private int[] tvOff = new int[INITIAL_TAGS];
    private int[] tvLen = new int[INITIAL_TAGS];
    private int[] tkPos = new int[INITIAL_TAGS];   // position of the key in buf, for errors
    private boolean[] tkAscii = new boolean[INITIAL_TAGS];
    private boolean[] tvAscii = new boolean[INITIAL_TAGS];
    private int[] order = new int[INITIAL_TAGS];

    // Set by scan(): whether the token had a byte >= 0x80, whether it consumed an escape.
    private boolean tokHigh;
    private boolean tokEsc;

    // Per-entry position bookkeeping, for error positions and the owner's line counter.
    private int entryStart;
    private long entryLine;
    private int entryCol0;
    /** LF bytes inside the entry and its terminator, after a successful {@link #parse}. */
    int linesConsumed;
    /** Where recovery should go on from (skip to the next LF from here), after an error. */
    int resumePos;

    LineProtocolParser(Precision precision) {
        this.precision = precision;
    }

    /** True when position {@code p} holds a byte; false at end of input; throws when more must be read. */
    private boolean has(int p) {
        if (p < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        throw NeedMoreInput.INSTANCE;
    }

    /**
     * Parses the entry whose first byte (not a space, not the start of a blank or comment line) is at
     * {@code start}.
     *
     * @param line 1-based line number of {@code start}
     * @param col0 bytes between the start of that line and {@code start}
     * @return the position after the entry and its line terminator
     */
    int parse(int start, long line, int col0, ParsedPoint out) throws LineProtocolException {
        entryStart = start;
        entryLine = line;
        entryCol0 = col0;
        scratchLen = 0;
        tagN = 0;
        lfInStrings = 0;
        out.reset(line);
        byte[] b = buf;

        int p;
        SeriesCache.Entry series = null;
        int sectionEnd = sectionEnd(start);
        if (sectionEnd > 0) {
            series = seriesCache.get(b, start, sectionEnd);
        }
        if (series != null) {
            out.setMeasurement(series.measurement);
            out.setTags(series.tagKeys, series.tagValues);
            p = skipSpaces(sectionEnd);
        } else {
            p = parseSeries(start, out);
            if (sectionEnd > 0 && tagsEndedAt == sectionEnd) {
                series = seriesCache.put(b, start, sectionEnd, out);
            }
        }

        // ---- fields ----
        int q;
        for (int fi = 0; ; fi++) {
            String key = series != null ? SeriesCache.fieldKey(series, fi, b, p, limit) : null;
            if (key != null) {
                q = p + series.fieldKeyBytes[fi].length;
            } else {
                q = scan(p, K_STOP, K_ESC);
                if (q == p) {
                    if (!has(p)) {
                        throw error(p, p, "expected field key but none found");
                    }
                    throw error(p, p, "invalid character " + quote(b[p]) + " at start of field key");
                }
                key = string(p, q, "field key", K_ESC);
                if (series != null && has(q) && b[q] == '=') {
                    SeriesCache.rememberFieldKey(series, fi, b, p, q, key);
                }
            }
            if (!has(q)) {
                throw error(q, q, "expected '=' after field key " + quoteJava(key) + " but found end of input");
            }
            if (b[q] != '=') {
                throw error(q, q, "expected '=' after field key " + quoteJava(key) + " but found " + quote(b[q]));
            }
            p = q + 1;
            if (!has(p)) {
                throw error(p, p, "expected value for field " + quoteJava(key) + " but found end of input");
            }
            p = fieldValue(p, key, out);
            if (!has(p)) {
                return finish(p);
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            if (c != ' ' && c != '\r' && c != '\n') {
                throw error(p, p, "unexpected character " + quote(c) + " after value of field " + quoteJava(key));
            }
            p = skipSpaces(p);
            int eol = endOfLine(p);
            if (eol >= 0) {
                return finish(eol);
            }
            break;
        }

        // ---- timestamp ----
        int ts = p;
        q = p;
        while (has(q) && (b[q] == '-' || (b[q] >= '0' && b[q] <= '9'))) {
            q++;
        }
        if (has(q) && b[q] != ' ' && b[q] != '\r' && b[q] != '\n') {
            int e = q;
            while (has(e) && b[e] != '\n' && b[e] != '\r') {
                e++;
            }
            throw error(ts, e, "invalid timestamp " + quoteToken(ts, e));
        }
        long t = parseTimestamp(ts, q);
        out.setTimestamp(t);
        p = skipSpaces(q);
        int eol = endOfLine(p);
        if (eol < 0) {
            int e = p;
            while (has(e) && b[e] != '\n') {
                e++;
            }
            throw error(p, e, "unexpected text after timestamp");
        }
        return finish(eol);
    }

    /** Where the last {@link #parseSeries} found the space that ends the series section, else -1. */
    private int tagsEndedAt;

    /**
     * The end of the series section that starts at {@code start}: the first space not preceded by a
     * backslash (see {@link SeriesCache}), or -1 when a line end, the buffer end or
     * {@link SeriesCache#MAX_SECTION} comes first.
     */
    private int sectionEnd(int start) {
        byte[] b = buf;
        int end = Math.min(limit, start + SeriesCache.MAX_SECTION);
        int i = start + 1;
        while (true) {
            // 8 bytes at a time to the next space or LF (SWAR zero-byte test on w ^ pattern; the
            // lowest flagged byte is always a true match)
            for (; i + 8 <= end; i += 8) {
                long w = (long) LONG_LE.get(b, i);
                long sp = w ^ 0x2020202020202020L;
                long lf = w ^ 0x0A0A0A0A0A0A0A0AL;
                long hit = ((sp - 0x0101010101010101L) & ~sp | (lf - 0x0101010101010101L) & ~lf) & 0x8080808080808080L;
                if (hit != 0) {
                    i += Long.numberOfTrailingZeros(hit) >>> 3;
                    break;
                }
            }
            while (i < end && b[i] != ' ' && b[i] != '\n') {
                i++;
            }
            if (i >= end || b[i] == '\n') {
                return -1;
            }
            if (b[i - 1] != '\\') {
                return i;
            }
            i++; // an escaped space belongs to the section
        }
    }

    /** Parses measurement and tags from {@code start}; returns the position of the first field. */
    private int parseSeries(int start, ParsedPoint out) throws LineProtocolException {
        tagsEndedAt = -1;
        // ---- measurement ----
        byte[] b = buf;
        int p = start;
        int q = scan(p, M_STOP, M_ESC);
        if (q == p) {
            if (!has(p)) {
                throw error(p, p, "no measurement name found");
            }
            throw error(p, p, "invalid character " + quote(b[p]) + " at start of measurement name");
        }
        out.setMeasurement(string(p, q, "measurement", M_ESC));
        p = afterTagComma(q);

        // ---- tags ----
        while (true) {
            if (has(p) && b[p] == ' ') {
                tagsEndedAt = p;
                p = skipSpaces(p);
                break;
            }
            q = scan(p, K_STOP, K_ESC);
            if (q == p) {
                if (!has(p)) {
                    throw error(p, p, "expected tag key or field but found end of input");
                }
                if (b[p] == '=') {
                    throw error(p, p, "empty tag key");
                }
                throw error(p, p, "expected tag key or field but found " + quote(b[p]));
            }
            if (!has(q)) {
                throw error(p, q, "expected '=' after tag key " + quoteToken(p, q) + " but found end of input");
            }
            if (b[q] != '=') {
                throw error(p, q, "expected '=' after tag key " + quoteToken(p, q) + " but found " + quote(b[q]));
            }
            int keyStart = p;
            int keyEnd = q;
            boolean keyHigh = tokHigh;
            boolean keyEsc = tokEsc;
            p = q + 1;
            q = scan(p, V_STOP, K_ESC);
            if (q == p) {
                throw error(p, p, "expected tag value after tag key " + quoteToken(keyStart, keyEnd) + " but none found");
            }
            addTag(keyStart, keyEnd, keyHigh, keyEsc, p, q, tokHigh, tokEsc);
            p = q;
            if (!has(p)) {
                break; // no fields: reported by the field section below
            }
            p = afterTagComma(p);
        }
        finishTags(out);
        return p;
    }

    /**
     * Records the LFs of the entry: those inside string fields plus a terminating LF (the only other
     * place an LF can be; the last byte consumed is an LF only when it is the terminator).
     */
    private int finish(int end) {
        linesConsumed = lfInStrings + (end > entryStart && buf[end - 1] == '\n' ? 1 : 0);
        return end;
    }

    /** Raw LF bytes inside string field values of the current entry. */
    private int lfInStrings;

    /**
     * After a line terminator at {@code p}: LF, CR LF, a CR at end of input, or end of input. Returns
     * the position after it, or -1 when {@code p} holds something else.
     */
    private int endOfLine(int p) {
        if (!has(p)) {
            return p;
        }
        byte c = buf[p];
        if (c == '\n') {
            return p + 1;
        }
        if (c == '\r') {
            if (!has(p + 1)) {
                return p + 1;
            }
            if (buf[p + 1] == '\n') {
                return p + 2;
            }
        }
        return -1;
    }

    private int skipSpaces(int p) {
        while (has(p) && buf[p] == ' ') {
            p++;
        }
        return p;
    }

    /** After a measurement or tag value: consumes a comma that must be followed by a tag key. */
    private int afterTagComma(int p) throws LineProtocolException {
        if (!has(p) || buf[p] != ',') {
            return p;
        }
        p++;
        if (!has(p)) {
            throw error(p, p, "expected tag key after comma but found end of input");
        }
        byte c = buf[p];
        if (c == ' ' || c == '\r' || c == '\n') {
            throw error(p, p, "expected tag key after comma but found white space");
        }
        return p;
    }

    /**
     * Scans a token from {@code p}: bytes without the {@code stop} class, and backslash escapes. A
     * backslash before a byte of the {@code esc} class escapes it; any other backslash is itself.
     * Sets {@link #tokHigh} and {@link #tokEsc}. Returns the end of the token.
     */
    private int scan(int p, int stop, int esc) {
        byte[] b = buf;
        int lim = limit;
        int bits = 0;
        boolean escaped = false;
        while (true) {
            if (p >= lim) {
                if (eof) {
                    break;
                }
                throw NeedMoreInput.INSTANCE;
            }
            int c = b[p];
            if ((CLS[c & 0xff] & stop) == 0) {
                bits |= c;
                p++;
                continue;
            }
            if (c != '\\') {
                break;
            }
            if (p + 1 >= lim) {
                if (eof) {
                    p++; // a backslash at end of input is itself
                    break;
                }
                throw NeedMoreInput.INSTANCE;
            }
            int n = b[p + 1];
            if ((CLS[n & 0xff] & esc) != 0) {
                escaped = true;
                p += 2;
            } else {
                p++; // literal backslash; the next byte is examined on its own
            }
        }
        tokHigh = bits < 0;
        tokEsc = escaped;
        return p;
    }

    /** Last length written by {@link #unescapeToScratch}. */
    private int lastUnescapedLen;

    /**
     * Copies {@code buf[from,to)} into scratch without its escaping backslashes; returns ~offset and
     * leaves the length in {@link #lastUnescapedLen}.
     */
    private int unescapeToScratch(int from, int to, int esc) {
        int need = scratchLen + (to - from);
        if (need > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(need, scratch.length * 2));
        }
        byte[] b = buf;
        byte[] s = scratch;
        int start = scratchLen;
        int o = start;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < to && (CLS[b[i + 1] & 0xff] & esc) != 0) {
                c = b[++i];
            }
            s[o++] = c;
        }
        scratchLen = o;
        lastUnescapedLen = o - start;
        return ~start;
    }

    /** Decodes (via the cache) a token just scanned, validating UTF-8. */
    private String string(int from, int to, String what, int esc) throws LineProtocolException {
        boolean high = tokHigh;
        if (!tokEsc) {
            if (high) {
                checkUtf8(buf, from, to, from, to, what);
            }
            return strings.get(buf, from, to - from, !high);
        }
        int ref = unescapeToScratch(from, to, esc);
        int off = ~ref;
        int len = lastUnescapedLen;
        if (high) {
            checkUtf8(scratch, off, off + len, from, to, what);
        }
        return strings.get(scratch, off, len, !high);
    }

    private void checkUtf8(byte[] arr, int from, int to, int tokenStart, int tokenEnd, String what)
            throws LineProtocolException {
        if (Utf8Validation.firstInvalid(arr, from, to) >= 0) {
            throw error(tokenStart, tokenEnd, "invalid UTF-8 in " + what);
        }
    }

    private void addTag(int ks, int ke, boolean kHigh, boolean kEsc, int vs, int ve, boolean vHigh, boolean vEsc)
            throws LineProtocolException {
        int i = tagN;
        if (i == tkOff.length) {
            int cap = i * 2;
            tkOff = Arrays.copyOf(tkOff, cap);
            tkLen = Arrays.copyOf(tkLen, cap);
            tvOff = Arrays.copyOf(tvOff, cap);
            tvLen = Arrays.copyOf(tvLen, cap);
            tkPos = Arrays.copyOf(tkPos, cap);
            tkAscii = Arrays.copyOf(tkAscii, cap);
            tvAscii = Arrays.copyOf(tvAscii, cap);
            order = Arrays.copyOf(order, cap);
        }
        tkPos[i] = ks;
        if (kEsc) {
            tkOff[i] = unescapeToScratch(ks, ke, K_ESC);
            tkLen[i] = lastUnescapedLen;
        } else {
            tkOff[i] = ks;
            tkLen[i] = ke - ks;
        }
        if (kHigh) {
            checkUtf8(arr(tkOff[i]), off(tkOff[i]), off(tkOff[i]) + tkLen[i], ks, ke, "tag key");
        }
        if (vEsc) {
            tvOff[i] = unescapeToScratch(vs, ve, K_ESC);
            tvLen[i] = lastUnescapedLen;
        } else {
            tvOff[i] = vs;
            tvLen[i] = ve - vs;
        }
        if (vHigh) {
            checkUtf8(arr(tvOff[i]), off(tvOff[i]), off(tvOff[i]) + tvLen[i], vs, ve, "tag value");
        }
        tkAscii[i] = !kHigh;
        tvAscii[i] = !vHigh;
        tagN = i + 1;
    }

    private byte[] arr(int ref) {
        return ref < 0 ? scratch : buf;
    }

    private static int off(int ref) {
        return ref < 0 ? ~ref : ref;
    }

    private int compareKeys(int a, int b) {
        int ra = tkOff[a];
        int rb = tkOff[b];
        int oa = off(ra);
        int ob = off(rb);
        return Arrays.compareUnsigned(arr(ra), oa, oa + tkLen[a], arr(rb), ob, ob + tkLen[b]);
    }

    /** Sorts the tags by key bytes (insertion sort: few tags, often nearly sorted), rejects duplicates. */
    private void finishTags(ParsedPoint out) throws LineProtocolException {
        int n = tagN;
        int[] ord = order;
        for (int i = 0; i < n; i++) {
            int x = i;
            int j = i - 1;
            while (j >= 0 && compareKeys(ord[j], x) > 0) {
                ord[j + 1] = ord[j];
                j--;
            }
            ord[j + 1] = x;
        }
        for (int i = 1; i < n; i++) {
            if (compareKeys(ord[i - 1], ord[i]) == 0) {
                int dup = Math.max(ord[i - 1], ord[i]);
                int r = tkOff[dup];
                String k = TokenStrings.decode(arr(r), off(r), tkLen[dup], tkAscii[dup]);
                throw error(tkPos[dup], tkPos[dup] + tkLen[dup], "duplicate tag key " + quoteJava(k));
            }
        }
        out.setTagCount(n);
        for (int i = 0; i < n; i++) {
            int t = ord[i];
            int kr = tkOff[t];
            int vr = tvOff[t];
            out.setTag(i, strings.get(arr(kr), off(kr), tkLen[t], tkAscii[t]),
                    strings.get(arr(vr), off(vr), tvLen[t], tvAscii[t]));
        }
    }

    /** Parses the value of a field starting at {@code p} (which holds a byte); returns its end. */
    private int fieldValue(int p, String key, ParsedPoint out) throws LineProtocolException {
        byte[] b = buf;
        byte c = b[p];
        if (c == '"') {
            return stringValue(p, key, out);
        }
        int q = p;
        while (has(q) && (CLS[b[q] & 0xff] & F_STOP) == 0) {
            q++;
        }
        if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
            int v = parseBoolean(b, p, q);
            if (v < 0) {
                throw error(p, q, "cannot parse value of field " + quoteJava(key) + ": invalid boolean " + quoteToken(p, q));
            }
            out.addBoolean(key, v == 1);
            return q;
        }
        if (c == '-' || c == '.' || (c >= '0' && c <= '9')) {
            byte last = b[q - 1];
            if (last == 'i') {
                if (!parseLong(b, p, q - 1, true)) {
                    throw error(p, q, "cannot parse value of field " + quoteJava(key) + ": " + longProblem);
                }
                out.addLong(key, FieldType.INTEGER, longResult);
            } else if (last == 'u') {
                if (!parseLong(b, p, q - 1, false)) {
                    throw error(p, q, "cannot parse value of field " + quoteJava(key) + ": " + longProblem);
                }
                out.addLong(key, FieldType.UNSIGNED, longResult);
            } else {
                double v = DecimalDoubleParser.parse(b, p, q, false);
                if (Double.isNaN(v)) {
                    throw error(p, q, "cannot parse value of field " + quoteJava(key) + ": invalid float " + quoteToken(p, q));
                }
                if (Double.isInfinite(v)) {
                    throw error(p, q, "cannot parse value of field " + quoteJava(key) + ": float " + quoteToken(p, q)
                            + " is out of the double range");
                }
                out.addDouble(key, v);
            }
            return q;
        }
        if (c == ' ' || c == ',') {
            throw error(p, p, "missing value for field " + quoteJava(key));
        }
        throw error(p, q, "value of field " + quoteJava(key) + " " + quoteToken(p, q) + " has an unrecognized type");
    }

    /** A quoted string value from the opening quote at {@code p}; {@code \"} and {@code \\} are escapes. */
    private int stringValue(int p, String key, ParsedPoint out) throws LineProtocolException {
        byte[] b = buf;
        int from = p + 1;
        int q = from;
        int bits = 0;
        boolean escaped = false;
        while (true) {
            if (!has(q)) {
                throw error(p, q, "expected closing quote for string field " + quoteJava(key) + " but found end of input");
            }
            byte c = b[q];
            if (c == '"') {
                break;
            }
            if (c == '\n') {
                lfInStrings++;
            } else if (c == '\\') {
                if (!has(q + 1)) {
                    throw error(p, q + 1, "expected closing quote for string field " + quoteJava(key)
                            + " but found end of input");
                }
                byte n = b[q + 1];
                if (n == '"' || n == '\\') {
                    escaped = true;
                    q += 2;
                    continue;
                }
            }
            bits |= c;
            q++;
        }
        String v;
        if (!escaped) {
            if (bits < 0) {
                checkUtf8(b, from, q, from, q + 1, "string value of field " + quoteJava(key));
            }
            v = strings.get(b, from, q - from, bits >= 0);
        } else {
            int need = scratchLen + (q - from);
            if (need > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(need, scratch.length * 2));
            }
            byte[] s = scratch;
            int o = scratchLen;
            for (int i = from; i < q; i++) {
                byte c = b[i];
                if (c == '\\' && (b[i + 1] == '"' || b[i + 1] == '\\')) {
                    c = b[++i];
                }
                s[o++] = c;
            }
            int start = scratchLen;
            scratchLen = o;
            if (bits < 0) {
                checkUtf8(s, start, o, from, q + 1, "string value of field " + quoteJava(key));
            }
            v = strings.get(s, start, o - start, bits >= 0);
        }
        out.addString(key, v);
        return q + 1;
    }

    /** 1 for true, 0 for false, -1 when not one of t T true True TRUE f F false False FALSE. */
    static int parseBoolean(byte[] b, int from, int to) {
        int n = to - from;
        byte c = b[from];
        if (n == 1) {
            return c == 't' || c == 'T' ? 1 : c == 'f' || c == 'F' ? 0 : -1;
        }
        if (n == 4 && (c == 't' || c == 'T')) {
            boolean upper = c == 'T' && b[from + 1] == 'R';
            if (upper ? b[from + 1] == 'R' && b[from + 2] == 'U' && b[from + 3] == 'E'
                    : b[from + 1] == 'r' && b[from + 2] == 'u' && b[from + 3] == 'e') {
                return 1;
            }
            return -1;
        }
        if (n == 5 && (c == 'f' || c == 'F')) {
            boolean upper = c == 'F' && b[from + 1] == 'A';
            if (upper ? b[from + 1] == 'A' && b[from + 2] == 'L' && b[from + 3] == 'S' && b[from + 4] == 'E'
                    : b[from + 1] == 'a' && b[from + 2] == 'l' && b[from + 3] == 's' && b[from + 4] == 'e') {
                return 0;
            }
        }
        return -1;
    }

    /** Result of {@link #parseLong} when it succeeds. */
    private long longResult;
    /** Reason of {@link #parseLong}'s failure. */
    private String longProblem;

    /**
     * Parses {@code -?digits} ({@code digits} only when unsigned) as int64 into {@link #longResult}.
     * Returns false with {@link #longProblem} set when invalid or out of range; for unsigned, above
     * 2^63−1 is out of range since Sundial stores {@code u} as BIGINT. {@code to} excludes the suffix.
     */
    private boolean parseLong(byte[] b, int from, int to, boolean signed) {
        int p = from;
        boolean neg = false;
        if (signed && p < to && b[p] == '-') {
            neg = true;
            p++;
        }
        String kind = signed ? "integer " : "unsigned integer ";
        if (p == to) {
            longProblem = "invalid " + kind + quoteToken(from, to + 1);
            return false;
        }
        long acc = 0; // accumulated negatively, so that Long.MIN_VALUE fits
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                longProblem = "invalid " + kind + quoteToken(from, to + 1);
                return false;
            }
            if (acc < Long.MIN_VALUE / 10 || (acc == Long.MIN_VALUE / 10 && d > 8)) {
                acc = 1; // overflow marker
                break;
            }
            acc = acc * 10 - d;
        }
        if (acc == 1 || (!neg && acc == Long.MIN_VALUE)) {
            for (; p < to; p++) { // still report a syntax error first
                if (b[p] < '0' || b[p] > '9') {
                    longProblem = "invalid " + kind + quoteToken(from, to + 1);
                    return false;
                }
            }
            longProblem = kind + quoteToken(from, to + 1)
                    + (signed ? " is out of the int64 range" : " is above 2^63-1 (Sundial stores u as BIGINT)");
            return false;
        }
        longResult = neg ? acc : -acc;
        return true;
    }

    private long parseTimestamp(int from, int to) throws LineProtocolException {
        byte[] b = buf;
        int p = from;
        boolean neg = false;
        if (p < to && b[p] == '-') {
            neg = true;
            p++;
        }
        if (p == to) {
            throw error(from, to, "invalid timestamp " + quoteToken(from, to));
        }
        long acc = 0;
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                throw error(from, to, "invalid timestamp " + quoteToken(from, to));
            }
            if (acc < Long.MIN_VALUE / 10 || (acc == Long.MIN_VALUE / 10 && d > 8)) {
                throw error(from, to, "timestamp " + quoteToken(from, to) + " is out of the int64 range");
            }
            acc = acc * 10 - d;
        }
        if (!neg && acc == Long.MIN_VALUE) {
            throw error(from, to, "timestamp " + quoteToken(from, to) + " is out of the int64 range");
        }
        long v = neg ? acc : -acc;
        try {
            return precision.toNanos(v);
        } catch (ArithmeticException e) {
            throw error(from, to, "timestamp " + quoteToken(from, to) + " in " + precision.name().toLowerCase()
                    + " is out of the int64 nanosecond range");
        }
    }

    /** Builds the exception for a problem at {@code pos}; recovery goes on after {@code scanned}. */
    LineProtocolException error(int pos, int scanned, String reason) {
        byte[] b = buf;
        long line = entryLine;
        int lastLf = -1;
        for (int i = entryStart; i < pos; i++) {
            if (b[i] == '\n') {
                line++;
                lastLf = i;
            }
        }
        int col = lastLf >= 0 ? pos - lastLf : entryCol0 + (pos - entryStart) + 1;
        resumePos = Math.max(pos, scanned);
        return new LineProtocolException(line, col, reason);
    }

    /** A token of the buffer, shown as a quoted string with non-printables escaped (truncated at 64). */
    private String quoteToken(int from, int to) {
        int end = Math.min(to, Math.min(limit, from + 64));
        StringBuilder sb = new StringBuilder(end - from + 8).append('"');
        for (int i = from; i < end; i++) {
            appendByte(sb, buf[i]);
        }
        if (end < to) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    static String quote(byte c) {
        StringBuilder sb = new StringBuilder(8).append('\'');
        appendByte(sb, c);
        return sb.append('\'').toString();
    }

    static String quoteJava(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                appendByte(sb, (byte) c);
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 64) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    private static void appendByte(StringBuilder sb, byte c) {
        int v = c & 0xff;
        switch (v) {
            case '\t' -> sb.append("\\t");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case 0x0b -> sb.append("\\v");
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (v < 0x20 || v >= 0x7f) {
                    sb.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
                } else {
                    sb.append((char) v);
                }
            }
        }
    }
}
