package dev.sundial.table;

import dev.sundial.codec.Compression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Storage and lifecycle options of a table, as given in {@code CREATE TIMESERIES TABLE … WITH (…)}
 * or the embedded API. Partitioning and compression act now; retention and rollup settings are
 * validated and stored now and acted upon by the rollup/retention stages. Immutable.
 *
 * @param partitionBy     time partition size
 * @param compression     codec choice for value columns
 * @param retention       retention per level: key {@code raw} or a rollup interval ({@code 1m}, {@code 1h}, …); absent = keep forever
 * @param rollupIntervals rollup levels, ascending
 * @param coldAfter       partitions ending at least this long ago move to the cold tier (zstd on top of the
 *                        type codecs); null = never (the default)
 */
public record TableOptions(PartitionGranularity partitionBy, Compression compression,
                           Map<String, Interval> retention, List<Interval> rollupIntervals, Interval coldAfter) {

    /** The seed's default rollup ladder. */
    public static final List<Interval> DEFAULT_ROLLUPS = List.of(Interval.parse("1m"), Interval.parse("5m"),
            Interval.parse("1h"), Interval.parse("1d"));

    public static final TableOptions DEFAULTS = new TableOptions(PartitionGranularity.DAY, Compression.AUTO,
            Map.of(), DEFAULT_ROLLUPS, null);

    /** Options without a cold tier. */
    public TableOptions(PartitionGranularity partitionBy, Compression compression, Map<String, Interval> retention,
                        List<Interval> rollupIntervals) {
        this(partitionBy, compression, retention, rollupIntervals, null);
    }

    public TableOptions {
        Objects.requireNonNull(partitionBy, "partitionBy");
        Objects.requireNonNull(compression, "compression");
        // canonical order (raw first, then by level length) so that equal options persist as equal bytes
        List<Map.Entry<String, Interval>> entries = new ArrayList<>(retention.entrySet());
        entries.sort((a, b) -> a.getKey().equals(b.getKey()) ? 0 : a.getKey().equals("raw") ? -1 : b.getKey().equals("raw") ? 1
                : Long.compare(Interval.parse(a.getKey()).approximateNanos(), Interval.parse(b.getKey()).approximateNanos()));
        Map<String, Interval> sorted = new LinkedHashMap<>();
        for (Map.Entry<String, Interval> e : entries) {
            sorted.put(e.getKey(), e.getValue());
        }
        retention = Collections.unmodifiableMap(sorted);
        rollupIntervals = List.copyOf(rollupIntervals);
        for (int i = 1; i < rollupIntervals.size(); i++) {
            if (rollupIntervals.get(i).approximateNanos() <= rollupIntervals.get(i - 1).approximateNanos()) {
                throw new IllegalArgumentException("cannot use rollup_intervals: they must be strictly ascending, got "
                        + rollupIntervals);
            }
        }
    }

    /**
     * Applies options given as text, as in SQL {@code WITH (key='value', …)}: {@code partition_by},
     * {@code compression}, {@code rollup_intervals} (comma-separated, or empty for none) and
     * {@code retention_raw} / {@code retention_<interval>} and {@code cold_after} (an interval, or
     * {@code none}). Unknown keys are an error listing the known ones.
     */
    public TableOptions with(Map<String, String> settings) {
        PartitionGranularity p = partitionBy;
        Compression c = compression;
        Map<String, Interval> ret = new LinkedHashMap<>(retention);
        List<Interval> rollups = rollupIntervals;
        Interval cold = coldAfter;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT);
            String value = e.getValue();
            if (key.equals("partition_by")) {
                p = PartitionGranularity.parse(value);
            } else if (key.equals("compression")) {
                c = Compression.parse(value);
            } else if (key.equals("rollup_intervals")) {
                List<Interval> list = new ArrayList<>();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        list.add(Interval.parse(part));
                    }
                }
                rollups = list;
            } else if (key.equals("cold_after")) {
                String v = value.trim();
                cold = v.equalsIgnoreCase("none") || v.equalsIgnoreCase("off") ? null : Interval.parse(v);
            } else if (key.startsWith("retention_")) {
                String level = key.substring("retention_".length());
                if (!level.equals("raw")) {
                    level = Interval.parse(level).toString();
                }
                ret.put(level, Interval.parse(value));
            } else {
                throw new IllegalArgumentException("cannot set table option '" + e.getKey()
                        + "': unknown option (known: partition_by, compression, rollup_intervals, retention_raw, retention_<interval>, cold_after)");
            }
        }
        TableOptions result = new TableOptions(p, c, ret, rollups, cold);
        for (String level : result.retention.keySet()) {
            if (!level.equals("raw") && result.rollupIntervals.stream().noneMatch(i -> i.toString().equals(level))) {
                throw new IllegalArgumentException("cannot set retention_" + level + ": there is no rollup level " + level
                        + " (rollup_intervals=" + result.rollupIntervalsText() + ")");
            }
        }
        return result;
    }

    public String rollupIntervalsText() {
        return String.join(",", rollupIntervals.stream().map(Interval::toString).toList());
    }

    /**
     * All options as text, in the form {@link #with(Map)} accepts; used by DESCRIBE and the catalog.
     * {@code cold_after} appears only when set, so catalogs of tables without it keep their bytes.
     */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("partition_by", partitionBy.name().toLowerCase(Locale.ROOT));
        m.put("compression", compression.name().toLowerCase(Locale.ROOT));
        m.put("rollup_intervals", rollupIntervalsText());
        for (Map.Entry<String, Interval> e : retention.entrySet()) {
            m.put("retention_" + e.getKey(), e.getValue().toString());
        }
        if (coldAfter != null) {
            m.put("cold_after", coldAfter.toString());
        }
        return m;
    }
}
