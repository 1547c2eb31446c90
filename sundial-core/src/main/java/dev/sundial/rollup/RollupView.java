package dev.sundial.rollup;

import dev.sundial.scan.ChunkSource;
import dev.sundial.scan.SeriesMerger;
import dev.sundial.scan.TableSnapshot;
import dev.sundial.table.ColumnBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one query sees of a table's rollup levels: each level's snapshot (segments retained until
 * {@link #close}), how far each is built, and the dirty ranges, all taken at one moment. It plans
 * which source answers which part of a time range ({@link #tiles}) and tells, per series, which
 * ranges must be read raw because their cells may be stale ({@link #staleRanges}).
 *
 * <p>Not thread-safe for reading cells (a merger per thread); the plan methods are.
 */
public final class RollupView implements AutoCloseable {
    /** A part of a query's range and the source that answers it: a level index, or {@link #RAW}. */
    public record Tile(int level, long from, long to) {
        public boolean raw() {
            return level == RAW;
        }
    }

    public static final int RAW = -1;

    private final TableRollups rollups;
    private final long[] built;
    private final Map<Integer, TreeMap<Long, Long>> dirty;
    private final List<TableSnapshot> snapshots;

    RollupView(TableRollups rollups, long[] built, Map<Integer, TreeMap<Long, Long>> dirty, List<TableSnapshot> snapshots) {
        this.rollups = rollups;
        this.built = built;
        this.dirty = dirty;
        this.snapshots = snapshots;
    }

    public List<RollupLevel> levels() {
        return rollups.levels();
    }

    public RollupSchema schema() {
        return rollups.schema();
    }

    /** Level k holds a cell for every bucket below this that had rows (minus dirty ranges); Long.MIN_VALUE = not built. */
    public long builtThrough(int level) {
        return built[level];
    }

    /**
     * Tiles [from, to): the coarsest candidate level takes the whole buckets it has built inside the
     * range (and inside its retention: from {@code availableFrom[level]}); what is left at either
     * edge goes to the next finer candidate, and what no level takes is read raw (the ragged edges,
     * the not yet rolled up tail). Tiles come in time order.
     *
     * @param candidates levels that can answer the query, coarsest first
     */
    public List<Tile> tiles(long from, long to, List<Integer> candidates, long[] availableFrom) {
        List<Tile> out = new ArrayList<>();
        tile(from, to, candidates, 0, availableFrom, out);
        return out;
    }

    private void tile(long a, long b, List<Integer> candidates, int i, long[] availableFrom, List<Tile> out) {
        if (a >= b) {
            return;
        }
        if (i == candidates.size()) {
            out.add(new Tile(RAW, a, b));
            return;
        }
        int k = candidates.get(i);
        long n = rollups.levels().get(k).nanos();
        long lo = Math.max(ceil(a, n), ceil(availableFrom[k], n));
        long hi = built[k] == RollupState.NEVER ? lo : Math.min(floor(b, n), built[k]);
        if (lo >= hi) {
            tile(a, b, candidates, i + 1, availableFrom, out);
            return;
        }
        tile(a, lo, candidates, i + 1, availableFrom, out);
        out.add(new Tile(k, lo, hi));
        tile(hi, b, candidates, i + 1, availableFrom, out);
    }

    static long floor(long t, long n) {
        return Math.floorDiv(t, n) * n;
    }

    static long ceil(long t, long n) {
        if (t > Long.MAX_VALUE - n) {
            return Long.MAX_VALUE;
        }
        long f = floor(t, n);
        return f == t ? t : f + n;
    }

    /**
     * Ranges of a series whose cells may be stale, merged and sorted as {from, to} pairs: its dirty
     * ranges, and the time span of its head rows below the finest level's built mark (written after
     * the build, not yet flushed and so not yet marked dirty).
     */
    public List<long[]> staleRanges(int series, List<ChunkSource> rawSources) {
        TreeMap<Long, Long> m = new TreeMap<>();
        TreeMap<Long, Long> d = dirty.get(series);
        if (d != null) {
            m.putAll(d);
        }
        long mark = built.length == 0 ? RollupState.NEVER : built[0];
        if (mark != RollupState.NEVER) {
            Map<Integer, TreeMap<Long, Long>> one = new java.util.HashMap<>();
            one.put(series, m);
            for (ChunkSource s : rawSources) {
                if (s.inHead() && s.minTs() < mark) {
                    RollupState.add(one, series, s.minTs(), Math.min(s.maxTs(), Long.MAX_VALUE - 1) + 1);
                }
            }
            m = one.get(series);
        }
        List<long[]> out = new ArrayList<>(m.size());
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            out.add(new long[] {e.getKey(), e.getValue()});
        }
        return out;
    }

    /** Sources of a series' cells in level k, for {@link SeriesMerger}: in precedence order. */
    public List<ChunkSource> cellSources(int level, int series) {
        return snapshots.get(level).sources(series);
    }

    /** Reads the cells of a series in level k within [from, to) into {@code sink}, in time order (batches are reused). */
    public void readCells(int level, int series, long from, long to, SeriesMerger merger,
                          java.util.function.Consumer<ColumnBatch> sink) throws IOException {
        merger.readEach(snapshots.get(level).sources(series, from, to), from, to, true, sink);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TableSnapshot s : snapshots) {
            try {
                if (s == null) {
                    continue; // a level never built: not opened
                }
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
