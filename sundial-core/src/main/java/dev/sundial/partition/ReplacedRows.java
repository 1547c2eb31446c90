package dev.sundial.partition;

import dev.sundial.head.ChunkTimestamps;
import dev.sundial.head.Head;
import dev.sundial.segment.ChunkMeta;
import dev.sundial.segment.SegmentReader;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.util.Arrays;

/**
 * Counts the rows of a write that replace a row the table already has: writes are upserts per
 * (series, timestamp), so a row replaces when a row of its series at its timestamp is stored (in
 * the live head, a head being flushed, or a segment) or comes earlier in the same write. Exact,
 * and cheap where writes are cheap:
 *
 * <ul>
 *   <li>Per series the table keeps an upper bound of its largest and a lower bound of its smallest
 *   stored timestamp, so a row after the series' last one (in-order ingest, the hot path) or before
 *   its first one (a backfill) is new with one comparison, and no lookup.
 *   <li>Only a row inside a series' stored span is looked up: in the head, the run of its partition
 *   and the chunks whose range covers it; in segments, those of its partition whose Bloom filter
 *   and chunk index hold the series, and the chunk whose range covers it. Decoded timestamps are
 *   reused for the rest of the write ({@link ChunkTimestamps}), so re-writing a range decodes each
 *   chunk once per write.
 *   <li>Rows earlier in the same write are found in a set built for a series only when one of its
 *   rows is not after the previous ones.
 * </ul>
 *
 * <p>The bounds start, on a table's first write after open, from the segments' chunk index and the
 * head (which holds what WAL replay restored: recovery changes nothing of what a count means),
 * and only grow with writes. Deletions, retention and compaction remove or move rows without
 * shrinking them, which is safe: a bound only decides whether to look, and the lookup is exact.
 * Rows past retention that are still stored count as stored.
 *
 * <p>Cost, measured as thread CPU time of {@link #count} around every commit of 864,000 devops rows
 * (100 series × 10 DOUBLE columns, batches of 50,000, {@code WriteBatch.addDoubles}; a throwaway
 * harness, since {@code ./bench jmh EmbeddedIngestBenchmark -p maintenance=off} moved by ±50 % from
 * run to run on the shared 2-core machine and showed no difference either way): in-order rows 5–15
 * ns per row, 0.1–0.3 % of the commit; the same day written again (every row replaced, found in
 * the head and in segments) 150–400 ns per row, about 3 %.
 *
 * <p>Counting runs before the write's WAL record is written, so a failed segment read fails the
 * write with nothing written. Not thread-safe: called under the table's lock, which also keeps the
 * head and the segment set still while a write is counted.
 */
final class ReplacedRows {
    private final TableStorage table;
    private final ChunkTimestamps cache = new ChunkTimestamps();
    /** Per series id: upper bound of the largest stored timestamp (MIN_VALUE: none); null until first used. */
    private long[] maxTs;
    /** Per series id: lower bound of the smallest stored timestamp (MAX_VALUE: none). */
    private long[] minTs;
    /** Timestamps of the current series in the write, once one of its rows is not after the previous ones. */
    private final LongSet seen = new LongSet();

    ReplacedRows(TableStorage table) {
        this.table = table;
    }

    /**
     * How many rows of {@code rows} replace a stored row or an earlier row of the section; records
     * the section's rows in the bounds. Call under the table lock, before the rows reach the head.
     */
    long count(WriteRecordEncoder.TableRows rows) throws IOException {
        int n = rows.rowCount();
        if (n == 0) {
            return 0;
        }
        if (maxTs == null) {
            initBounds();
        }
        int[] order = rows.rowsBySeries();
        long replaced = 0;
        try {
            int k = 0;
            while (k < n) {
                int series = rows.seriesOf(order[k]);
                int end = k + 1;
                while (end < n && rows.seriesOf(order[end]) == series) {
                    end++;
                }
                replaced += countSeries(rows, order, k, end, series);
                k = end;
            }
        } finally {
            cache.clear();
        }
        return replaced;
    }

    /** Counts the rows order[from, to), all of {@code series}, and widens its bounds. */
    private long countSeries(WriteRecordEncoder.TableRows rows, int[] order, int from, int to, int series) throws IOException {
        ensureCapacity(series);
        long storedMax = maxTs[series];
        long storedMin = minTs[series];
        long last = Long.MIN_VALUE; // largest timestamp of this series so far in the write
        long first = Long.MAX_VALUE;
        boolean tracking = false;
        long replaced = 0;
        for (int k = from; k < to; k++) {
            long ts = rows.timestampOf(order[k]);
            if (ts > last && ts > storedMax) { // after everything stored and written so far: new (the hot path)
                last = ts;
                first = Math.min(first, ts);
                if (tracking) {
                    seen.add(ts);
                }
                continue;
            }
            if (!tracking) {
                tracking = true;
                seen.clear();
                for (int j = from; j < k; j++) {
                    seen.add(rows.timestampOf(order[j]));
                }
            }
            if (!seen.add(ts)) {
                replaced++; // an earlier row of this write
            } else if (ts >= storedMin && ts <= storedMax && stored(series, ts)) {
                replaced++;
            }
            last = Math.max(last, ts);
            first = Math.min(first, ts);
        }
        maxTs[series] = Math.max(storedMax, last);
        minTs[series] = Math.min(storedMin, first);
        return replaced;
    }

    /** Whether the table stores a row of {@code series} at {@code ts}: head, heads being flushed, segments. */
    private boolean stored(int series, long ts) throws IOException {
        if (table.liveHead().holds(series, ts, cache)) {
            return true;
        }
        for (Head h : table.frozenHeads()) {
            if (h.holds(series, ts, cache)) {
                return true;
            }
        }
        for (SegmentReader s : table.segments().overlapping(ts, ts + 1)) {
            for (ChunkMeta m : s.chunks(series)) { // empty unless the Bloom filter and the index hold the series
                if (ts >= m.minTs() && ts <= m.maxTs()
                        && cache.sortedHolds(m, ts, () -> ChunkTimestamps.decode(s.readChunk(m, NO_COLUMNS)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final int[] NO_COLUMNS = new int[0];

    /** The bounds of every series from the segments' chunk index and the heads. */
    private void initBounds() {
        maxTs = new long[0];
        minTs = new long[0];
        ensureCapacity(Math.max(0, table.registry().size() - 1));
        for (SegmentReader s : table.segments().segments()) {
            for (int series : s.seriesIds()) {
                for (ChunkMeta m : s.chunks(series)) {
                    widen(series, m.minTs(), m.maxTs());
                }
            }
        }
        table.liveHead().seriesRanges(this::widen);
        for (Head h : table.frozenHeads()) {
            h.seriesRanges(this::widen);
        }
    }

    private void widen(int series, long min, long max) {
        ensureCapacity(series);
        maxTs[series] = Math.max(maxTs[series], max);
        minTs[series] = Math.min(minTs[series], min);
    }

    private void ensureCapacity(int series) {
        if (series < maxTs.length) {
            return;
        }
        int old = maxTs.length;
        int size = Math.max(series + 1, Math.max(16, old * 2));
        maxTs = Arrays.copyOf(maxTs, size);
        minTs = Arrays.copyOf(minTs, size);
        Arrays.fill(maxTs, old, size, Long.MIN_VALUE);
        Arrays.fill(minTs, old, size, Long.MAX_VALUE);
    }

    /** A set of longs (open addressing, linear probing), reused from series to series. */
    private static final class LongSet {
        private static final long EMPTY = Long.MIN_VALUE;
        private long[] slots = new long[64];
        private int size;
        private boolean hasEmptyValue;

        LongSet() {
            Arrays.fill(slots, EMPTY);
        }

        void clear() {
            if (size == 0) {
                hasEmptyValue = false;
                return;
            }
            if (slots.length > 1 << 16) {
                slots = new long[64]; // do not keep a large table for the next series
            }
            Arrays.fill(slots, EMPTY);
            size = 0;
            hasEmptyValue = false;
        }

        /** Adds {@code v}; false when it was there already. */
        boolean add(long v) {
            if (v == EMPTY) {
                boolean had = hasEmptyValue;
                hasEmptyValue = true;
                return !had;
            }
            if (2 * (size + 1) > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            int i = mix(v) & mask;
            while (true) {
                long s = slots[i];
                if (s == EMPTY) {
                    slots[i] = v;
                    size++;
                    return true;
                }
                if (s == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            Arrays.fill(slots, EMPTY);
            int mask = slots.length - 1;
            for (long v : old) {
                if (v != EMPTY) {
                    int i = mix(v) & mask;
                    while (slots[i] != EMPTY) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = v;
                }
            }
        }

        private static int mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
