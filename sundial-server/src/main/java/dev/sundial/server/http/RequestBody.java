package dev.sundial.server.http;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * A request body as a bounded stream. The limit is checked three ways: a declared {@code
 * Content-Length} above it is refused before a byte is read; the bytes on the wire are counted;
 * and, for {@code Content-Encoding: gzip}, the inflated bytes are counted too, so a small gzip
 * bomb cannot inflate past the limit. Past it, reading throws {@link HttpError} 413. Invalid or
 * truncated gzip throws 400. Other encodings are refused with 415.
 */
final class RequestBody {
    private RequestBody() {
    }

    static InputStream open(Exchange ex, long maxBytes) {
        long declared = ex.request().getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        InputStream raw = new Limited(Content.Source.asInputStream(ex.request()), maxBytes);
        String encoding = ex.header(HttpHeader.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!encoding.strip().equalsIgnoreCase("gzip")) {
            throw new HttpError(415, "cannot read request body [Content-Encoding=" + encoding + "]: only gzip is supported");
        }
        return new Limited(new GzipBody(raw), maxBytes);
    }

    static HttpError tooLarge(long maxBytes) {
        return new HttpError(413, "cannot read request body: larger than the limit of " + maxBytes
                + " bytes (limits.max_body_bytes); split it into smaller requests");
    }

    /** Strict UTF-8: a malformed byte sequence is a 400, not a replacement character in stored data. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("cannot read request body: not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    /** Counts bytes and throws 413 once more than the limit were read. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }

    /** gzip inflation whose failures read as the client's fault (400), not as an I/O error of ours. */
    private static final class GzipBody extends InputStream {
        private final InputStream raw;
        private GZIPInputStream gzip;

        GzipBody(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (gzip == null) {
                    gzip = new GZIPInputStream(raw, 1 << 16);
                }
                return gzip.read(b, off, len);
            } catch (ZipException e) {
                throw HttpError.badRequest("cannot read request body: invalid gzip data (" + e.getMessage() + ")");
            } catch (EOFException e) {
                throw HttpError.badRequest("cannot read request body: the gzip data is truncated");
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
