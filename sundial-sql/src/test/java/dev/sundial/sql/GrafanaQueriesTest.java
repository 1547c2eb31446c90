package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL that Grafana's PostgreSQL data source sends after expanding its macros
 * ({@code src/test/resources/grafana/*.sql}, each saying which macros of which Grafana source produced
 * it) runs on an embedded database, and every result equals the one computed here in plain Java from
 * the rows written: buckets by integer division of the nanoseconds, averages of values that are
 * multiples of 1/4 (so sums are exact), BETWEEN with both ends included. The data has three hosts every
 * 10 s for six hours, one NULL value and one row a nanosecond before a minute boundary. After rollups
 * are built, the Grafana bucket query reads the 1m level and still gives the same rows.
 */
class GrafanaQueriesTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_704_067_200L * S; // 2024-01-01T00:00:00Z
    private static final long FROM = T0 + 3600 * S; // $__timeFilter: 01:00 .. 03:00
    private static final long TO = T0 + 3 * 3600 * S;

    @TempDir
    static Path dir;

    private static Sundial db;
    private static final List<Row> ROWS = new ArrayList<>();

    record Row(long ts, String host, Double usage, long epochS) {
        double epoch() {
            return ts / (double) S; // exact here: the test data's timestamps are whole seconds but for one
        }
    }

    @BeforeAll
    static void load() throws IOException {
        db = Sundial.open(dir, dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false));
        run("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE, epoch_s BIGINT)");
        for (int h = 0; h < 3; h++) {
            for (int i = 0; i < 6 * 360; i++) {
                long ts = T0 + i * 10 * S;
                Double usage = h == 2 && i == 543 ? null : ((i * 37 + h * 11) % 101) / 4.0;
                ROWS.add(new Row(ts, "h" + h, usage, ts / S));
            }
        }
        long edge = T0 + 3660 * S - 1; // 01:00:59.999999999 belongs to the minute of 01:00
        ROWS.add(new Row(edge, "h0", 100.25, Math.floorDiv(edge, S)));
        List<DataPoint> points = new ArrayList<>();
        for (Row r : ROWS) {
            DataPoint.Builder b = DataPoint.at(r.ts()).tag("host", r.host()).field("epoch_s", r.epochS());
            if (r.usage() != null) {
                b.field("usage", r.usage());
            }
            points.add(b.build());
        }
        db.table("cpu").insert(points);
        db.flush();
    }

    @AfterAll
    static void close() throws IOException {
        db.close();
    }

    private static void run(String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    /** The rows of {@code sql}, TIMESTAMP as Instant, and the column names and types. */
    private static Result query(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            List<ResultColumn> cols = r.columns();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
            return new Result(cols.stream().map(ResultColumn::name).toList(), cols.stream().map(ResultColumn::type).toList(), rows);
        }
    }

    record Result(List<String> names, List<SqlType> types, List<List<Object>> rows) {
    }

    static String fixture(String name) {
        try (InputStream in = GrafanaQueriesTest.class.getResourceAsStream("/grafana/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Predicate<Row> inRange(long from, long to) {
        return r -> r.ts() >= from && r.ts() <= to;
    }

    /** Per bucket (of {@code width} seconds from the epoch) the rows, in bucket order. */
    private static TreeMap<Long, List<Row>> buckets(Stream<Row> rows, long width) {
        TreeMap<Long, List<Row>> out = new TreeMap<>();
        rows.forEach(r -> out.computeIfAbsent(Math.floorDiv(r.ts(), width * S) * width, k -> new ArrayList<>()).add(r));
        return out;
    }

    private static Double avg(List<Row> rows) {
        double[] v = rows.stream().filter(r -> r.usage() != null).mapToDouble(Row::usage).toArray();
        return v.length == 0 ? null : Arrays.stream(v).sum() / v.length;
    }

    private static Double max(List<Row> rows) {
        return rows.stream().map(Row::usage).filter(u -> u != null).max(Double::compare).orElse(null);
    }

    private static Double min(List<Row> rows) {
        return rows.stream().map(Row::usage).filter(u -> u != null).min(Double::compare).orElse(null);
    }

    private static List<List<Object>> perBucket(TreeMap<Long, List<Row>> buckets, Function<Map.Entry<Long, List<Row>>, List<Object>> row) {
        return buckets.entrySet().stream().map(row).toList();
    }

    @Test
    void everyFixtureSaysWhereItComesFromAndHasATest() throws IOException, URISyntaxException {
        Path folder = Path.of(GrafanaQueriesTest.class.getResource("/grafana").toURI());
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactly("at_time_zone.sql", "builder_table.sql", "fill_and_variable.sql", "metric_column.sql",
                "time_epoch_table.sql", "time_from_to.sql", "time_group_alias.sql", "timescaledb_time_bucket.sql",
                "unix_epoch_group.sql");
        for (String n : names) {
            assertThat(fixture(n)).as(n).startsWith("-- Grafana PostgreSQL data source").contains("before expansion:");
        }
    }

    @Test
    void timeGroupAliasGivesEpochSecondBucketsNamedTime() {
        Result r = query(fixture("time_group_alias.sql"));
        assertThat(r.names()).containsExactly("time", "usage");
        assertThat(r.types()).containsExactly(SqlType.DOUBLE, SqlType.DOUBLE);
        TreeMap<Long, List<Row>> b = buckets(ROWS.stream().filter(inRange(FROM, TO)), 60);
        assertThat(b).hasSize(121); // 01:00 … 03:00, the last holding only the rows at 03:00:00 (BETWEEN includes it)
        assertThat(r.rows()).containsExactlyElementsOf(perBucket(b, e -> List.of((double) e.getKey(), avg(e.getValue()))));
        // the row at 01:00:59.999999999 (100.25) is in the 01:00 bucket, not the 01:01 one
        assertThat(r.rows().get(0).get(1)).isEqualTo(avg(b.get(FROM / S)));
        assertThat(b.get(FROM / S)).hasSize(19);
    }

    @Test
    void metricColumnGroupsByTimeAndHostOrderedByTime() {
        Result r = query(fixture("metric_column.sql"));
        assertThat(r.names()).containsExactly("time", "metric", "usage");
        List<List<Object>> expected = new ArrayList<>();
        for (String host : List.of("h0", "h1", "h2")) {
            buckets(ROWS.stream().filter(inRange(FROM, TO)).filter(x -> x.host().equals(host)), 300)
                    .forEach((k, v) -> expected.add(List.of((double) k, host, avg(v))));
        }
        // ORDER BY 1 leaves hosts within one bucket in any order: compare as sets, and check the order by time
        assertThat(r.rows()).containsExactlyInAnyOrderElementsOf(expected);
        List<Double> times = r.rows().stream().map(x -> (Double) x.get(0)).toList();
        assertThat(times).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void fillVariantAndMultiValueVariable() {
        Result r = query(fixture("fill_and_variable.sql"));
        TreeMap<Long, List<Row>> b = buckets(ROWS.stream().filter(inRange(FROM, TO)).filter(x -> !x.host().equals("h2")), 300);
        assertThat(r.rows()).containsExactlyElementsOf(perBucket(b, e -> List.of((double) e.getKey(), max(e.getValue()))));
        assertThat(r.rows().get(0).get(1)).isEqualTo(100.25);
    }

    @Test
    void timeEpochTableWithMillisecondRangeAndLimit() {
        Result r = query(fixture("time_epoch_table.sql"));
        assertThat(r.names()).containsExactly("time", "host", "usage");
        List<List<Object>> expected = ROWS.stream().filter(inRange(FROM + S / 2, FROM + 120 * S))
                .sorted(Comparator.comparingLong(Row::ts).thenComparing(Row::host))
                .limit(50)
                .map(x -> Arrays.<Object>asList(x.epoch(), x.host(), x.usage()))
                .toList();
        assertThat(expected).hasSize(37); // 01:00:10 … 01:02:00 for three hosts, and the edge row
        // the edge row's epoch (01:00:59.999999999) is the DOUBLE 1704070860.0, equal to the next row's; ORDER BY
        // 1,2 keeps the scan order (time order within a series) for the tie, as the expected list does
        assertThat(r.rows()).containsExactlyElementsOf(expected);
    }

    @Test
    void timeFromAndTimeToAreIsoStringsComparedWithTheTimestamp() {
        Result r = query(fixture("time_from_to.sql"));
        assertThat(r.types()).containsExactly(SqlType.TIMESTAMP, SqlType.DOUBLE);
        List<List<Object>> expected = ROWS.stream().filter(x -> x.host().equals("h1") && x.ts() >= FROM && x.ts() < FROM + 300 * S)
                .sorted(Comparator.comparingLong(Row::ts))
                .map(x -> List.<Object>of(Instant.ofEpochSecond(0, x.ts()), x.usage()))
                .toList();
        assertThat(expected).hasSize(30);
        assertThat(r.rows()).containsExactlyElementsOf(expected);
    }

    @Test
    void unixEpochGroupOnASecondsColumnStaysBigint() {
        Result r = query(fixture("unix_epoch_group.sql"));
        assertThat(r.types()).containsExactly(SqlType.BIGINT, SqlType.BIGINT, SqlType.BIGINT);
        TreeMap<Long, List<Row>> b = new TreeMap<>();
        ROWS.stream().filter(x -> x.epochS() >= FROM / S && x.epochS() <= TO / S)
                .forEach(x -> b.computeIfAbsent(Math.floorDiv(x.epochS(), 60) * 60, k -> new ArrayList<>()).add(x));
        assertThat(r.rows()).containsExactlyElementsOf(perBucket(b, e -> List.of(e.getKey(), (long) e.getValue().size(),
                e.getValue().stream().mapToLong(Row::epochS).min().orElseThrow() - FROM / S)));
    }

    @Test
    void timescaleDbModeUsesTimeBucketWithFractionalSeconds() {
        Result r = query(fixture("timescaledb_time_bucket.sql"));
        assertThat(r.types()).containsExactly(SqlType.TIMESTAMP, SqlType.DOUBLE);
        TreeMap<Long, List<Row>> b = buckets(ROWS.stream().filter(inRange(FROM, TO)), 60);
        assertThat(r.rows()).containsExactlyElementsOf(perBucket(b, e -> List.of(Instant.ofEpochSecond(e.getKey()), avg(e.getValue()))));
    }

    @Test
    void atTimeZoneUtcInsideTheBucketChangesNothing() {
        Result r = query(fixture("at_time_zone.sql"));
        assertThat(r.names()).containsExactly("time", "min", "max");
        TreeMap<Long, List<Row>> b = buckets(ROWS.stream().filter(inRange(FROM, TO)), 3600);
        assertThat(r.rows()).containsExactlyElementsOf(perBucket(b, e -> List.of((double) e.getKey(), min(e.getValue()), max(e.getValue()))));
    }

    @Test
    void builderTableQueryWithGroupByOrderByDescAndLimit() {
        Result r = query(fixture("builder_table.sql"));
        assertThat(r.names()).containsExactly("host", "avg");
        List<List<Object>> expected = new ArrayList<>();
        for (String host : List.of("h2", "h1", "h0")) {
            expected.add(List.of(host, avg(ROWS.stream().filter(inRange(FROM, TO)).filter(x -> x.host().equals(host)).toList())));
        }
        assertThat(r.rows()).containsExactlyElementsOf(expected);
    }

    @Test
    void afterRollupsAreBuiltTheEpochBucketReadsTheMinuteLevelWithTheSameResult() throws IOException {
        String sql = fixture("time_group_alias.sql");
        List<List<Object>> raw = query(sql).rows();
        db.buildRollups();
        String plan = query("EXPLAIN " + sql).rows().toString();
        assertThat(plan).contains("rollup level: 1m").contains("floor(extract(epoch from ts) / 60) * 60");
        assertThat(query(sql).rows()).isEqualTo(raw);
        // the 5m buckets of the old builder read the 5m level; AT TIME ZONE 'UTC' is the column itself
        assertThat(query("EXPLAIN " + fixture("metric_column.sql")).rows().toString()).contains("rollup level: 5m");
        assertThat(query("EXPLAIN " + fixture("at_time_zone.sql")).rows().toString()).contains("rollup level: 1h");
    }
}
