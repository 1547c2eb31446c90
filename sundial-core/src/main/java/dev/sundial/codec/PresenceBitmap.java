package dev.sundial.codec;

/**
 * Which of a chunk's n rows have a value (codec ids {@link CodecId#PRESENCE_ALL}, {@link
 * CodecId#PRESENCE_NONE}, {@link CodecId#PRESENCE_BITMAP}, {@link CodecId#PRESENCE_RLE}). An
 * all-present or all-absent chunk costs the id byte alone; otherwise a bitmap or run lengths,
 * whichever is smaller. The row count n is not stored: the chunk header knows it. Byte layout in
 * {@code docs/format/codec-presence.md}. Stateless and thread-safe.
 */
final class PresenceBitmap {
    static final String WHAT = "presence bitmap";

    private PresenceBitmap() {
    }

    static byte[] encode(boolean[] present, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += present[i] ? 1 : 0;
        }
        if (count == n) {
            return new byte[] {CodecId.PRESENCE_ALL};
        }
        if (count == 0) {
            return new byte[] {CodecId.PRESENCE_NONE};
        }
        long bitmap = BitmapRle.bitmapBytes(n);
        long rle = BitmapRle.rleBytes(present, n);
        ByteSink out = new ByteSink((int) Math.min(bitmap, rle) + 1);
        if (rle < bitmap) {
            out.writeByte(CodecId.PRESENCE_RLE);
            BitmapRle.writeRle(present, n, out);
        } else {
            out.writeByte(CodecId.PRESENCE_BITMAP);
            BitmapRle.writeBitmap(present, n, out);
        }
        return out.toByteArray();
    }

    /** Decodes into {@code dst[0, n)}; returns the number of rows present. */
    static int decode(byte[] src, int off, int len, boolean[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        int count = switch (id) {
            case CodecId.PRESENCE_ALL -> {
                java.util.Arrays.fill(dst, 0, n, true);
                yield n;
            }
            case CodecId.PRESENCE_NONE -> {
                java.util.Arrays.fill(dst, 0, n, false);
                yield 0;
            }
            case CodecId.PRESENCE_BITMAP -> BitmapRle.readBitmap(in, dst, n);
            case CodecId.PRESENCE_RLE -> BitmapRle.readRle(in, dst, n);
            default -> throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not a presence codec");
        };
        in.expectEnd();
        return count;
    }
}
