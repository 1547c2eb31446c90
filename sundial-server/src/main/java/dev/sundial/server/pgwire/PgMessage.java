package dev.sundial.server.pgwire;

import java.nio.charset.StandardCharsets;

/**
 * One frontend message: its type byte and its body, with a cursor to decode the body's fields in
 * order. Reading past the end, or a string without its terminating NUL, is a {@link PgError}
 * (SQLSTATE 08P01): a malformed message never reads another message's bytes. Not thread-safe.
 */
record PgMessage(char type, Body body) {
    /** A message body and a read position in it. */
    static final class Body {
        private final byte[] b;
        private int pos;

        Body(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        int int8() {
            need(1);
            return b[pos++] & 0xff;
        }

        int int16() {
            need(2);
            int v = (short) (((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
            pos += 2;
            return v;
        }

        int int32() {
            need(4);
            int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        byte[] bytes(int n) {
            if (n < 0) {
                throw malformed("negative length " + n);
            }
            need(n);
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        /** A NUL-terminated UTF-8 string. */
        String cstring() {
            int end = pos;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            if (end == b.length) {
                throw malformed("a string without its terminating NUL");
            }
            String s = new String(b, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            return s;
        }

        private void need(int n) {
            if (n > b.length - pos) {
                throw malformed("it ends early (" + (b.length - pos) + " bytes left, " + n + " needed)");
            }
        }

        private static PgError malformed(String why) {
            return PgError.error(SqlState.PROTOCOL_VIOLATION, "cannot decode message: " + why);
        }
    }
}
