package dev.sundial.head;

import dev.sundial.codec.ColumnCodecs;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decoded timestamps of the chunks a writer looks rows up in ({@code ReplacedRows}): a sealed or
 * segment chunk's timestamps are decoded once and binary-searched for every row of a batch that
 * falls in it; a mutable chunk's (write order, duplicates allowed) are kept as a sorted copy, and
 * rows appended since the copy are scanned, so a batch that re-writes a series pays one decode or
 * sort per chunk, not per row.
 *
 * <p>Keys are the chunk objects themselves (identity): sealed chunks and segment chunk metadata
 * are immutable, and a mutable chunk only grows. Holds at most {@value #MAX_CHUNKS} chunks (about
 * 1 MiB of 4096-row chunks) and is meant to be {@linkplain #clear() cleared} after each batch.
 *
 * <p>Not thread-safe: used under the owning table's lock.
 */
public final class ChunkTimestamps {
    /** Chunks kept: rows of a batch come grouped by series, so a handful suffices; beyond it the cache starts afresh. */
    static final int MAX_CHUNKS = 32;
    /** Rows appended to a mutable chunk since its sorted copy that are scanned before the copy is rebuilt. */
    private static final int MAX_UNSORTED_TAIL = 64;

    private final Map<Object, long[]> decoded = new IdentityHashMap<>();
    /** Per mutable chunk: how many of its rows the sorted copy in {@link #decoded} covers. */
    private final Map<Object, Integer> covered = new IdentityHashMap<>();

    /** Decoder of one chunk's timestamps, called on a miss. */
    @FunctionalInterface
    public interface Decoder<E extends Exception> {
        long[] decode() throws E;
    }

    /**
     * Whether the sorted, unique timestamps of {@code chunk} (decoded by {@code decoder} on a miss)
     * hold {@code ts}.
     */
    public <E extends Exception> boolean sortedHolds(Object chunk, long ts, Decoder<E> decoder) throws E {
        long[] t = decoded.get(chunk);
        if (t == null) {
            t = decoder.decode();
            put(chunk, t);
        }
        return Arrays.binarySearch(t, ts) >= 0;
    }

    /** Whether a sealed chunk holds {@code ts}. */
    boolean holds(SealedChunk c, long ts) {
        if (ts < c.minTs() || ts > c.maxTs()) {
            return false;
        }
        return sortedHolds(c, ts, () -> decode(c));
    }

    /** Decodes a sealed chunk's timestamps (sorted and unique, as every sealed chunk's are). */
    public static long[] decode(SealedChunk c) {
        long[] t = new long[c.rowCount()];
        ColumnCodecs.decodeTimestamps(c.timestamps(), 0, c.timestamps().length, t, c.rowCount());
        return t;
    }

    /** Whether the first {@code size} timestamps of a mutable chunk (write order) hold {@code ts}. */
    boolean holds(MutableChunk c, long ts) {
        long[] ts0 = c.rows().timestamps;
        int size = c.size();
        long[] sorted = decoded.get(c);
        int from = sorted == null ? 0 : covered.get(c);
        if (size - from > MAX_UNSORTED_TAIL) {
            sorted = Arrays.copyOf(ts0, size);
            Arrays.sort(sorted);
            put(c, sorted);
            covered.put(c, size);
            from = size;
        }
        if (sorted != null && Arrays.binarySearch(sorted, ts) >= 0) {
            return true;
        }
        for (int i = from; i < size; i++) {
            if (ts0[i] == ts) {
                return true;
            }
        }
        return false;
    }

    private void put(Object chunk, long[] t) {
        if (decoded.size() >= MAX_CHUNKS) {
            clear();
        }
        decoded.put(chunk, t);
    }

    /** Forgets every chunk (after a batch: the head's mutable chunks change with every write). */
    public void clear() {
        decoded.clear();
        covered.clear();
    }
}
