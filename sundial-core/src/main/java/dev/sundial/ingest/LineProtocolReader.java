package dev.sundial.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams InfluxDB line-protocol entries from an {@link InputStream} into a {@link ParsedPoint}, with
 * the rules of {@code docs/formats-input.md}: InfluxData's grammar as its conformance corpus pins it
 * down, with Sundial's differences ({@code u} above 2^63−1 is an error; a line without timestamp
 * leaves {@link ParsedPoint#hasTimestamp()} false and the caller supplies the time).
 *
 * <p>Reads the stream in large blocks into one buffer (1 MiB, grown for longer entries up to
 * {@code maxEntryBytes}, default {@value #DEFAULT_MAX_ENTRY_BYTES} bytes) and decodes entries in
 * place; repeated tokens come from a bounded cache, so a typical line allocates nothing.
 *
 * <p>Lines end at LF; a CR right before an LF (or at end of input) belongs to the terminator; any
 * other CR is data where data may hold it (tag values, string fields) and an error elsewhere. Blank
 * lines and lines whose first non-space byte is {@code #} are skipped.
 *
 * <p>After a {@link LineProtocolException} the reader is positioned at the line after the bad one
 * (skip-bad mode). Not thread-safe.
 */
public final class LineProtocolReader implements Closeable {
    /**
     * Largest entry (one line, or several when string fields hold line feeds) accepted by default:
     * 4 MiB, the same as CSV's {@link CsvReadOptions#DEFAULT_MAX_RECORD_BYTES}. A longer entry is
     * reported and skipped after buffering only this much, so one huge line cannot exhaust the heap
     * (a 50 MB line under {@code -Xmx256m} did, with 64 MiB); real lines are far shorter (InfluxDB
     * caps a string field at 64 KiB, VictoriaMetrics a whole line at 256 KiB by default).
     */
    public static final int DEFAULT_MAX_ENTRY_BYTES = 4 << 20;
    private static final int INITIAL_BUFFER = 1 << 20;

    private final InputStream in;
    private final LineProtocolParser parser;
    private final int maxEntryBytes;

    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private long bytesRead;
    /** After an error: skip to the next LF before the next entry. */
    private boolean skipLine;

    /** A reader of {@code in} whose integer timestamps are in {@code precision}. */
    public LineProtocolReader(InputStream in, Precision precision) {
        this(in, precision, DEFAULT_MAX_ENTRY_BYTES);
    }

    /**
     * @param maxEntryBytes longest entry accepted (at least 16); a longer one is reported as an error and
     *                      skipped, which bounds the memory a hostile input can make the reader use
     */
    public LineProtocolReader(InputStream in, Precision precision, int maxEntryBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.parser = new LineProtocolParser(Objects.requireNonNull(precision, "precision"));
        if (maxEntryBytes < 16) {
            throw new IllegalArgumentException("cannot create line-protocol reader: maxEntryBytes=" + maxEntryBytes + " < 16");
        }
        this.maxEntryBytes = maxEntryBytes;
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxEntryBytes)];
    }

    /**
     * Decodes the next entry into {@code into}.
     *
     * @return false at end of input
     * @throws LineProtocolException for a bad entry; the next call goes on with the following line
     * @throws IOException           when reading the stream fails
     */
    public boolean next(ParsedPoint into) throws IOException, LineProtocolException {
        while (true) {
            try {
                if (skipLine) {
                    skipToNextLine();
                    skipLine = false;
                }
                int start = skipBlankLines();
                if (start < 0) {
                    return false;
                }
                publish();
                int end = parser.parse(start, line, start - pos, into);
                line += parser.linesConsumed;
                pos = end;
                return true;
            } catch (NeedMoreInput more) {
                fill();
            } catch (LineProtocolException e) {
                recoverAfter(parser.resumePos);
                throw e;
            }
        }
    }

    /** Bytes read from the underlying stream so far (for progress reporting). */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void publish() {
        parser.buf = buf;
        parser.limit = limit;
        parser.eof = eof;
    }

    /**
     * Skips blank lines, space-only lines and comment lines, committing each. Returns the position of
     * the first byte of the next entry (after leading spaces; {@link #pos} stays at its line start), or
     * -1 at end of input.
     */
    private int skipBlankLines() throws LineProtocolException {
        byte[] b = buf;
        while (true) {
            int p = pos;
            while (true) {
                if (p >= limit) {
                    if (eof) {
                        pos = p;
                        return -1;
                    }
                    throw NeedMoreInput.INSTANCE;
                }
                if (b[p] != ' ') {
                    break;
                }
                p++;
            }
            byte c = b[p];
            if (c == '\n') {
                pos = p + 1;
                line++;
                continue;
            }
            if (c == '\r') {
                if (p + 1 >= limit) {
                    if (eof) {
                        pos = p + 1;
                        return -1;
                    }
                    throw NeedMoreInput.INSTANCE;
                }
                if (b[p + 1] == '\n') {
                    pos = p + 2;
                    line++;
                    continue;
                }
                return p; // a lone CR: the parser reports it as a bad measurement start
            }
            if (c != '#') {
                return p;
            }
            // Comment: printable bytes (and UTF-8) up to the line terminator.
            int q = p + 1;
            boolean high = false;
            while (true) {
                if (q >= limit) {
                    if (eof) {
                        break;
                    }
                    throw NeedMoreInput.INSTANCE;
                }
                int x = b[q];
                if (x < 0) {
                    high = true;
                } else if (x < 0x20 || x == 0x7f) {
                    break;
                }
                q++;
            }
            if (high) {
                int bad = Utf8Validation.firstInvalid(b, p, q);
                if (bad >= 0) {
                    throw commentError(bad, q, "invalid UTF-8 in comment line");
                }
            }
            if (q >= limit) {
                pos = q;
                return -1;
            }
            if (b[q] == '\n') {
                pos = q + 1;
                line++;
                continue;
            }
            if (b[q] == '\r') {
                if (q + 1 >= limit) {
                    if (eof) {
                        pos = q + 1;
                        return -1;
                    }
                    throw NeedMoreInput.INSTANCE;
                }
                if (b[q + 1] == '\n') {
                    pos = q + 2;
                    line++;
                    continue;
                }
            }
            throw commentError(q, q, "invalid character " + QuotedText.of(b[q]) + " in comment line");
        }
    }

    private LineProtocolException commentError(int at, int scanned, String reason) {
        parser.resumePos = scanned;
        return new LineProtocolException(line, at - pos + 1, reason);
    }

    /** After an error: counts the LFs up to {@code resume} and arranges to skip the rest of that line. */
    private void recoverAfter(int resume) {
        int r = Math.min(resume, limit);
        for (int i = pos; i < r; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
        pos = r;
        skipLine = true;
    }

    /** Discards bytes up to and including the next LF, reading as needed. */
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

    /**
     * Keeps the unconsumed bytes, then reads more: compacts to the buffer start, grows the buffer when
     * it is full of one entry, reports an entry longer than the limit.
     */
    private void fill() throws IOException, LineProtocolException {
        int keep = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
            pos = 0;
            limit = keep;
        }
        if (limit == buf.length) {
            if (buf.length >= maxEntryBytes) {
                // The entry does not fit: report it, drop what is buffered, skip to its next line.
                long at = line;
                int lf = 0;
                for (int i = 0; i < limit; i++) {
                    if (buf[i] == '\n') {
                        lf++;
                    }
                }
                line += lf;
                pos = 0;
                limit = 0;
                skipLine = true;
                throw new LineProtocolException(at, 1, "line is longer than the limit of " + maxEntryBytes + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(maxEntryBytes, buf.length * 2L));
        }
        read();
    }

    /** Reads once into the free end of the buffer (which has room). */
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
