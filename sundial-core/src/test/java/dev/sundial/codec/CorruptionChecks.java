package dev.sundial.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;

/** Shared checks that decoders reject truncated blocks and survive bit flips. */
final class CorruptionChecks {
    private CorruptionChecks() {
    }

    interface Decode {
        void decode(byte[] src, int off, int len);
    }

    /** Every proper prefix of the block must be rejected with {@link CorruptEncodingException}. */
    static void truncationsRejected(byte[] block, Decode d, String context) {
        int step = Math.max(1, block.length / 200);
        for (int len = 0; len < block.length; len += (len < 64 ? 1 : step)) {
            int l = len;
            // decode from inside a larger array so over-reads would be visible as wrong results
            byte[] padded = new byte[block.length + 16];
            System.arraycopy(block, 0, padded, 3, block.length);
            assertThatThrownBy(() -> d.decode(padded, 3, l))
                    .as("%s: prefix of %d of %d bytes", context, l, block.length)
                    .isInstanceOf(CorruptEncodingException.class);
        }
    }

    /** Random bit flips give values or a {@link CorruptEncodingException}, nothing else. */
    static void bitFlipsClean(byte[] block, Decode d, SplittableRandom r, int flips, String context) {
        if (block.length == 0) {
            return;
        }
        for (int k = 0; k < flips; k++) {
            byte[] b = block.clone();
            int nflip = 1 + r.nextInt(3);
            for (int j = 0; j < nflip; j++) {
                int bit = r.nextInt(b.length * 8);
                b[bit >>> 3] ^= (byte) (1 << (bit & 7));
            }
            try {
                d.decode(b, 0, b.length);
            } catch (CorruptEncodingException expected) {
                // fine
            } catch (RuntimeException | Error e) {
                fail(context + ": bit flip " + k + " threw " + e, e);
            }
        }
    }
}
