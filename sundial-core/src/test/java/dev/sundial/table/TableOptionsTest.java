package dev.sundial.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.codec.Compression;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableOptionsTest {
    @Test
    void intervalsInShortAndPostgresForms() {
        assertThat(Interval.parse("5m")).isEqualTo(Interval.parse("5 minutes"));
        assertThat(Interval.parse("1h")).isEqualTo(Interval.parse("1 hour"));
        assertThat(Interval.parse("7d").nanos()).isEqualTo(7 * 86_400_000_000_000L);
        assertThat(Interval.parse("1y")).isEqualTo(new Interval(12, 0));
        assertThat(Interval.parse("1 day 12 hours").toString()).isEqualTo("36h");
        assertThat(Interval.parse("90s").toString()).isEqualTo("90s");
        assertThatThrownBy(() -> Interval.parse("5 parsecs")).hasMessageContaining("unknown unit 'parsecs'");
        assertThatThrownBy(() -> Interval.parse("5")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> Interval.parse("0s")).hasMessageContaining("zero");
        assertThatThrownBy(() -> Interval.parse("99999999999999999999d")).hasMessageContaining("too large");
    }

    @Test
    void seedOptionsAreValidatedAndRoundTripAsText() {
        TableOptions o = TableOptions.DEFAULTS.with(Map.of("retention_raw", "7d", "retention_1m", "30d", "retention_1h", "1y",
                "retention_1d", "5y", "rollup_intervals", "1m,5m,1h,1d", "compression", "gorilla", "partition_by", "week"));
        assertThat(o.partitionBy()).isEqualTo(PartitionGranularity.WEEK);
        assertThat(o.compression()).isEqualTo(Compression.GORILLA);
        assertThat(o.retention()).containsEntry("raw", Interval.parse("7d")).containsEntry("1h", Interval.parse("1y"));
        assertThat(TableOptions.DEFAULTS.with(o.asText())).isEqualTo(o);
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("retention_2m", "1d")))
                .hasMessageContaining("there is no rollup level 2m");
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("rollup_intervals", "1h,1m")))
                .hasMessageContaining("each must divide the next");
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("rollup_intervals", "5m,7m")))
                .hasMessageContaining("5m does not divide 7m");
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("rollup_intervals", "1d,1mo")))
                .hasMessageContaining("not a fixed width");
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("rollup_aggregations", "min,median")))
                .hasMessageContaining("unknown aggregation 'median'");
        TableOptions some = TableOptions.DEFAULTS.with(Map.of("rollup_aggregations", "max, avg"));
        assertThat(some.rollupAggregations()).containsExactly("max", "avg");
        assertThat(TableOptions.DEFAULTS.with(some.asText())).isEqualTo(some);
        assertThat(TableOptions.DEFAULTS.with(Map.of("rollup_aggregations", "all")).rollupAggregations()).isEmpty();
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("colour", "blue"))).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> TableOptions.DEFAULTS.with(Map.of("partition_by", "decade"))).hasMessageContaining("hour, day, week or month");
    }

    private static long ns(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void partitionBoundariesAreUtcWeeksStartMondayMonthsAreCalendar() {
        long t = ns("2024-02-29T13:45:10.5Z");
        assertThat(PartitionGranularity.HOUR.partitionStart(t)).isEqualTo(ns("2024-02-29T13:00:00Z"));
        assertThat(PartitionGranularity.DAY.partitionStart(t)).isEqualTo(ns("2024-02-29T00:00:00Z"));
        assertThat(PartitionGranularity.WEEK.partitionStart(t)).isEqualTo(ns("2024-02-26T00:00:00Z")); // a Monday
        assertThat(PartitionGranularity.MONTH.partitionStart(t)).isEqualTo(ns("2024-02-01T00:00:00Z"));
        assertThat(PartitionGranularity.MONTH.partitionEnd(ns("2024-02-01T00:00:00Z"))).isEqualTo(ns("2024-03-01T00:00:00Z"));
        assertThat(PartitionGranularity.WEEK.partitionEnd(ns("2024-02-26T00:00:00Z"))).isEqualTo(ns("2024-03-04T00:00:00Z"));
        long before1970 = ns("1969-12-31T23:59:59Z");
        assertThat(PartitionGranularity.DAY.partitionStart(before1970)).isEqualTo(ns("1969-12-31T00:00:00Z"));
        assertThat(PartitionGranularity.HOUR.partitionEnd(PartitionGranularity.HOUR.partitionStart(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        for (PartitionGranularity g : PartitionGranularity.values()) {
            long s = g.partitionStart(Long.MIN_VALUE + 1_000_000_000_000_000L);
            assertThat(g.partitionEnd(s)).isGreaterThan(s);
        }
    }
}
