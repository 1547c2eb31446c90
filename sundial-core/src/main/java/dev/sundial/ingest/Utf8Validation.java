package dev.sundial.ingest;

/**
 * Strict UTF-8 validation of byte ranges, as RFC 3629 defines it: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. {@code new String(bytes, UTF_8)}
 * would silently replace such bytes with U+FFFD; the readers must reject them instead.
 *
 * <p>Stateless and thread-safe.
 */
final class Utf8Validation {
    private Utf8Validation() {
    }

    /** Index of the first byte of the first invalid sequence in {@code b[from, to)}, or -1 when valid. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            if (c < 0xc2) {
                return i; // continuation byte without lead, or overlong 2-byte lead (C0, C1)
            }
            if (c < 0xe0) {
                if (i + 1 >= to || !cont(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xf0) {
                if (i + 2 >= to || !cont(b[i + 1]) || !cont(b[i + 2])) {
                    return i;
                }
                int c1 = b[i + 1] & 0xff;
                if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) {
                    return i; // overlong 3-byte form, or a surrogate
                }
                i += 3;
            } else if (c < 0xf5) {
                if (i + 3 >= to || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
                    return i;
                }
                int c1 = b[i + 1] & 0xff;
                if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) {
                    return i; // overlong 4-byte form, or above U+10FFFF
                }
                i += 4;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
