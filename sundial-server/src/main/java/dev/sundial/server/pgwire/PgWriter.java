package dev.sundial.server.pgwire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds backend messages into one buffer and writes it to the socket when asked ({@link #flush})
 * or when it grows past {@value #FLUSH_AT} bytes, so that a result of many small DataRow messages
 * costs few system calls and memory stays bounded while rows stream.
 *
 * <p>A message is {@link #begin(char) begun}, filled, then {@link #end() ended}, which writes its
 * length (an Int32 that counts itself but not the type byte). Not thread-safe: one per connection.
 */
final class PgWriter {
    /** 64 KiB: as Jetty's output buffer; large enough that DataRows of a wide table batch well. */
    private static final int FLUSH_AT = 64 << 10;

    private final OutputStream out;
    private byte[] buf = new byte[FLUSH_AT + 1024];
    private int len;
    private int messageStart = -1;

    PgWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a message of type {@code type}; its length is filled in by {@link #end()}. */
    PgWriter begin(char type) {
        if (messageStart >= 0) {
            throw new IllegalStateException("BUG: message begun inside another");
        }
        ensure(5);
        buf[len++] = (byte) type;
        messageStart = len;
        len += 4;
        return this;
    }

    /** Ends the current message; flushes when the buffer is large. */
    void end() throws IOException {
        int length = len - messageStart;
        buf[messageStart] = (byte) (length >>> 24);
        buf[messageStart + 1] = (byte) (length >>> 16);
        buf[messageStart + 2] = (byte) (length >>> 8);
        buf[messageStart + 3] = (byte) length;
        messageStart = -1;
        if (len >= FLUSH_AT) {
            flush();
        }
    }

    /** A single byte written without a message frame (the answer to SSLRequest). */
    void rawByte(char b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    PgWriter int8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    PgWriter int16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    PgWriter int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    PgWriter int64(long v) {
        int32((int) (v >>> 32));
        return int32((int) v);
    }

    PgWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** The UTF-8 bytes of {@code s}, without length or terminator; ASCII is copied without an intermediate array. */
    PgWriter utf8(CharSequence s) {
        int n = s.length();
        ensure(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return bytes(s.subSequence(i, n).toString().getBytes(StandardCharsets.UTF_8));
            }
            buf[len++] = (byte) c;
            i++;
        }
        return this;
    }

    /** A null-terminated UTF-8 string (a NUL inside is cut off: the protocol cannot carry it). */
    PgWriter cstring(String s) {
        int nul = s.indexOf('\0');
        bytes((nul < 0 ? s : s.substring(0, nul)).getBytes(StandardCharsets.UTF_8));
        return int8(0);
    }

    /** A length-prefixed value: -1 for NULL, else Int32 length and the bytes. */
    PgWriter value(byte[] b) {
        if (b == null) {
            return int32(-1);
        }
        int32(b.length);
        return bytes(b);
    }

    /**
     * A text-format value written in place (Int32 length, then its UTF-8 bytes), without the byte
     * array of {@link #value}: a DataRow of a large result writes millions of them.
     */
    PgWriter textValue(CharSequence s) {
        ensure(4);
        int at = len;
        len += 4;
        utf8(s);
        return patchLength(at);
    }

    /** A timestamp's text form ({@link PgText#timestamp}) as a value, formatted straight into the buffer. */
    PgWriter timestampValue(long epochNanos) {
        ensure(4 + PgText.MAX_TIMESTAMP_BYTES);
        int end = PgText.timestamp(epochNanos, buf, len + 4);
        if (end < 0) {
            return textValue(PgText.timestamp(epochNanos));
        }
        int at = len;
        len = end;
        return patchLength(at);
    }

    /** A float8's text form ({@link PgText#float8}) as a value; short decimals are formatted straight into the buffer. */
    PgWriter float8Value(double d) {
        ensure(4 + PgText.MAX_SHORT_DECIMAL_BYTES);
        int end = PgText.shortDecimal(d, buf, len + 4);
        if (end < 0) {
            return textValue(PgText.float8(d));
        }
        int at = len;
        len = end;
        return patchLength(at);
    }

    /** A bigint's text form as a value, its digits written straight into the buffer. */
    PgWriter longValue(long v) {
        if (v == Long.MIN_VALUE) {
            return textValue(Long.toString(v));
        }
        ensure(4 + 20);
        int at = len;
        int p = len + 4;
        if (v < 0) {
            buf[p++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = p + digits - 1; i >= p; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = p + digits;
        return patchLength(at);
    }

    /** Fills in the Int32 length at {@code at} of the value that follows it up to the end of the buffer. */
    private PgWriter patchLength(int at) {
        int n = len - at - 4;
        buf[at] = (byte) (n >>> 24);
        buf[at + 1] = (byte) (n >>> 16);
        buf[at + 2] = (byte) (n >>> 8);
        buf[at + 3] = (byte) n;
        return this;
    }

    void flush() throws IOException {
        if (messageStart >= 0) {
            throw new IllegalStateException("BUG: flush inside a message");
        }
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
        out.flush();
    }

    /** Drops what was built but not sent (a message cut off by an error). */
    void discardMessage() {
        if (messageStart >= 0) {
            len = messageStart - 1;
            messageStart = -1;
        }
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
