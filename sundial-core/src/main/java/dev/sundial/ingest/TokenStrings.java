package dev.sundial.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded cache from the bytes of a short token (measurement, tag key, tag value, field key, short
 * string value) to its decoded {@link String}, so that the tokens that repeat on every line of an
 * input (the devops file repeats the same 10 tag keys, a few hundred tag values and 10 field keys on
 * 864,000 lines) cost a hash ({@link ByteHash}) and a byte comparison instead of a String allocation.
 *
 * <p>Direct-mapped: {@value #SLOTS} slots, a miss replaces the slot; tokens longer than
 * {@value #MAX_TOKEN} bytes bypass the cache. Memory is therefore bounded by about
 * {@code SLOTS * (MAX_TOKEN + 2 * 48)} bytes ≈ 0.9 MB whatever the input. The caller has validated
 * the bytes as UTF-8. Not thread-safe: one instance per reader.
 */
final class TokenStrings {
    /** Power of two; a few thousand distinct tokens per file is typical of metrics data. */
    static final int SLOTS = 4096;
    /** Longer tokens are rarely repeated verbatim (log lines, messages); see class comment. */
    static final int MAX_TOKEN = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /**
     * The String for {@code b[off, off+len)}.
     *
     * @param ascii whether every byte is below 0x80 (then Latin-1 decoding is exact and fastest)
     */
    String get(byte[] b, int off, int len, boolean ascii) {
        if (len > MAX_TOKEN) {
            return decode(b, off, len, ascii);
        }
        int slot = ByteHash.hash(b, off, len) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
            return values[slot];
        }
        String s = decode(b, off, len, ascii);
        keys[slot] = Arrays.copyOfRange(b, off, off + len);
        values[slot] = s;
        return s;
    }

    static String decode(byte[] b, int off, int len, boolean ascii) {
        return new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
