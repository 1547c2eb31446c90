package dev.sundial.codec;

/**
 * Whole-series entry point with {@link Compression#AUTO}, so that anyone can measure Sundial's
 * codecs on a standalone series. A series is cut into chunks of {@link
 * #CHUNK_VALUES} values, as the storage engine does (its head seals chunks of the same size; a test
 * in {@code head} pins the two together, without {@code codec} depending on {@code head}), and each chunk's block
 * (see {@link ColumnCodecs}) is framed by its length:
 *
 * <pre>
 * repeated ceil(count / 4096) times:  varint blockLength, block (codec id + body)
 * </pre>
 * The count is not stored; the decoder is told it. Layout in {@code docs/format/codec-series.md}.
 * Stateless and thread-safe.
 */
public final class Codecs {
    /** Values per chunk: the engine's {@code head.ChunkSizing.MAX_ROWS_PER_CHUNK}. */
    public static final int CHUNK_VALUES = 4096;
    private static final int CHUNK = CHUNK_VALUES;

    private Codecs() {
    }

    /** Encodes timestamps (any order) chunk by chunk with {@code auto}. */
    public static byte[] encodeTimestamps(long[] ts) {
        ByteSink out = new ByteSink(64 + ts.length);
        long[] chunk = new long[CHUNK];
        for (int from = 0; from < ts.length; from += CHUNK) {
            int n = Math.min(CHUNK, ts.length - from);
            System.arraycopy(ts, from, chunk, 0, n);
            frame(ColumnCodecs.encodeTimestamps(chunk, n, Compression.AUTO), out);
        }
        return out.toByteArray();
    }

    /** Encodes doubles (every bit pattern round-trips) chunk by chunk with {@code auto}. */
    public static byte[] encodeValues(double[] v) {
        ByteSink out = new ByteSink(64 + v.length * 2);
        double[] chunk = new double[CHUNK];
        for (int from = 0; from < v.length; from += CHUNK) {
            int n = Math.min(CHUNK, v.length - from);
            System.arraycopy(v, from, chunk, 0, n);
            frame(ColumnCodecs.encodeDoubles(chunk, n, Compression.AUTO), out);
        }
        return out.toByteArray();
    }

    private static void frame(byte[] block, ByteSink out) {
        out.writeVarLong(block.length);
        out.writeBytes(block, 0, block.length);
    }

    /**
     * Decodes {@code count} timestamps.
     *
     * @throws CorruptEncodingException if {@code b} is not an encoding of exactly {@code count} values
     */
    public static long[] decodeTimestamps(byte[] b, int count) {
        String what = "series timestamps";
        int[] frames = frames(b, count, what);
        long[] out = new long[count];
        long[] chunk = new long[CHUNK];
        for (int c = 0; c < frames.length / 2; c++) {
            int n = Math.min(CHUNK, count - c * CHUNK);
            ColumnCodecs.decodeTimestamps(b, frames[2 * c], frames[2 * c + 1], chunk, n);
            System.arraycopy(chunk, 0, out, c * CHUNK, n);
        }
        return out;
    }

    /**
     * Decodes {@code count} doubles.
     *
     * @throws CorruptEncodingException if {@code b} is not an encoding of exactly {@code count} values
     */
    public static double[] decodeValues(byte[] b, int count) {
        String what = "series values";
        int[] frames = frames(b, count, what);
        double[] out = new double[count];
        double[] chunk = new double[CHUNK];
        for (int c = 0; c < frames.length / 2; c++) {
            int n = Math.min(CHUNK, count - c * CHUNK);
            ColumnCodecs.decodeDoubles(b, frames[2 * c], frames[2 * c + 1], chunk, n);
            System.arraycopy(chunk, 0, out, c * CHUNK, n);
        }
        return out;
    }

    /**
     * Walks the frames before anything is allocated for the values: returns (offset, length) pairs,
     * after checking there are exactly ceil(count / 4096) of them covering all of {@code b}.
     */
    private static int[] frames(byte[] b, int count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot decode " + what + " [count=" + count + "]: negative count");
        }
        int chunks = (int) ((count + (long) CHUNK - 1) / CHUNK);
        // each frame takes at least 2 bytes (length + codec id)
        if (chunks > b.length / 2 + 1) {
            throw new CorruptEncodingException(what, b.length, count + " values need " + chunks
                    + " chunks but " + b.length + " bytes cannot hold them");
        }
        int[] frames = new int[2 * chunks];
        ByteCursor in = new ByteCursor(b, 0, b.length, what);
        for (int c = 0; c < chunks; c++) {
            int len = in.readLength("chunk length");
            if (len == 0) {
                throw in.corrupt("empty chunk block");
            }
            frames[2 * c] = in.pos;
            frames[2 * c + 1] = len;
            in.pos += len;
        }
        in.expectEnd();
        return frames;
    }
}
