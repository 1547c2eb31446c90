package dev.sundial.server.pgwire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frontend messages: the untyped startup packets (Int32 length, body) and the typed messages
 * after startup (Byte1 type, Int32 length, body). A length below 4 or above {@code maxBytes}
 * ({@code limits.max_body_bytes}, the HTTP body limit) is a {@link PgError} that ends the
 * connection: the stream can no longer be framed. Not thread-safe: one per connection.
 */
final class PgReader {
    /** A startup packet holds a few parameters; PostgreSQL itself refuses those over 10,000 bytes. */
    private static final int MAX_STARTUP_BYTES = 10_000;

    private final DataInputStream in;
    private final int maxBytes;

    PgReader(InputStream in, long maxBytes) {
        this.in = new DataInputStream(in);
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
    }

    /** A typed message; {@code null} when the client closed the connection between messages. */
    PgMessage next() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        return new PgMessage((char) type, body(length, maxBytes, "message type '" + (char) type + "'"));
    }

    /** The body of a startup packet (the code, then the rest); {@code null} at end of stream. */
    PgMessage.Body startup() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        return body(length, MAX_STARTUP_BYTES, "startup packet");
    }

    private PgMessage.Body body(int length, int max, String what) throws IOException {
        if (length < 4 || length - 4 > max) {
            throw PgError.fatal(length < 4 ? SqlState.PROTOCOL_VIOLATION : SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "cannot read " + what + " [length=" + length + "]: " + (length < 4 ? "below 4" : "larger than " + max + " bytes"));
        }
        byte[] b = new byte[length - 4];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new EOFException("cannot read " + what + " [length=" + length + "]: the connection closed inside it");
        }
        return new PgMessage.Body(b);
    }
}
