package dev.sundial.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * No compression (codec ids {@link CodecId#RAW_LONG}, {@link CodecId#RAW_DOUBLE}): the id byte,
 * then {@code n} little-endian 8-byte values (raw IEEE-754 bits for doubles). Byte layout in
 * {@code docs/format/codec-raw.md}. Stateless and thread-safe.
 */
final class RawCodec {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private RawCodec() {
    }

    static byte[] encodeLongs(long[] v, int n) {
        byte[] b = new byte[1 + 8 * n];
        b[0] = CodecId.RAW_LONG;
        for (int i = 0; i < n; i++) {
            LE.set(b, 1 + 8 * i, v[i]);
        }
        return b;
    }

    static byte[] encodeDoubles(double[] v, int n) {
        byte[] b = new byte[1 + 8 * n];
        b[0] = CodecId.RAW_DOUBLE;
        for (int i = 0; i < n; i++) {
            LE.set(b, 1 + 8 * i, Double.doubleToRawLongBits(v[i]));
        }
        return b;
    }

    private static ByteCursor open(byte[] src, int off, int len, int n, int id, String what) {
        ByteCursor in = new ByteCursor(src, off, len, what);
        int got = in.readByte();
        if (got != id) {
            throw in.corruptAt(off, "codec id " + CodecId.name(got) + " is not " + CodecId.name(id));
        }
        if (in.remaining() != 8L * n) {
            throw in.corrupt(n + " raw values need " + 8L * n + " bytes but the block has " + in.remaining());
        }
        return in;
    }

    static void decodeLongs(byte[] src, int off, int len, long[] dst, int n) {
        ByteCursor in = open(src, off, len, n, CodecId.RAW_LONG, "raw longs");
        for (int i = 0, p = in.pos; i < n; i++, p += 8) {
            dst[i] = (long) LE.get(src, p);
        }
    }

    static void decodeDoubles(byte[] src, int off, int len, double[] dst, int n) {
        ByteCursor in = open(src, off, len, n, CodecId.RAW_DOUBLE, "raw doubles");
        for (int i = 0, p = in.pos; i < n; i++, p += 8) {
            dst[i] = Double.longBitsToDouble((long) LE.get(src, p));
        }
    }
}
