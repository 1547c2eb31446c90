package dev.sundial.bytes;

/**
 * The length of a string in UTF-8 as {@link String#getBytes(java.nio.charset.Charset)} writes it,
 * without encoding it: a hot path of the write path (every tag value and string field is measured
 * before it is copied). A lone surrogate counts as one byte, the {@code '?'} it is replaced by.
 *
 * <p>Stateless and thread-safe.
 */
public final class Utf8Length {
    private Utf8Length() {
    }

    /** Bytes of {@code s} in UTF-8; negated when {@code s} holds a lone surrogate (so callers can refuse it). */
    public static int signed(String s) {
        int n = 0;
        boolean lone = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // replaced by '?'
                lone = true;
            } else {
                n += 3;
            }
        }
        return lone ? -n : n;
    }

    /** Bytes of {@code s} in UTF-8 (lone surrogates count one byte each). */
    public static int of(String s) {
        return Math.abs(signed(s));
    }
}
