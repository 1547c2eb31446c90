package dev.sundial.codec;

/**
 * Longs (timestamps above all) by delta-of-delta with Gorilla's variable-length buckets (codec id
 * {@link CodecId#DELTA_OF_DELTA}): a regular series costs one bit per value. Before that the
 * deltas are divided by their greatest common divisor {@code g}, so nanosecond timestamps taken on
 * whole seconds or minutes code their dod in units of the step rather than in nanoseconds.
 *
 * <pre>
 * q[i]   = (v[i] - v[i-1]) / g          (exact; wrapping subtraction)
 * dod[i] = q[i] - q[i-1]                (wrapping), coded for i ≥ 2:
 *   '0'                      dod = 0
 *   '10'    + 7-bit signed   dod in [-64, 63]
 *   '110'   + 9-bit signed   dod in [-256, 255]
 *   '1110'  + 12-bit signed  dod in [-2048, 2047]
 *   '11110' + 32-bit signed  dod in [-2^31, 2^31-1]
 *   '11111' + 64 bits        anything else
 * </pre>
 * Decoding skips runs of '0' codes with one leading-zero count. Byte layout in {@code
 * docs/format/codec-delta-of-delta.md}. Stateless and thread-safe.
 */
final class DeltaOfDeltaCodec {
    static final String WHAT = "delta-of-delta longs";

    private DeltaOfDeltaCodec() {
    }

    /**
     * Writes id and body.
     *
     * @param scaleByGcd false writes g = 1 (plain Gorilla, for comparisons)
     */
    static void encode(long[] v, int n, boolean scaleByGcd, ByteSink out) {
        out.writeByte(CodecId.DELTA_OF_DELTA);
        if (n == 0) {
            return;
        }
        out.writeLongLE(v[0]);
        if (n == 1) {
            return;
        }
        long[] q = new long[n];
        for (int i = 1; i < n; i++) {
            q[i] = v[i] - v[i - 1];
        }
        long g = scaleByGcd ? ExactDivisor.gcdSigned(q, 1, n) : 1;
        if (g != 1) {
            ExactDivisor div = new ExactDivisor(g);
            for (int i = 1; i < n; i++) {
                q[i] = div.quotientSigned(q[i]);
            }
        }
        out.writeVarLong(g);
        out.writeZigZag(q[1]);
        BitWriter w = new BitWriter(out);
        for (int i = 2; i < n; i++) {
            long dod = q[i] - q[i - 1];
            if (dod == 0) {
                w.write(0, 1);
            } else if (dod >= -64 && dod <= 63) {
                w.write((0b10L << 7) | (dod & 0x7F), 9);
            } else if (dod >= -256 && dod <= 255) {
                w.write((0b110L << 9) | (dod & 0x1FF), 12);
            } else if (dod >= -2048 && dod <= 2047) {
                w.write((0b1110L << 12) | (dod & 0xFFF), 16);
            } else if (dod == (int) dod) {
                w.write((0b11110L << 32) | (dod & 0xFFFFFFFFL), 37);
            } else {
                w.write(0b11111, 5);
                w.write(dod, 64);
            }
        }
        w.finish();
    }

    /** Decodes a whole block (id included) of {@code n} values into {@code dst[0, n)}. */
    static void decode(byte[] src, int off, int len, long[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        if (id != CodecId.DELTA_OF_DELTA) {
            throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not " + CodecId.name(CodecId.DELTA_OF_DELTA));
        }
        if (n == 0) {
            in.expectEnd();
            return;
        }
        long ts = in.readLongLE();
        dst[0] = ts;
        if (n == 1) {
            in.expectEnd();
            return;
        }
        int gAt = in.pos;
        long g = in.readVarLong();
        if (g == 0) {
            throw in.corruptAt(gAt, "divisor 0");
        }
        long q = in.readZigZag();
        long step = g * q;
        ts += step;
        dst[1] = ts;
        BitReader r = new BitReader(src, in.pos, in.end - in.pos, WHAT, in.offset());
        int i = 2;
        while (i < n) {
            int zeros = r.peekZeros(n - i);
            if (zeros > 0) {
                // a run of '0' codes: same step
                r.skip(zeros);
                for (int end = i + zeros; i < end; i++) {
                    ts += step;
                    dst[i] = ts;
                }
                continue;
            }
            long dod;
            if (r.read(2) == 0b10) {
                dod = signExtend(r.read(7), 7);
            } else if (r.read(1) == 0) {
                dod = signExtend(r.read(9), 9);
            } else if (r.read(1) == 0) {
                dod = signExtend(r.read(12), 12);
            } else if (r.read(1) == 0) {
                dod = signExtend(r.read(32), 32);
            } else {
                dod = r.readLong(64);
            }
            q += dod;
            step = g * q;
            ts += step;
            dst[i++] = ts;
        }
        r.expectEnd();
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }
}
