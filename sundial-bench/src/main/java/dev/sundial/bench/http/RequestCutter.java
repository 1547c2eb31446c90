package dev.sundial.bench.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link OutputStream} that cuts line protocol into request bodies of {@code linesPerRequest}
 * lines each, counting as the bytes pass the lines and points (fields) of every body: a devops line
 * {@code cpu,hostname=…,… usage_user=…,…,usage_guest_nice=… 1451606400000000000} is one line and
 * ten points, so the 100-host × 1-day file is 864,000 lines and 8.64 M points.
 *
 * <p>The count follows the grammar only as far as the count needs it: the fields are the section
 * after the first unescaped space, split at unescaped commas outside double-quoted strings. Blank
 * lines and lines whose first non-blank byte is {@code #} travel with the body but count neither as
 * lines nor as points. A line feed inside a string field value does not end its line (as in core's
 * {@code LineProtocolReader}). A body is cut only at a line feed that ends a line, so no line is split.
 * Bytes are copied once into a growing buffer and each finished body into an array of its own size.
 * Not thread-safe.
 */
final class RequestCutter extends OutputStream {
    private static final int START = 0; // at a line's start, before any byte but blanks
    private static final int COMMENT = 1;
    private static final int KEY = 2; // measurement and tags
    private static final int FIELDS = 3;
    private static final int STRING = 4; // inside a double-quoted field value
    private static final int TAIL = 5; // the timestamp, up to the line feed

    private final int linesPerRequest;
    private final List<RequestBodies.Body> bodies = new ArrayList<>();
    private byte[] buf = new byte[1 << 22];
    private int n;
    private int state = START;
    private boolean escaped;
    private int fields;
    private long lines;
    private long points;
    private long lineFeeds;
    private boolean finished;

    RequestCutter(int linesPerRequest) {
        if (linesPerRequest < 1) {
            throw new IllegalArgumentException("cannot cut requests [linesPerRequest=" + linesPerRequest + "]: must be at least 1");
        }
        this.linesPerRequest = linesPerRequest;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (finished) {
            throw new IllegalStateException("BUG: write after finish");
        }
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = c;
            step(c);
        }
    }

    private void step(byte c) {
        if (c == '\n') {
            lineFeeds++;
            if (state != STRING) { // outside a string field value a line feed always ends the line
                escaped = false;
                if (state == START || state == COMMENT) {
                    state = START;
                } else {
                    endLine();
                }
                return;
            }
        }
        if (escaped) {
            escaped = false;
            return;
        }
        switch (state) {
            case START -> {
                if (c == '#') {
                    state = COMMENT;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    state = KEY;
                    escaped = c == '\\';
                }
            }
            case COMMENT, TAIL -> { }
            case KEY -> {
                if (c == '\\') {
                    escaped = true;
                } else if (c == ' ') {
                    state = FIELDS;
                    fields = 1;
                }
            }
            case FIELDS -> {
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    state = STRING;
                } else if (c == ',') {
                    fields++;
                } else if (c == ' ') {
                    state = TAIL;
                }
            }
            case STRING -> {
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    state = FIELDS;
                }
            }
            default -> throw new IllegalStateException("BUG: cutter state " + state);
        }
    }

    private void endLine() {
        lines++;
        points += fields;
        fields = 0;
        state = START;
        if (lines == linesPerRequest) {
            cut();
        }
    }

    private void cut() {
        bodies.add(new RequestBodies.Body(Arrays.copyOf(buf, n), n, lines, points, lineFeeds));
        n = 0;
        lines = 0;
        points = 0;
        lineFeeds = 0;
    }

    /** Ends the input: a last line without a line feed counts; a rest without any line is dropped. */
    List<RequestBodies.Body> finish() {
        if (!finished) {
            finished = true;
            if (state == KEY || state == FIELDS || state == STRING || state == TAIL) {
                lines++;
                points += fields;
            }
            if (lines > 0) {
                cut();
            }
            buf = null;
        }
        return bodies;
    }

    @Override
    public void flush() throws IOException {
        // nothing buffered beyond the body in progress, which waits for its last line
    }
}
