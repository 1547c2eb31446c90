package dev.sundial.ingest;

/**
 * Renders input bytes and names for error messages: quoted, with control characters, quotes,
 * backslashes and non-ASCII bytes escaped ({@code '\v'}, {@code "a\x01"}), long text cut at 64 bytes.
 * Stateless and thread-safe.
 */
final class QuotedText {
    private QuotedText() {
    }

    private static final int MAX = 64;

    /** {@code b[from, to)} as a quoted string, reading no further than {@code limit}. */
    static String of(byte[] b, int from, int to, int limit) {
        int end = Math.min(to, Math.min(limit, from + MAX));
        StringBuilder sb = new StringBuilder(end - from + 8).append('"');
        for (int i = from; i < end; i++) {
            appendByte(sb, b[i]);
        }
        if (end < to) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /** One byte in single quotes: {@code 'x'}, {@code '\t'}, {@code '\xff'}. */
    static String of(byte c) {
        StringBuilder sb = new StringBuilder(8).append('\'');
        appendByte(sb, c);
        return sb.append('\'').toString();
    }

    /** A decoded name in double quotes, control characters escaped. */
    static String of(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                appendByte(sb, (byte) c);
            } else {
                sb.append(c);
            }
        }
        if (s.length() > MAX) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    private static void appendByte(StringBuilder sb, byte c) {
        int v = c & 0xff;
        switch (v) {
            case '\t' -> sb.append("\\t");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case 0x0b -> sb.append("\\v");
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (v < 0x20 || v >= 0x7f) {
                    sb.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
                } else {
                    sb.append((char) v);
                }
            }
        }
    }
}
