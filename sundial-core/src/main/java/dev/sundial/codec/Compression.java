package dev.sundial.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The table option {@code compression}: which codecs a column chunk may use. Decoding never
 * depends on it (every block names its codec in its first byte).
 *
 * <p>How each mode restricts the candidates per value type (a mode that does not apply to a type
 * falls back to that type's {@link #AUTO} choice):
 * <table>
 * <caption>candidates</caption>
 * <tr><th>mode</th><th>timestamps</th><th>BIGINT</th><th>DOUBLE</th><th>VARCHAR</th></tr>
 * <tr><td>AUTO</td><td>smallest of DoD, delta</td><td>smallest of DoD, delta, raw</td>
 *     <td>smallest of Gorilla XOR, decimal, float-as-int, raw</td><td>smallest of dictionary, plain</td></tr>
 * <tr><td>GORILLA</td><td>DoD (Gorilla's timestamp scheme)</td><td>AUTO</td><td>Gorilla XOR</td><td>AUTO</td></tr>
 * <tr><td>DELTA</td><td>delta</td><td>delta</td><td>float-as-int (raw-bit deltas)</td><td>AUTO</td></tr>
 * <tr><td>DOUBLEDELTA</td><td>DoD</td><td>DoD</td><td>AUTO</td><td>AUTO</td></tr>
 * <tr><td>DICTIONARY</td><td>AUTO</td><td>AUTO</td><td>AUTO</td><td>dictionary</td></tr>
 * <tr><td>NONE</td><td>raw</td><td>raw</td><td>raw</td><td>plain</td></tr>
 * </table>
 * Booleans and presence bitmaps ignore the mode (bitmap or RLE, whichever is smaller).
 */
public enum Compression {
    /** Try every candidate per chunk and keep the smallest. */
    AUTO,
    /** Gorilla: XOR for doubles, delta-of-delta for timestamps. */
    GORILLA,
    /** Delta + zigzag/frame-of-reference + patched bit-packing. */
    DELTA,
    /** Delta-of-delta with Gorilla's variable-length buckets. */
    DOUBLEDELTA,
    /** Dictionary for strings. */
    DICTIONARY,
    /** No compression: raw little-endian values, plain strings. */
    NONE;

    /**
     * Parses a mode name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static Compression parse(String name) {
        if (name != null) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            for (Compression c : values()) {
                if (c.name().equals(upper)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("cannot parse compression [value=" + name + "]: expected one of "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
