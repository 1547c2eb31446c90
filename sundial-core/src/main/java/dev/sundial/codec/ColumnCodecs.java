package dev.sundial.codec;

/**
 * Encodes and decodes one chunk of one column: what the storage engine calls. Each {@code encode*}
 * returns one self-describing block (its first byte is the {@link CodecId}); each {@code decode*}
 * reads a block from {@code src[off, off+len)} into {@code dst[0, n)} whatever codec wrote it, so
 * decoding never depends on the {@link Compression} mode. The value count {@code n} is not stored
 * in the block: the caller (the chunk header) knows it, and a block decoded with a different
 * {@code n} fails its length checks. Values columns hold only the present values: decode the
 * presence block first and pass its count.
 *
 * <p>How each {@link Compression} mode restricts the candidates is tabled on {@link Compression};
 * {@code AUTO} encodes every candidate that can win and keeps the smallest block.
 *
 * <p>Errors: a corrupt or truncated block throws {@link CorruptEncodingException}; a caller bug
 * ({@code n} negative, above {@link #MAX_VALUES}, or beyond the array) throws {@link
 * IllegalArgumentException}. Decoders validate every count and width against the input before
 * touching memory, and allocate nothing per value (double decoders reuse a per-thread scratch
 * array). Stateless and thread-safe.
 */
public final class ColumnCodecs {
    /** Largest {@code n} accepted by every method: 2^20, far above a chunk's 4096 rows. */
    public static final int MAX_VALUES = 1 << 20;

    private ColumnCodecs() {
    }

    private static void checkCount(int n, int arrayLength, String verb) {
        if (n < 0 || n > MAX_VALUES || n > arrayLength) {
            throw new IllegalArgumentException("cannot " + verb + " [n=" + n + ", array=" + arrayLength
                    + "]: n must be in [0, min(array length, " + MAX_VALUES + ")]");
        }
    }

    private static int idOf(byte[] src, int off, int len, String what) {
        if (off < 0 || len < 0 || off > src.length - len) {
            throw new IndexOutOfBoundsException("cannot decode " + what + " [off=" + off + ", len=" + len
                    + "]: range outside the array of length " + src.length);
        }
        if (len == 0) {
            throw new CorruptEncodingException(what, 0, "empty block (no codec id)");
        }
        return src[off] & 0xFF;
    }

    // ---------------------------------------------------------------- timestamps and longs

    /**
     * Encodes timestamps (epoch nanoseconds; any order, duplicates allowed). {@code AUTO} keeps the
     * smaller of delta-of-delta and delta; see {@link Compression} for the other modes.
     */
    public static byte[] encodeTimestamps(long[] ts, int n, Compression c) {
        checkCount(n, ts.length, "encode timestamps");
        return switch (c) {
            case NONE -> RawCodec.encodeLongs(ts, n);
            case DELTA -> delta(ts, n);
            case DOUBLEDELTA, GORILLA -> deltaOfDelta(ts, n);
            case AUTO, DICTIONARY -> smaller(deltaOfDelta(ts, n), delta(ts, n));
        };
    }

    /** Decodes a timestamp block (any long codec) into {@code dst[0, n)}. */
    public static void decodeTimestamps(byte[] src, int off, int len, long[] dst, int n) {
        decodeLongs(src, off, len, dst, n);
    }

    /** Encodes BIGINT values. {@code AUTO} keeps the smallest of delta-of-delta, delta and raw. */
    public static byte[] encodeLongs(long[] v, int n, Compression c) {
        checkCount(n, v.length, "encode longs");
        return switch (c) {
            case NONE -> RawCodec.encodeLongs(v, n);
            case DELTA -> delta(v, n);
            case DOUBLEDELTA -> deltaOfDelta(v, n);
            case AUTO, GORILLA, DICTIONARY -> smaller(smaller(deltaOfDelta(v, n), delta(v, n)), RawCodec.encodeLongs(v, n));
        };
    }

    /** Decodes a long block written by any long codec into {@code dst[0, n)}. */
    public static void decodeLongs(byte[] src, int off, int len, long[] dst, int n) {
        checkCount(n, dst.length, "decode longs");
        int id = idOf(src, off, len, "longs");
        switch (id) {
            case CodecId.DELTA -> DeltaCodec.decode(src, off, len, dst, n);
            case CodecId.DELTA_OF_DELTA -> DeltaOfDeltaCodec.decode(src, off, len, dst, n);
            case CodecId.RAW_LONG -> RawCodec.decodeLongs(src, off, len, dst, n);
            default -> throw new CorruptEncodingException("longs", 0, "codec id " + CodecId.name(id)
                    + " is not a long codec (expected delta, delta-of-delta or raw-long)");
        }
    }

    private static byte[] delta(long[] v, int n) {
        ByteSink out = new ByteSink(64 + n);
        DeltaCodec.encode(v, n, out);
        return out.toByteArray();
    }

    private static byte[] deltaOfDelta(long[] v, int n) {
        ByteSink out = new ByteSink(64 + n / 4);
        DeltaOfDeltaCodec.encode(v, n, true, out);
        return out.toByteArray();
    }

    private static byte[] smaller(byte[] a, byte[] b) {
        return b.length < a.length ? b : a;
    }

    // ---------------------------------------------------------------- doubles

    /**
     * Encodes doubles; every bit pattern round-trips. {@code AUTO} keeps the smallest of Gorilla
     * XOR, decimal, float-as-int and raw (candidates that are hopeless on a 512-value probe are not
     * sized in full; see {@code autoDoubles}).
     */
    public static byte[] encodeDoubles(double[] v, int n, Compression c) {
        checkCount(n, v.length, "encode doubles");
        switch (c) {
            case NONE:
                return RawCodec.encodeDoubles(v, n);
            case GORILLA:
                return xor(v, n);
            case DELTA: {
                ByteSink out = new ByteSink(64 + 8 * n);
                FloatAsIntCodec.write(FloatAsIntCodec.plan(v, n), out);
                return out.toByteArray();
            }
            default:
                return autoDoubles(v, n);
        }
    }

    /** Values of a chunk's prefix used to rule out a candidate cheaply (see {@link #autoDoubles}). */
    private static final int PROBE = 512;

    /**
     * Sizes decimal, float-as-int and XOR exactly and writes the smallest (raw if none is smaller).
     * To keep encoding fast, float-as-int and XOR are first sized on the chunk's first 512 values
     * and skipped when they need more than 1.25 times the bytes per value of the best full
     * candidate so far (on the shared real datasets this never changes the pick: gaps between
     * codecs are either a few percent or several times).
     */
    private static byte[] autoDoubles(double[] v, int n) {
        long best = 1 + 8L * n; // raw
        DecimalCodec.Plan decimal = DecimalCodec.plan(v, n);
        if (decimal != null && 1 + decimal.bytes() < best) {
            best = 1 + decimal.bytes();
        }
        DeltaCodec.Candidate fai = null;
        if (!ruledOut(best, n, 1 + FloatAsIntCodec.plan(v, Math.min(n, PROBE)).bytes())) {
            fai = FloatAsIntCodec.plan(v, n);
            if (1 + fai.bytes() < best) {
                best = 1 + fai.bytes();
            } else {
                fai = null;
            }
        }
        // XOR costs at least one bit per value after the first
        if (best > 10 + n / 8 && !ruledOut(best, n, xor(v, Math.min(n, PROBE)).length)) {
            byte[] x = xor(v, n);
            if (x.length < best) {
                return x;
            }
        }
        if (fai != null) {
            ByteSink out = new ByteSink((int) best);
            FloatAsIntCodec.write(fai, out);
            return out.toByteArray();
        }
        if (decimal != null && 1 + decimal.bytes() == best) {
            ByteSink out = new ByteSink((int) best);
            DecimalCodec.write(decimal, out);
            return out.toByteArray();
        }
        return RawCodec.encodeDoubles(v, n);
    }

    /** Whether a candidate that took {@code probeBytes} on the probe is hopeless against {@code best}. */
    private static boolean ruledOut(long best, int n, long probeBytes) {
        int probe = Math.min(n, PROBE);
        return n > 2 * PROBE && probeBytes * (long) n * 4 > 5 * best * probe;
    }

    private static byte[] xor(double[] v, int n) {
        ByteSink out = new ByteSink(64 + 2 * n);
        GorillaXorCodec.encode(v, n, out);
        return out.toByteArray();
    }

    /** Decodes a double block written by any double codec into {@code dst[0, n)}. */
    public static void decodeDoubles(byte[] src, int off, int len, double[] dst, int n) {
        checkCount(n, dst.length, "decode doubles");
        int id = idOf(src, off, len, "doubles");
        switch (id) {
            case CodecId.DECIMAL -> DecimalCodec.decode(src, off, len, dst, n);
            case CodecId.GORILLA_XOR -> GorillaXorCodec.decode(src, off, len, dst, n);
            case CodecId.FLOAT_AS_INT -> FloatAsIntCodec.decode(src, off, len, dst, n);
            case CodecId.RAW_DOUBLE -> RawCodec.decodeDoubles(src, off, len, dst, n);
            default -> throw new CorruptEncodingException("doubles", 0, "codec id " + CodecId.name(id)
                    + " is not a double codec (expected decimal, gorilla-xor, float-as-int or raw-double)");
        }
    }

    // ---------------------------------------------------------------- booleans, strings, presence

    /** Encodes booleans as a bitmap or run lengths, whichever is smaller. */
    public static byte[] encodeBooleans(boolean[] v, int n) {
        checkCount(n, v.length, "encode booleans");
        return BooleanCodec.encode(v, n);
    }

    /** Decodes a boolean block into {@code dst[0, n)}. */
    public static void decodeBooleans(byte[] src, int off, int len, boolean[] dst, int n) {
        checkCount(n, dst.length, "decode booleans");
        idOf(src, off, len, BooleanCodec.WHAT);
        BooleanCodec.decode(src, off, len, dst, n);
    }

    /**
     * Encodes non-null strings. {@code AUTO} keeps the smaller of dictionary and plain; {@code
     * DICTIONARY} forces the dictionary, {@code NONE} plain.
     *
     * @throws IllegalArgumentException if a value is null
     */
    public static byte[] encodeStrings(String[] v, int n, Compression c) {
        checkCount(n, v.length, "encode strings");
        return switch (c) {
            case NONE -> StringCodec.encode(v, n, true, false);
            case DICTIONARY -> StringCodec.encode(v, n, false, true);
            default -> StringCodec.encode(v, n, true, true);
        };
    }

    /** Decodes a string block into {@code dst[0, n)}. */
    public static void decodeStrings(byte[] src, int off, int len, String[] dst, int n) {
        checkCount(n, dst.length, "decode strings");
        idOf(src, off, len, StringCodec.WHAT);
        StringCodec.decode(src, off, len, dst, n);
    }

    /**
     * Encodes which of {@code n} rows have a value ({@code present[i]}). All present or none: one
     * byte; otherwise a bitmap or run lengths, whichever is smaller.
     */
    public static byte[] encodePresence(boolean[] present, int n) {
        checkCount(n, present.length, "encode presence");
        return PresenceBitmap.encode(present, n);
    }

    /** Decodes a presence block into {@code dst[0, n)}; returns the number of rows present. */
    public static int decodePresence(byte[] src, int off, int len, boolean[] dst, int n) {
        checkCount(n, dst.length, "decode presence");
        idOf(src, off, len, PresenceBitmap.WHAT);
        return PresenceBitmap.decode(src, off, len, dst, n);
    }
}
