package dev.sundial.codec;

/**
 * Per-thread scratch arrays for decoders that stage integers before turning them into doubles, so
 * that decoding allocates nothing once a thread has decoded its largest chunk. Thread-safe (one
 * array per thread); a caller must not hold the array across another decode on the same thread.
 */
final class DecodeScratch {
    private static final ThreadLocal<long[]> LONGS = ThreadLocal.withInitial(() -> new long[4096]);
    private static final ThreadLocal<long[]> MORE_LONGS = ThreadLocal.withInitial(() -> new long[4096]);

    private DecodeScratch() {
    }

    /** A long array of at least {@code n} elements, owned by this thread until its next call. */
    static long[] longs(int n) {
        return get(LONGS, n);
    }

    /** A second array, distinct from {@link #longs}, with the same contract. */
    static long[] moreLongs(int n) {
        return get(MORE_LONGS, n);
    }

    private static long[] get(ThreadLocal<long[]> slot, int n) {
        long[] a = slot.get();
        if (a.length < n) {
            a = new long[Math.max(n, a.length * 2)];
            slot.set(a);
        }
        return a;
    }
}
