package dev.sundial.server.pgwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the bytes of a COPY FROM STDIN into rows and fields, in CSV or PostgreSQL's text format
 * ({@link CopyFormat}), across CopyData messages that cut rows anywhere (pgjdbc sends its buffer,
 * psql a line at a time). A CSV row may hold newlines inside quotes. A line {@code \.} alone ends
 * the data, as in PostgreSQL. Rows are counted from 1 (the header, when there is one, is row 1),
 * as PostgreSQL counts the lines it names in its errors.
 *
 * <p>Memory: it holds the bytes of the row being read, not the whole input. Not thread-safe.
 */
final class CopyRowParser {
    private final CopyFormat format;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int len;
    /** Where the search for the end of the current row resumes, and whether it is inside quotes there. */
    private int scan;
    private boolean inQuotes;
    private boolean ended;
    private long line;
    private String rawLine;
    private int rowFrom;
    private int rowTo;
    /**
     * The field being unescaped. Not a ByteArrayOutputStream: its write is synchronized, and the
     * per-byte calls were 16 % of the server's samples during COPY FROM (JFR).
     */
    private final FieldBytes field = new FieldBytes();

    private final byte[] nullBytes;

    CopyRowParser(CopyFormat format) {
        this.format = format;
        this.nullBytes = format.nullText().getBytes(StandardCharsets.UTF_8);
    }

    /** The number of the row {@link #next} returned last (1-based). */
    long line() {
        return line;
    }

    /** The text of the row {@link #next} returned last (its first 200 bytes), for error messages; valid until the next {@link #feed}. */
    String rawLine() {
        return rawLine != null ? rawLine : new String(buf, rowFrom, Math.min(rowTo - rowFrom, 200), StandardCharsets.UTF_8);
    }

    void feed(byte[] b) {
        if (ended) {
            return; // after \. PostgreSQL ignores the rest
        }
        if (start > 0 && len + b.length > buf.length) {
            System.arraycopy(buf, start, buf, 0, len - start);
            len -= start;
            scan -= start;
            start = 0;
        }
        if (len + b.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /**
     * The next complete row's fields into {@code out} (null for NULL); false when no complete row
     * is buffered. With {@code last}, the input has ended: a final row without its newline counts.
     *
     * @throws PgError 22P04 for a CSV quote left open at the end of the data
     */
    boolean next(List<String> out, boolean last) {
        if (ended) {
            return false;
        }
        int end = findEnd();
        int next;
        if (end >= 0) {
            next = end + 1;
        } else if (last && start < len) {
            if (inQuotes) {
                line++;
                rawLine = new String(buf, start, Math.min(len - start, 200), StandardCharsets.UTF_8);
                throw PgError.error(SqlState.BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field");
            }
            end = len;
            next = len;
        } else {
            return false;
        }
        int to = end;
        if (to > start && buf[to - 1] == '\r') {
            to--;
        }
        int from = start;
        start = next;
        scan = next;
        inQuotes = false;
        if (to - from == 2 && buf[from] == '\\' && buf[from + 1] == '.') {
            ended = true;
            return false;
        }
        line++;
        rawLine = null;
        rowFrom = from; // the row's text is made only when an error needs it
        rowTo = to;
        out.clear();
        if (format.csv()) {
            csvFields(from, to, out);
        } else {
            textFields(from, to, out);
        }
        return true;
    }

    /** The index of the newline ending the current row, or -1 when it is not buffered yet. */
    private int findEnd() {
        byte q = (byte) format.quote();
        byte e = (byte) format.escape();
        for (int i = scan; i < len; i++) {
            byte c = buf[i];
            if (format.csv()) {
                if (inQuotes) {
                    if (c == e && e != q && i + 1 < len && (buf[i + 1] == q || buf[i + 1] == e)) {
                        i++;
                    } else if (c == e && e != q && i + 1 == len) {
                        scan = i; // the escaped byte has not come yet
                        return -1;
                    } else if (c == q) {
                        inQuotes = false; // a doubled quote closes and reopens: same effect
                    }
                    continue;
                }
                if (c == q) {
                    inQuotes = true;
                    continue;
                }
            }
            if (c == '\n') {
                return i;
            }
        }
        scan = len;
        return -1;
    }

    private void csvFields(int from, int to, List<String> out) {
        byte d = (byte) format.delimiter();
        byte q = (byte) format.quote();
        byte e = (byte) format.escape();
        int i = from;
        while (true) {
            field.reset();
            boolean quoted = false;
            while (i < to && buf[i] != d) {
                byte c = buf[i];
                if (c == q) {
                    quoted = true;
                    i++;
                    while (i < to) {
                        c = buf[i];
                        if (c == e && i + 1 < to && (buf[i + 1] == q || buf[i + 1] == e) && (e != q || buf[i + 1] == q)) {
                            field.write(buf[i + 1]);
                            i += 2;
                        } else if (c == q) {
                            i++;
                            break;
                        } else {
                            field.write(c);
                            i++;
                        }
                    }
                } else {
                    field.write(c);
                    i++;
                }
            }
            String v = field.text();
            out.add(!quoted && v.equals(format.nullText()) ? null : v);
            if (i >= to) {
                break;
            }
            i++; // past the delimiter; one at the very end is followed by an empty field
        }
    }

    private void textFields(int from, int to, List<String> out) {
        byte d = (byte) format.delimiter();
        int i = from;
        while (true) {
            int fieldStart = i;
            field.reset();
            while (i < to && buf[i] != d) {
                byte c = buf[i++];
                if (c != '\\' || i >= to) {
                    field.write(c);
                    continue;
                }
                byte n = buf[i++];
                switch (n) {
                    case 'b' -> field.write('\b');
                    case 'f' -> field.write('\f');
                    case 'n' -> field.write('\n');
                    case 'r' -> field.write('\r');
                    case 't' -> field.write('\t');
                    case 'v' -> field.write(0x0b);
                    case 'x' -> {
                        int v = 0;
                        int k = 0;
                        while (k < 2 && i < to && Character.digit(buf[i], 16) >= 0) {
                            v = v * 16 + Character.digit(buf[i++], 16);
                            k++;
                        }
                        field.write(k == 0 ? 'x' : v);
                    }
                    default -> {
                        if (n >= '0' && n <= '7') {
                            int v = n - '0';
                            for (int k = 0; k < 2 && i < to && buf[i] >= '0' && buf[i] <= '7'; k++) {
                                v = v * 8 + (buf[i++] - '0');
                            }
                            field.write(v & 0xff);
                        } else {
                            field.write(n); // \\, \<delimiter> and any other character stand for themselves
                        }
                    }
                }
            }
            // NULL is matched on the field as written, before its escapes are read, as PostgreSQL does
            boolean isNull = i - fieldStart == nullBytes.length && Arrays.equals(buf, fieldStart, i, nullBytes, 0, nullBytes.length);
            out.add(isNull ? null : field.text());
            if (i >= to) {
                break;
            }
            i++;
        }
    }

    /** A growable byte buffer for one field; not thread-safe. */
    private static final class FieldBytes {
        private byte[] bytes = new byte[64];
        private int length;

        void reset() {
            length = 0;
        }

        void write(int b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        String text() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
