package dev.sundial.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/**
 * Holds the first bytes of a response back until there are {@code threshold} of them (or the
 * response ends), so an error found while they pile up can still become a proper 4xx answer
 * ({@link #discard()}) instead of a cut-off 200. Past the threshold it writes through and the
 * response is committed. Not thread-safe.
 */
public final class DeferredCommitStream extends OutputStream {
    private final OutputStream out;
    private final Response response;
    private final int threshold;
    private byte[] held = new byte[1024];
    private int count;
    private boolean committed;

    public DeferredCommitStream(OutputStream out, Response response, int threshold) {
        this.out = out;
        this.response = response;
        this.threshold = threshold;
    }

    /** True once bytes went to the client (the status can no longer change). */
    public boolean committed() {
        return committed;
    }

    /** Drops the held bytes (before commit), so the caller can answer with an error instead. */
    public void discard() {
        if (committed) {
            throw new IllegalStateException("BUG: discard after the response was committed");
        }
        count = 0;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (committed) {
            out.write(b, off, len);
            return;
        }
        if (count + len > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, count + len));
        }
        System.arraycopy(b, off, held, count, len);
        count += len;
        if (count >= threshold) {
            commit();
        }
    }

    private void commit() throws IOException {
        committed = true;
        out.write(held, 0, count);
        count = 0;
        held = null;
    }

    @Override
    public void flush() throws IOException {
        if (committed) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            // the whole answer fit: say its length, so it goes out as one write without chunked framing
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
            out.write(held, 0, count);
            count = 0;
        }
        out.close();
    }
}
