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
 * @param rollupIntervals rollup levels, ascending, fixed widths, each dividing the next
 * @param rollupAggregations aggregations the rollup levels keep (the seed's {@code RollupConfig.aggregations};
 *                        empty = all: count, sum, avg, min, max, first, last, stddev, variance, percentile)
 * @param coldAfter       partitions ending at least this long ago move to the cold tier (zstd on top of the
 *                        type codecs); null = never (the default)
 */
public record TableOptions(PartitionGranularity partitionBy, Compression compression,
                           Map<String, Interval> retention, List<Interval> rollupIntervals, List<String> rollupAggregations,
                           Interval coldAfter) {

    /** Options keeping every rollup aggregation, without a cold tier. */
    public TableOptions(PartitionGranularity partitionBy, Compression compression, Map<String, Interval> retention,
                        List<Interval> rollupIntervals) {
        this(partitionBy, compression, retention, rollupIntervals, List.of(), null);
    }

    /** What {@code rollup_aggregations} accepts. */
    public static final List<String> ROLLUP_AGGREGATIONS = List.of("count", "sum", "avg", "min", "max", "first", "last",
            "stddev", "variance", "percentile");

    /** The seed's default rollup ladder. */
    public static final List<Interval> DEFAULT_ROLLUPS = List.of(Interval.parse("1m"), Interval.parse("5m"),
            Interval.parse("1h"), Interval.parse("1d"));

    public static final TableOptions DEFAULTS = new TableOptions(PartitionGranularity.DAY, Compression.AUTO,
            Map.of(), DEFAULT_ROLLUPS);

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
        for (int i = 0; i < rollupIntervals.size(); i++) {
            Interval w = rollupIntervals.get(i);
            if (w.months() != 0 || w.nanos() <= 0) {
                throw new IllegalArgumentException("cannot use rollup_intervals: " + w + " is not a fixed width (use days, hours,"
                        + " minutes or seconds; months and years vary in length)");
            }
            if (i > 0) {
                Interval prev = rollupIntervals.get(i - 1);
                if (w.nanos() <= prev.nanos() || w.nanos() % prev.nanos() != 0) {
                    throw new IllegalArgumentException("cannot use rollup_intervals: each must divide the next, and " + prev
                            + " does not divide " + w + " (got " + rollupIntervals + ")");
                }
            }
        }
        rollupAggregations = List.copyOf(rollupAggregations);
        for (String a : rollupAggregations) {
            if (!ROLLUP_AGGREGATIONS.contains(a)) {
                throw new IllegalArgumentException("cannot use rollup_aggregations: unknown aggregation '" + a + "' (known: "
                        + String.join(", ", ROLLUP_AGGREGATIONS) + ")");
            }
        }
    }

    /**
     * Applies options given as text, as in SQL {@code WITH (key='value', …)}: {@code partition_by},
     * {@code compression}, {@code rollup_intervals} (comma-separated, or empty for none),
     * {@code rollup_aggregations}, {@code retention_raw} / {@code retention_<interval>} and {@code cold_after}
     * (an interval, or {@code none}). Unknown keys are an error listing the known ones.
     */
    public TableOptions with(Map<String, String> settings) {
        PartitionGranularity p = partitionBy;
        Compression c = compression;
        Map<String, Interval> ret = new LinkedHashMap<>(retention);
        List<Interval> rollups = rollupIntervals;
        List<String> aggregations = rollupAggregations;
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
            } else if (key.equals("rollup_aggregations")) {
                List<String> list = new ArrayList<>();
                for (String part : value.split(",")) {
                    String a = part.trim().toLowerCase(Locale.ROOT);
                    if (!a.isEmpty() && !a.equals("all") && !list.contains(a)) {
                        list.add(a);
                    }
                }
                aggregations = list.containsAll(ROLLUP_AGGREGATIONS) ? List.of() : list;
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
                        + "': unknown option (known: partition_by, compression, rollup_intervals, rollup_aggregations, retention_raw, retention_<interval>, cold_after)");
            }
        }
        TableOptions result = new TableOptions(p, c, ret, rollups, aggregations, cold);
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

    /** All options as text, in the form {@link #with(Map)} accepts; used by DESCRIBE and the catalog. */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("partition_by", partitionBy.name().toLowerCase(Locale.ROOT));
        m.put("compression", compression.name().toLowerCase(Locale.ROOT));
        m.put("rollup_intervals", rollupIntervalsText());
        if (coldAfter != null) { // only when set, so catalogs of tables without it keep their bytes
            m.put("cold_after", coldAfter.toString());
        }
        if (!rollupAggregations.isEmpty()) { // the default (all) is not written: catalogs of earlier builds stay byte-identical
            m.put("rollup_aggregations", String.join(",", rollupAggregations));
        }
        for (Map.Entry<String, Interval> e : retention.entrySet()) {
            m.put("retention_" + e.getKey(), e.getValue().toString());
        }
        return m;
    }
}
