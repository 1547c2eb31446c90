package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.AggregateCursor;
import dev.sundial.AggregateRequest;
import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.RollupAggregation;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Table#aggregate}: the general downsample behind the REST query. Its rows match a plain
 * computation over the inserted points, come in series-then-time order, honour the tag filter
 * (with {@code !=} matching series without the tag), and report the rollup level that answered.
 */
class AggregateApiTest {
    static final long HOUR = 3_600_000_000_000L;
    static final long DAY = 24 * HOUR;
    static final long T0 = 1_700_006_400_000_000_000L / DAY * DAY;
    static final Instant START = Instant.ofEpochSecond(0, T0);
    static final Instant END = Instant.ofEpochSecond(0, T0 + 2 * DAY);

    @TempDir
    Path dir;

    /** Hosts a, b (region eu) and c (no region); usage = minute of the day + host offset, every minute. */
    private static Table load(Sundial db) throws Exception {
        Table t = db.createTable(TableSchema.builder("cpu").tag("host").tag("region").value("usage", ColumnType.DOUBLE)
                .value("note", ColumnType.VARCHAR).build(), TableOptions.DEFAULTS);
        List<DataPoint> batch = new ArrayList<>();
        String[] hosts = {"a", "b", "c"};
        for (int h = 0; h < 3; h++) {
            for (long ts = T0; ts < T0 + 2 * DAY; ts += 60_000_000_000L) {
                DataPoint.Builder p = DataPoint.at(ts).tag("host", hosts[h]).field("usage", (ts - T0) / 60_000_000_000L % 1440 + h * 1000.0);
                if (h < 2) {
                    p.tag("region", "eu");
                }
                batch.add(p.build());
            }
        }
        t.insert(batch);
        db.flush();
        return t;
    }

    private static List<String> rows(AggregateCursor c) {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < c.groupBy().size(); i++) {
                b.append(c.tag(i)).append(' ');
            }
            b.append(Instant.ofEpochSecond(0, c.timestampNanos())).append(' ').append(c.value(0));
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void hourlyMaxPerHostFollowsTheDataInSeriesThenTimeOrderAndReportsTheLevelRead() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = load(db);
            AggregateRequest r = new AggregateRequest(START, END, Duration.ofHours(1), List.of("host"),
                    TagFilter.all().andIn("host", Set.of("a", "c")), List.of("usage"), RollupAggregation.MAX, 1000);
            List<String> raw;
            try (AggregateCursor c = t.aggregate(r)) {
                assertThat(c.level()).isEqualTo("raw");
                raw = rows(c);
            }
            assertThat(raw).hasSize(2 * 48);
            // series first (a, then c), each in time order; the max of an hour is its last minute
            assertThat(raw.get(0)).isEqualTo("a " + START + " 59.0");
            assertThat(raw.get(47)).isEqualTo("a " + Instant.ofEpochSecond(0, T0 + 47 * HOUR) + " 1439.0");
            assertThat(raw.get(48)).isEqualTo("c " + START + " 2059.0");

            db.buildRollups();
            try (AggregateCursor c = t.aggregate(r)) {
                assertThat(c.level()).isEqualTo("1h");
                assertThat(rows(c)).isEqualTo(raw);
            }
            AggregateRequest fiveMinutes = new AggregateRequest(START, END, Duration.ofMinutes(5), List.of(), TagFilter.all(),
                    List.of("usage"), RollupAggregation.COUNT, 10_000);
            try (AggregateCursor c = t.aggregate(fiveMinutes)) {
                assertThat(c.level()).isEqualTo("5m");
                List<String> counts = rows(c);
                assertThat(counts).hasSize(2 * 288).allMatch(s -> s.endsWith(" 15")); // 3 hosts × 5 minutes
            }
            // the seed's downsample goes through the same path: every series, series then time
            List<DataPoint> ds = t.downsample(START, END, Duration.ofDays(1), RollupAggregation.AVG);
            assertThat(ds).extracting(p -> p.tag("host")).containsExactly("a", "a", "b", "b", "c", "c");
        }
    }

    @Test
    void notEqualsMatchesSeriesWithoutTheTagAndARegexMustMatchTheWholeValue() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = load(db);
            assertThat(groups(t, TagFilter.all().andNotEquals("region", "eu"))).containsExactly("c");
            assertThat(groups(t, TagFilter.eq("region", "eu"))).containsExactly("a", "b");
            assertThat(groups(t, TagFilter.all().andMatches("host", "a|b"))).containsExactly("a", "b");
            assertThat(groups(t, TagFilter.all().andMatches("host", "^a"))).containsExactly("a");
            assertThat(groups(t, TagFilter.all().andMatches("host", "x?"))).isEmpty(); // find() would match every host
        }
    }

    private static List<String> groups(Table t, TagFilter where) {
        List<String> out = new ArrayList<>();
        try (AggregateCursor c = t.aggregate(new AggregateRequest(START, END, null, List.of("host"), where, List.of("usage"),
                RollupAggregation.COUNT, 100))) {
            while (c.next()) {
                assertThat(c.value(0)).isEqualTo(2L * 1440);
                out.add(c.tag(0));
            }
        }
        return out;
    }

    @Test
    void unknownNamesAndTypesAreClearErrorsAndTheLimitCutsRows() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false))) {
            Table t = load(db);
            assertThatThrownBy(() -> t.aggregate(new AggregateRequest(START, END, null, List.of("rack"), TagFilter.all(), List.of(),
                    RollupAggregation.AVG, 10))).hasMessageContaining("cannot group table cpu by rack: no such tag column");
            assertThatThrownBy(() -> t.aggregate(new AggregateRequest(START, END, null, List.of(), TagFilter.eq("rack", "1"), List.of(),
                    RollupAggregation.AVG, 10))).hasMessageContaining("cannot filter table cpu by rack");
            assertThatThrownBy(() -> t.aggregate(new AggregateRequest(START, END, null, List.of(), TagFilter.all(), List.of("temp"),
                    RollupAggregation.AVG, 10))).hasMessageContaining("cannot aggregate column temp of table cpu: no such value column");
            assertThatThrownBy(() -> t.aggregate(new AggregateRequest(START, END, null, List.of(), TagFilter.all(), List.of("note"),
                    RollupAggregation.AVG, 10))).hasMessageContaining("it is VARCHAR");
            assertThatThrownBy(() -> new AggregateRequest(END, START, null, List.of(), TagFilter.all(), List.of(),
                    RollupAggregation.AVG, 10)).hasMessageContaining("start is after end");
            try (AggregateCursor c = t.aggregate(new AggregateRequest(START, END, Duration.ofHours(1), null, TagFilter.all(),
                    List.of("note"), RollupAggregation.COUNT, 7))) {
                assertThat(rows(c)).hasSize(7).allMatch(s -> s.endsWith(" 0"));
            }
            try (QueryResult r = db.sql("SELECT 1")) {
                assertThat(r.rollupLevel()).isNull(); // no table aggregated
            }
        }
    }
}
