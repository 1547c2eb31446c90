package dev.sundial.codec;

/**
 * Booleans (codec ids {@link CodecId#BOOL_BITMAP}, {@link CodecId#BOOL_RLE}): a bitmap, or run
 * lengths when they are smaller (long runs of one value). Byte layout in {@code
 * docs/format/codec-boolean.md}. Stateless and thread-safe.
 */
final class BooleanCodec {
    static final String WHAT = "booleans";

    private BooleanCodec() {
    }

    static byte[] encode(boolean[] v, int n) {
        long bitmap = BitmapRle.bitmapBytes(n);
        long rle = BitmapRle.rleBytes(v, n);
        ByteSink out = new ByteSink((int) Math.min(bitmap, rle) + 1);
        if (rle < bitmap) {
            out.writeByte(CodecId.BOOL_RLE);
            BitmapRle.writeRle(v, n, out);
        } else {
            out.writeByte(CodecId.BOOL_BITMAP);
            BitmapRle.writeBitmap(v, n, out);
        }
        return out.toByteArray();
    }

    static void decode(byte[] src, int off, int len, boolean[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        switch (id) {
            case CodecId.BOOL_BITMAP -> BitmapRle.readBitmap(in, dst, n);
            case CodecId.BOOL_RLE -> BitmapRle.readRle(in, dst, n);
            default -> throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not a boolean codec");
        }
        in.expectEnd();
    }
}
