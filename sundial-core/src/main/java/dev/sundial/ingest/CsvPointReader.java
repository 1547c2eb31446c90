package dev.sundial.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Streams points from a CSV file with a header (RFC 4180: comma-separated cells, cells quoted with
 * {@code "} may hold commas, quotes doubled as {@code ""} and line feeds; records end at LF, a CR right
 * before it is dropped; blank lines are skipped; a UTF-8 byte-order mark is ignored).
 *
 * <p>Header cells are {@code name} or {@code name:type}, type one of {@code tag}, {@code double},
 * {@code bigint}, {@code boolean}, {@code varchar}, {@code timestamp} (see {@link CsvReadOptions} for
 * which column is the timestamp and which are tags). Each record gives one point of measurement
 * {@link CsvReadOptions#measurement()}: tags from tag columns (an empty cell: no tag), fields in
 * column order from the other columns, the timestamp from the timestamp column: an integer in the
 * option's precision, or ISO-8601 ({@code 2023-09-05T16:00:01.281719Z}, {@code 2014-02-14 14:30:00}
 * taken as UTC, with an offset, down to nanoseconds).
 *
 * <p>Cells: an empty unquoted cell is NULL (no field); a quoted empty cell {@code ""} is the empty
 * string. {@code double}: a decimal number, or {@code NaN}, {@code Inf}, {@code +Inf}, {@code -Inf},
 * {@code Infinity}, {@code -Infinity}; {@code bigint}: an int64; {@code boolean}: {@code t T true True
 * TRUE f F false False FALSE}. Un-annotated value columns are inferred cell by cell: a decimal number is
 * FLOAT, {@code true}/{@code false} in any case is BOOLEAN, anything else is STRING (a type that
 * changes between rows is for the engine to reject).
 *
 * <p>A bad record throws {@link CsvFormatException} with line, column and reason; the next call goes
 * on with the next record. A bad header is reported as line 1 and the reader then stays at end of
 * input. Not thread-safe.
 */
public final class CsvPointReader implements Closeable {
    private static final int INITIAL_BUFFER = 1 << 20;

    private final InputStream in;
    private final CsvReadOptions options;
    private final TokenStrings strings = new TokenStrings();

    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private long bytesRead;
    private boolean skipLine;
    private boolean done;
    private boolean bomChecked;
    private CsvHeader header;

    // Cells of the current record: content [start, end) in buf, or ~start into scratch when unescaped.
    private int cells;
    private int[] cellStart = new int[64];
    private int[] cellEnd = new int[64];
    private int[] cellPos = new int[64];   // position of the cell's first byte (its quote, if quoted)
    private boolean[] cellQuoted = new boolean[64];
    private boolean[] cellHigh = new boolean[64];
    private byte[] scratch = new byte[1024];
    private int scratchLen;
    private int recordStart;
    private long recordLine;
    private int lfInRecord;
    private int resumePos;

    public CsvPointReader(InputStream in, CsvReadOptions options) {
        this.in = Objects.requireNonNull(in, "in");
        this.options = Objects.requireNonNull(options, "options");
        this.buf = new byte[Math.min(INITIAL_BUFFER, options.maxRecordBytes())];
    }

    /** Column names of the header, once the first {@link #next} has read it (else null). */
    public List<String> columnNames() {
        return header == null ? null : List.of(header.names);
    }

    /** Column types after options and defaults are applied, once the header is read (else null). */
    public List<CsvColumnType> columnTypes() {
        return header == null ? null : List.of(header.types);
    }

    /** Bytes read from the underlying stream so far (for progress reporting). */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Reads the next record into {@code into}.
     *
     * @return false at end of input (or after a bad header)
     */
    public boolean next(ParsedPoint into) throws IOException, CsvFormatException {
        while (true) {
            try {
                if (done) {
                    return false;
                }
                if (skipLine) {
                    skipToNextLine();
                    skipLine = false;
                }
                int start = skipBlankLines();
                if (start < 0) {
                    if (header == null) {
                        done = true;
                        throw new CsvFormatException(1, 1, "no header line");
                    }
                    return false;
                }
                int end;
                try {
                    end = parseRecord(start);
                } catch (CsvFormatException e) {
                    if (header == null) {
                        done = true;
                        throw e;
                    }
                    countLines(pos, resumePos);
                    pos = resumePos;
                    skipLine = true;
                    throw e;
                }
                pos = end;
                line += lfInRecord;
                if (header == null) {
                    readHeader();
                    continue;
                }
                convert(into);
                return true;
            } catch (NeedMoreInput more) {
                fill();
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean has(int p) {
        if (p < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        throw NeedMoreInput.INSTANCE;
    }

    /** Skips empty lines (and a byte-order mark at the very start); returns the record start or -1. */
    private int skipBlankLines() {
        while (true) {
            if (!has(pos)) {
                return -1;
            }
            if (!bomChecked) {
                if (buf[pos] == (byte) 0xEF && has(pos + 2) && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
                    pos += 3;
                }
                bomChecked = true;
                continue;
            }
            byte c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r' && has(pos + 1) && buf[pos + 1] == '\n') {
                pos += 2;
                line++;
            } else {
                return pos;
            }
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < Math.min(to, limit); i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
    }

    /** Splits the record at {@code start} into cells; returns the position after its terminator. */
    private int parseRecord(int start) throws CsvFormatException {
        byte[] b = buf;
        recordStart = start;
        recordLine = line;
        lfInRecord = 0;
        scratchLen = 0;
        cells = 0;
        int p = start;
        while (true) {
            int n = cells;
            if (n == cellStart.length) {
                growCells();
            }
            cellPos[n] = p;
            int bits = 0;
            if (has(p) && b[p] == '"') {
                int q = p + 1;
                boolean escaped = false;
                while (true) {
                    if (!has(q)) {
                        throw error(p, q, "quoted cell is not closed before end of input");
                    }
                    byte c = b[q];
                    if (c == '"') {
                        if (has(q + 1) && b[q + 1] == '"') {
                            escaped = true;
                            q += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        lfInRecord++;
                    }
                    bits |= c;
                    q++;
                }
                if (escaped) {
                    cellStart[n] = unquote(p + 1, q);
                    cellEnd[n] = scratchLen;
                } else {
                    cellStart[n] = p + 1;
                    cellEnd[n] = q;
                }
                cellQuoted[n] = true;
                p = q + 1;
            } else {
                int q = p;
                while (has(q) && b[q] != ',' && b[q] != '\n') {
                    bits |= b[q];
                    q++;
                }
                int e = q;
                if (e > p && b[e - 1] == '\r' && (q >= limit || b[q] == '\n')) {
                    e--; // CR of a CR LF terminator (or at end of input)
                }
                cellStart[n] = p;
                cellEnd[n] = e;
                cellQuoted[n] = false;
                p = q;
            }
            cellHigh[n] = bits < 0;
            cells = n + 1;
            if (!has(p)) {
                return p;
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            if (c == '\n') {
                lfInRecord++;
                return p + 1;
            }
            if (c == '\r') {
                if (!has(p + 1)) {
                    return p + 1;
                }
                if (b[p + 1] == '\n') {
                    lfInRecord++;
                    return p + 2;
                }
            }
            throw error(p, p, "unexpected character " + QuotedText.of(c) + " after a quoted cell");
        }
    }

    private void growCells() {
        int cap = cellStart.length * 2;
        cellStart = Arrays.copyOf(cellStart, cap);
        cellEnd = Arrays.copyOf(cellEnd, cap);
        cellPos = Arrays.copyOf(cellPos, cap);
        cellQuoted = Arrays.copyOf(cellQuoted, cap);
        cellHigh = Arrays.copyOf(cellHigh, cap);
    }

    /** Copies the quoted content {@code buf[from, to)} to scratch with {@code ""} as {@code "}; returns ~start. */
    private int unquote(int from, int to) {
        if (scratchLen + (to - from) > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratchLen + (to - from), scratch.length * 2));
        }
        int start = scratchLen;
        int o = start;
        for (int i = from; i < to; i++) {
            byte c = buf[i];
            scratch[o++] = c;
            if (c == '"') {
                i++; // skip the second quote of the pair
            }
        }
        scratchLen = o;
        return ~start;
    }

    private byte[] arr(int n) {
        return cellStart[n] < 0 ? scratch : buf;
    }

    private int from(int n) {
        return cellStart[n] < 0 ? ~cellStart[n] : cellStart[n];
    }

    private int len(int n) {
        return cellEnd[n] - from(n);
    }

    private CsvFormatException error(int at, int scanned, String reason) {
        resumePos = Math.max(at, scanned);
        return cellError(at, reason);
    }

    /** An error at buffer position {@code at} of the current record (line and column computed from it). */
    private CsvFormatException cellError(int at, String reason) {
        long l = recordLine;
        int lineStart = recordStart;
        for (int i = recordStart; i < at && i < limit; i++) {
            if (buf[i] == '\n') {
                l++;
                lineStart = i + 1;
            }
        }
        return new CsvFormatException(l, at - lineStart + 1, reason);
    }

    private String cellString(int n, String what) throws CsvFormatException {
        byte[] a = arr(n);
        int f = from(n);
        int l = len(n);
        if (cellHigh[n] && Utf8Validation.firstInvalid(a, f, f + l) >= 0) {
            throw cellError(cellPos[n], "invalid UTF-8 in " + what);
        }
        return strings.get(a, f, l, !cellHigh[n]);
    }

    private void readHeader() throws CsvFormatException {
        List<String> names = new ArrayList<>(cells);
        int[] cols = new int[cells];
        try {
            for (int i = 0; i < cells; i++) {
                cols[i] = cellPos[i] - recordStart + 1;
                names.add(cellString(i, "header"));
            }
            header = CsvHeader.of(names, cols, options);
        } catch (CsvFormatException e) {
            done = true;
            throw e;
        }
    }

    private void convert(ParsedPoint out) throws CsvFormatException {
        CsvHeader h = header;
        int n = h.names.length;
        if (cells != n) {
            throw new CsvFormatException(recordLine, 1, "expected " + n + " cells as in the header but found " + cells);
        }
        out.reset(recordLine);
        out.setMeasurement(options.measurement());
        int tagCount = 0;
        for (int t : h.tagOrder) {
            if (len(t) > 0 || cellQuoted[t]) {
                tagCount++;
            }
        }
        out.setTagCount(tagCount);
        int ti = 0;
        for (int t : h.tagOrder) {
            if (len(t) > 0 || cellQuoted[t]) {
                if (len(t) == 0) {
                    throw cellError(cellPos[t], "empty tag value in column \"" + h.names[t] + "\" (leave the cell unquoted for no tag)");
                }
                out.setTag(ti++, h.names[t], cellString(t, "tag value of column \"" + h.names[t] + "\""));
            }
        }
        for (int i = 0; i < n; i++) {
            CsvColumnType type = h.types[i];
            if (type == CsvColumnType.TAG) {
                continue;
            }
            boolean empty = len(i) == 0;
            if (type == CsvColumnType.TIMESTAMP) {
                if (empty) {
                    throw cellError(cellPos[i], "missing timestamp in column \"" + h.names[i] + "\"");
                }
                textTimestamp = false;
                out.setTimestamp(timestamp(i));
                if (textTimestamp) {
                    out.markTimestampText();
                }
                continue;
            }
            if (empty && !(cellQuoted[i] && (type == CsvColumnType.VARCHAR || type == CsvColumnType.INFERRED))) {
                continue; // NULL
            }
            String key = h.names[i];
            byte[] a = arr(i);
            int f = from(i);
            int e = f + len(i);
            switch (type) {
                case DOUBLE -> out.addDouble(key, parseDouble(i, a, f, e, true));
                case BIGINT -> out.addLong(key, FieldType.INTEGER, parseBigint(i, a, f, e));
                case BOOLEAN -> {
                    int v = empty ? -1 : LineProtocolParser.parseBoolean(a, f, e);
                    if (v < 0) {
                        throw cellError(cellPos[i], "cannot parse cell of column \"" + key + "\" as boolean");
                    }
                    out.addBoolean(key, v == 1);
                }
                case VARCHAR -> out.addString(key, cellString(i, "column \"" + key + "\""));
                default -> inferred(out, i, key, a, f, e);
            }
        }
    }

    private void inferred(ParsedPoint out, int i, String key, byte[] a, int f, int e) throws CsvFormatException {
        if (e > f && !cellHigh[i]) {
            byte c = a[f];
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
                double v = DecimalDoubleParser.parse(a, f, e, true);
                if (!Double.isNaN(v)) {
                    if (Double.isInfinite(v)) {
                        throw cellError(cellPos[i], "number in column \"" + key + "\" is out of the double range");
                    }
                    out.addDouble(key, v);
                    return;
                }
            } else if (equalsIgnoreCase(a, f, e, "true")) {
                out.addBoolean(key, true);
                return;
            } else if (equalsIgnoreCase(a, f, e, "false")) {
                out.addBoolean(key, false);
                return;
            }
        }
        out.addString(key, cellString(i, "column \"" + key + "\""));
    }

    /** ASCII case-insensitive comparison of {@code a[f, e)} with the lower-case word {@code w}. */
    private static boolean equalsIgnoreCase(byte[] a, int f, int e, String w) {
        if (e - f != w.length()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if ((a[f + i] | 0x20) != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private double parseDouble(int i, byte[] a, int f, int e, boolean annotated) throws CsvFormatException {
        double v = DecimalDoubleParser.parse(a, f, e, true);
        if (Double.isNaN(v) && annotated) {
            String s = new String(a, f, Math.min(e - f, 16), java.nio.charset.StandardCharsets.ISO_8859_1);
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Inf", "+Inf", "Infinity", "+Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf", "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> { }
            }
        }
        if (Double.isNaN(v)) {
            throw cellError(cellPos[i], "cannot parse cell of column \"" + header.names[i] + "\" as double");
        }
        if (Double.isInfinite(v)) {
            throw cellError(cellPos[i], "number in column \"" + header.names[i] + "\" is out of the double range"
                    + " (write Inf or -Inf for an infinity)");
        }
        return v;
    }

    private final Int64Parser int64 = new Int64Parser();

    private long parseBigint(int i, byte[] a, int f, int e) throws CsvFormatException {
        int st = int64.parse(a, f, e, true, true);
        if (st == Int64Parser.SYNTAX) {
            throw cellError(cellPos[i], "cannot parse cell of column \"" + header.names[i] + "\" as bigint");
        }
        if (st == Int64Parser.OUT_OF_RANGE) {
            throw cellError(cellPos[i], "integer in column \"" + header.names[i] + "\" is out of the int64 range");
        }
        return int64.value;
    }

    /** Set by {@link #timestamp} when the cell was date-time text, not an epoch number. */
    private boolean textTimestamp;

    private long timestamp(int i) throws CsvFormatException {
        byte[] a = arr(i);
        int f = from(i);
        int e = f + len(i);
        int st = int64.parse(a, f, e, true, true);
        if (st == Int64Parser.OK) {
            try {
                return options.precision().toNanos(int64.value);
            } catch (ArithmeticException x) {
                throw cellError(cellPos[i], "timestamp in column \"" + header.names[i] + "\" is out of the int64 nanosecond"
                        + " range in " + options.precision().name().toLowerCase());
            }
        }
        if (st == Int64Parser.OUT_OF_RANGE) {
            throw cellError(cellPos[i], "timestamp in column \"" + header.names[i] + "\" is out of the int64 range");
        }
        long t = IsoTimestampParser.parse(a, f, e);
        if (t == IsoTimestampParser.INVALID) {
            throw cellError(cellPos[i], "cannot parse timestamp in column \"" + header.names[i]
                    + "\": expected an integer or ISO-8601 such as 2023-09-05T16:00:01.281719Z");
        }
        textTimestamp = true;
        return t;
    }

    private void skipToNextLine() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    line++;
                    return;
                }
            }
            pos = 0;
            limit = 0;
            if (eof) {
                return;
            }
            read();
        }
    }

    private void fill() throws IOException, CsvFormatException {
        int keep = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
            pos = 0;
            limit = keep;
        }
        if (limit == buf.length) {
            if (buf.length >= options.maxRecordBytes()) {
                long at = line;
                countLines(0, limit);
                pos = 0;
                limit = 0;
                skipLine = true;
                if (header == null) {
                    done = true;
                }
                throw new CsvFormatException(at, 1, "record is longer than the limit of " + options.maxRecordBytes() + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(options.maxRecordBytes(), buf.length * 2L));
        }
        read();
    }

    private void read() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
            bytesRead += n;
        }
    }
}
