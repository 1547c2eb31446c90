package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.head.ColumnStats;
import dev.sundial.index.SeriesKey;
import dev.sundial.scan.ChunkSource;
import dev.sundial.table.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code LATEST BY keys} (and {@code DISTINCT ON (tags) … ORDER BY tags, ts DESC}): the row with the
 * greatest timestamp per key. When the keys are tags and no row filter remains, each series is
 * answered from its newest source alone — from that chunk's statistics when every column read is
 * present in all its rows (no decoding at all), else by decoding just that chunk. Emits the winning
 * rows in the table layout, in key order of first appearance.
 */
public final class LatestByOperator extends Operator {
    private final ScanSpec spec;
    private final int[] keySlots;
    private final boolean keysAreTags;
    private boolean done;
    private long seriesFromStats;
    private long seriesDecoded;

    public LatestByOperator(QueryContext ctx, List<ResultColumn> layout, ScanSpec spec, int[] keySlots) {
        super(ctx, layout);
        this.spec = spec;
        this.keySlots = keySlots;
        boolean tags = true;
        for (int s : keySlots) {
            tags &= s >= 1 && s <= spec.tagCount();
        }
        this.keysAreTags = tags;
    }

    @Override
    protected Batch produce() {
        if (done) {
            return null;
        }
        done = true;
        SeriesBatchReader reader = new SeriesBatchReader(spec, false);
        int slots = spec.slotCount();
        SqlType[] keyTypes = new SqlType[keySlots.length];
        for (int k = 0; k < keySlots.length; k++) {
            keyTypes[k] = columns().get(keySlots[k]).type();
        }
        GroupTable groups = new GroupTable(keyTypes);
        List<Object[]> best = new ArrayList<>();
        List<Long> bestTs = new ArrayList<>();
        int[] gids = new int[4096];
        for (int id : spec.seriesIds()) {
            ctx.check();
            SeriesKey key = spec.table().seriesKey(id);
            List<ChunkSource> sources = spec.snapshot().sources(id);
            List<Batch> batches = new ArrayList<>();
            if (keysAreTags && spec.rowFilter() == null) {
                Batch fast = newestRow(reader, key, sources);
                if (fast != null) {
                    batches.add(fast);
                    seriesFromStats++;
                } else {
                    ChunkSource newest = newestAlone(sources);
                    if (newest != null) {
                        reader.read(key, List.of(newest), spec.from(), spec.to(), batches::add);
                    }
                    if (batches.isEmpty()) {
                        reader.read(key, sources, spec.from(), spec.to(), batches::add);
                    }
                    seriesDecoded++;
                }
            } else {
                reader.read(key, sources, spec.from(), spec.to(), batches::add);
                seriesDecoded++;
            }
            for (Batch b : batches) {
                if (gids.length < b.size) {
                    gids = new int[b.size * 2];
                }
                Vec[] kv = new Vec[keySlots.length];
                for (int k = 0; k < kv.length; k++) {
                    kv[k] = b.cols[keySlots[k]];
                }
                groups.assign(kv, b.size, gids);
                for (int i = 0; i < b.size; i++) {
                    int g = gids[i];
                    long ts = b.cols[0].getLong(i);
                    if (g == best.size()) {
                        best.add(null);
                        bestTs.add(Long.MIN_VALUE);
                    }
                    if (best.get(g) == null || ts > bestTs.get(g)) {
                        Object[] row = new Object[slots];
                        for (int c = 0; c < slots; c++) {
                            row[c] = b.cols[c] == null ? null : b.cols[c].get(i);
                        }
                        best.set(g, row);
                        bestTs.set(g, ts);
                    }
                }
            }
        }
        return Batch.ofRows(columns(), best);
    }

    /** The source with the greatest end when no other source reaches into its time range, else null. */
    private static ChunkSource newestAlone(List<ChunkSource> sources) {
        ChunkSource newest = null;
        for (ChunkSource s : sources) {
            if (newest == null || s.maxTs() > newest.maxTs()) {
                newest = s;
            }
        }
        if (newest == null) {
            return null;
        }
        for (ChunkSource s : sources) {
            if (s != newest && s.maxTs() >= newest.minTs()) {
                return null;
            }
        }
        return newest;
    }

    /** The newest row from chunk statistics alone, or null when they cannot give it exactly. */
    private Batch newestRow(SeriesBatchReader reader, SeriesKey key, List<ChunkSource> sources) {
        ChunkSource s = newestAlone(sources);
        if (s == null || !s.hasStats() || s.maxTs() >= spec.to() || s.maxTs() < spec.from()) {
            return null;
        }
        int tagCount = spec.tagCount();
        Vec[] cols = reader.keyRow(reader.tagVectors(key), s.maxTs()).cols;
        for (int col : spec.valueColumns()) {
            ColumnType type = spec.table().schema().value(col).type();
            ColumnStats st = s.stats(col);
            if (type == ColumnType.VARCHAR || st == null || st.count() != s.rowCount()) {
                return null;
            }
            long bits = st.lastBits();
            cols[1 + tagCount + col] = switch (type) {
                case DOUBLE -> Vec.constant(SqlType.DOUBLE, Double.longBitsToDouble(bits));
                case BIGINT -> Vec.constant(SqlType.BIGINT, bits);
                case BOOLEAN -> Vec.constant(SqlType.BOOLEAN, bits != 0);
                case VARCHAR -> throw new IllegalStateException("BUG: no text statistics");
            };
        }
        return new Batch(1, cols);
    }

    @Override
    public List<Operator> children() {
        return List.of();
    }

    @Override
    public String explain() {
        return "LatestBy table=" + spec.table().name() + " keys=" + keySlots.length + (keysAreTags && spec.rowFilter() == null
                ? " (newest chunk per series; statistics when complete)" : " (scans matching rows)");
    }

    @Override
    public List<String> explainDetails() {
        List<String> d = new ArrayList<>(ScanExplain.describe(spec));
        if (spec.rowFilter() != null) {
            d.add("filter: " + spec.rowFilter().describe());
        }
        if (ctx.analyze()) {
            d.add("series answered from statistics: " + seriesFromStats + ", decoded: " + seriesDecoded);
        }
        return d;
    }

    @Override
    public void close() {
        ScanExplain.closeSnapshot(spec);
    }
}
