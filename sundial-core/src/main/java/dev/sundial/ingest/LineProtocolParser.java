package dev.sundial.ingest;

import java.util.Arrays;

/**
 * Decodes one line-protocol entry from a window of bytes into a {@link ParsedPoint}. The grammar is the
 * one InfluxData's reference decoder implements (see {@code docs/formats-input.md}); the
 * conformance corpus in {@code testdata/conformance/line-protocol} pins it down.
 *
 * <p>The owner ({@link LineProtocolReader}) sets {@link #buf}, {@link #limit} and {@link #eof}. Every
 * read past {@code limit} when not at end of input throws {@link NeedMoreInput}; the owner then reads
 * more and calls {@link #parse} again from the same start, so parsing is a pure function of the bytes.
 * Per entry nothing is allocated except Strings for tokens not in the {@link TokenStrings} cache.
 * Not thread-safe.
 */
final class LineProtocolParser extends LineProtocolScanner {
    /** Tags per entry are bounded by the entry size; the arrays grow as needed. */
    private static final int INITIAL_TAGS = 32;

    private final Precision precision;
    private final SeriesCache seriesCache = new SeriesCache();

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

    LineProtocolParser(Precision precision) {
        this.precision = precision;
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
                    throw error(p, p, "invalid character " + QuotedText.of(b[p]) + " at start of field key");
                }
                key = string(p, q, "field key", K_ESC);
                if (series != null && has(q) && b[q] == '=') {
                    SeriesCache.rememberFieldKey(series, fi, b, p, q, key);
                }
            }
            if (!has(q)) {
                throw error(q, q, "expected '=' after field key " + QuotedText.of(key) + " but found end of input");
            }
            if (b[q] != '=') {
                throw error(q, q, "expected '=' after field key " + QuotedText.of(key) + " but found " + QuotedText.of(b[q]));
            }
            p = q + 1;
            if (!has(p)) {
                throw error(p, p, "expected value for field " + QuotedText.of(key) + " but found end of input");
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
                throw error(p, p, "unexpected character " + QuotedText.of(c) + " after value of field " + QuotedText.of(key));
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
            throw error(p, p, "invalid character " + QuotedText.of(b[p]) + " at start of measurement name");
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
                throw error(p, p, "expected tag key or field but found " + QuotedText.of(b[p]));
            }
            if (!has(q)) {
                throw error(p, q, "expected '=' after tag key " + quoteToken(p, q) + " but found end of input");
            }
            if (b[q] != '=') {
                throw error(p, q, "expected '=' after tag key " + quoteToken(p, q) + " but found " + QuotedText.of(b[q]));
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
                throw error(tkPos[dup], tkPos[dup] + tkLen[dup], "duplicate tag key " + QuotedText.of(k));
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
        // Skip 8 bytes at a time while none is below '-' (0x2D): the terminators , space CR LF all
        // are. The lowest flagged byte is exact; the byte loop below decides whether it ends the value.
        for (int last = limit - 8; q <= last; q += 8) {
            long w = (long) LONG_LE.get(b, q);
            long below = (w - 0x2D2D2D2D2D2D2D2DL) & ~w & 0x8080808080808080L;
            if (below != 0) {
                q += Long.numberOfTrailingZeros(below) >>> 3;
                break;
            }
        }
        while (has(q) && (CLS[b[q] & 0xff] & F_STOP) == 0) {
            q++;
        }
        if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
            int v = parseBoolean(b, p, q);
            if (v < 0) {
                throw error(p, q, "cannot parse value of field " + QuotedText.of(key) + ": invalid boolean " + quoteToken(p, q));
            }
            out.addBoolean(key, v == 1);
            return q;
        }
        if (c == '-' || c == '.' || (c >= '0' && c <= '9')) {
            byte last = b[q - 1];
            if (last == 'i') {
                int st = int64.parse(b, p, q - 1, true, false);
                if (st != Int64Parser.OK) {
                    throw error(p, q, "cannot parse value of field " + QuotedText.of(key) + ": " + (st == Int64Parser.SYNTAX
                            ? "invalid integer " + quoteToken(p, q) : "integer " + quoteToken(p, q) + " is out of the int64 range"));
                }
                out.addLong(key, FieldType.INTEGER, int64.value);
            } else if (last == 'u') {
                int st = int64.parse(b, p, q - 1, false, false);
                if (st != Int64Parser.OK) {
                    throw error(p, q, "cannot parse value of field " + QuotedText.of(key) + ": " + (st == Int64Parser.SYNTAX
                            ? "invalid unsigned integer " + quoteToken(p, q) : "unsigned integer " + quoteToken(p, q)
                            + " is above 2^63-1 (Sundial stores u as BIGINT)"));
                }
                out.addLong(key, FieldType.UNSIGNED, int64.value);
            } else {
                double v = DecimalDoubleParser.parse(b, p, q, false);
                if (Double.isNaN(v)) {
                    throw error(p, q, "cannot parse value of field " + QuotedText.of(key) + ": invalid float " + quoteToken(p, q));
                }
                if (Double.isInfinite(v)) {
                    throw error(p, q, "cannot parse value of field " + QuotedText.of(key) + ": float " + quoteToken(p, q)
                            + " is out of the double range");
                }
                out.addDouble(key, v);
            }
            return q;
        }
        if (c == ' ' || c == ',') {
            throw error(p, p, "missing value for field " + QuotedText.of(key));
        }
        throw error(p, q, "value of field " + QuotedText.of(key) + " " + quoteToken(p, q) + " has an unrecognized type");
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
                throw error(p, q, "expected closing quote for string field " + QuotedText.of(key) + " but found end of input");
            }
            byte c = b[q];
            if (c == '"') {
                break;
            }
            if (c == '\n') {
                lfInStrings++;
            } else if (c == '\\') {
                if (!has(q + 1)) {
                    throw error(p, q + 1, "expected closing quote for string field " + QuotedText.of(key)
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
                checkUtf8(b, from, q, from, q + 1, "string value of field " + QuotedText.of(key));
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
                checkUtf8(s, start, o, from, q + 1, "string value of field " + QuotedText.of(key));
            }
            v = strings.get(s, start, o - start, bits >= 0);
        }
        out.addString(key, v);
        return q + 1;
    }

    private final Int64Parser int64 = new Int64Parser();

    private long parseTimestamp(int from, int to) throws LineProtocolException {
        int st = int64.parse(buf, from, to, true, false);
        if (st == Int64Parser.SYNTAX) {
            throw error(from, to, "invalid timestamp " + quoteToken(from, to));
        }
        if (st == Int64Parser.OUT_OF_RANGE) {
            throw error(from, to, "timestamp " + quoteToken(from, to) + " is out of the int64 range");
        }
        try {
            return precision.toNanos(int64.value);
        } catch (ArithmeticException e) {
            throw error(from, to, "timestamp " + quoteToken(from, to) + " in " + precision.name().toLowerCase()
                    + " is out of the int64 nanosecond range");
        }
    }
}
