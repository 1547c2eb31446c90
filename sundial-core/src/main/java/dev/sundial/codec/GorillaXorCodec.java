package dev.sundial.codec;

/**
 * Doubles by Gorilla's XOR scheme (codec id {@link CodecId#GORILLA_XOR}; Pelkonen et al., VLDB
 * 2015): each value's raw IEEE bits are XORed with the previous value's and the meaningful bits of
 * the XOR are written inside a window of leading/trailing zeros.
 *
 * <pre>
 * '0'                                  same bits as the previous value
 * '10' + len bits                      XOR fits the previous window (lead, len)
 * '11' + 6-bit lead + 6-bit (len-1) + len bits   new window; lead + len ≤ 64
 * </pre>
 * Unlike the paper the leading-zero count takes 6 bits (no cap at 31), so every XOR is stored
 * with its true window. Byte layout in {@code docs/format/codec-gorilla-xor.md}. Stateless and
 * thread-safe.
 */
final class GorillaXorCodec {
    static final String WHAT = "gorilla-xor doubles";

    private GorillaXorCodec() {
    }

    static void encode(double[] v, int n, ByteSink out) {
        out.writeByte(CodecId.GORILLA_XOR);
        if (n == 0) {
            return;
        }
        long prev = Double.doubleToRawLongBits(v[0]);
        out.writeLongLE(prev);
        BitWriter w = new BitWriter(out);
        int prevLead = -1;
        int prevTrail = 0;
        for (int i = 1; i < n; i++) {
            long cur = Double.doubleToRawLongBits(v[i]);
            long x = cur ^ prev;
            prev = cur;
            if (x == 0) {
                w.write(0, 1);
                continue;
            }
            int lead = Long.numberOfLeadingZeros(x);
            int trail = Long.numberOfTrailingZeros(x);
            if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
                w.write(0b10, 2);
                w.write(x >>> prevTrail, 64 - prevLead - prevTrail);
            } else {
                int len = 64 - lead - trail;
                w.write((0b11L << 12) | ((long) lead << 6) | (len - 1), 14);
                w.write(x >>> trail, len);
                prevLead = lead;
                prevTrail = trail;
            }
        }
        w.finish();
    }

    static void decode(byte[] src, int off, int len, double[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        if (id != CodecId.GORILLA_XOR) {
            throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not " + CodecId.name(CodecId.GORILLA_XOR));
        }
        if (n == 0) {
            in.expectEnd();
            return;
        }
        long prev = in.readLongLE();
        dst[0] = Double.longBitsToDouble(prev);
        BitReader r = new BitReader(src, in.pos, in.end - in.pos, WHAT, in.offset());
        int lead = -1;
        int trail = 0;
        int mlen = 0;
        for (int i = 1; i < n; i++) {
            if (r.read(1) != 0) {
                if (r.read(1) != 0) {
                    long hdr = r.read(12);
                    lead = (int) (hdr >>> 6);
                    mlen = (int) (hdr & 63) + 1;
                    if (lead + mlen > 64) {
                        throw new CorruptEncodingException(WHAT, r.reportOffset(),
                                "window lead " + lead + " + length " + mlen + " exceeds 64 bits");
                    }
                    trail = 64 - lead - mlen;
                } else if (lead < 0) {
                    throw new CorruptEncodingException(WHAT, r.reportOffset(),
                            "reuse of a window before any was set");
                }
                prev ^= r.readLong(mlen) << trail;
            }
            dst[i] = Double.longBitsToDouble(prev);
        }
        r.expectEnd();
    }
}
