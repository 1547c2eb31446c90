package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GROUP BY a value column (alone, beside a tag or a time bucket, only in GROUP BY, or inside an
 * expression) gives the groups a model computes, whether the rows are in the in-memory head, in
 * flushed segments, or both. Regression for issue 7 defect 9: push-down from chunk statistics
 * accepted a value-column key and evaluated it on a row that carries only the timestamp and tags
 * ("BUG: column n (slot 3) was not read") as soon as a chunk was in a segment.
 */
class GroupByValueColumnTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int HOSTS = 3;
    private static final int ROWS_PER_HOST = 3_000;

    /** Where the rows live when the queries run. */
    enum Placement { HEAD, SEGMENTS, HEAD_AND_SEGMENTS }

    /** One value column: its name, the expression on it, and how the model computes both. */
    private record Column(String name, String expression, Function<Row, Object> value, Function<Object, Object> applyExpression) {}

    private record Row(String host, long ts, Long n, String s, Double d, Boolean b) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("n", "n + 1", Row::n, v -> v == null ? null : (Long) v + 1),
            new Column("s", "s || '!'", Row::s, v -> v == null ? null : v + "!"),
            new Column("d", "d * 2", Row::d, v -> v == null ? null : (Double) v * 2),
            new Column("b", "NOT b", Row::b, v -> v == null ? null : !(Boolean) v));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Placement.class)
    void groupsByEveryValueColumnType(Placement placement) throws Exception {
        List<Row> rows = rows();
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, n BIGINT, s VARCHAR, d DOUBLE, b BOOLEAN)"
                    + " WITH (partition_by='hour')").close();
            int half = placement == Placement.HEAD_AND_SEGMENTS ? ROWS_PER_HOST / 2 : ROWS_PER_HOST;
            write(db, rows.stream().filter(r -> r.ts < T0 + half * SECOND).toList());
            if (placement != Placement.HEAD) {
                db.flush();
            }
            write(db, rows.stream().filter(r -> r.ts >= T0 + half * SECOND).toList());

            for (Column c : COLUMNS) {
                String what = placement + " " + c.name;
                assertThat(countsByKey(db, "SELECT " + c.name + ", count(*) FROM t GROUP BY " + c.name))
                        .as(what).isEqualTo(model(rows, r -> Arrays.asList(c.value.apply(r))));
                assertThat(countsByKey(db, "SELECT " + c.expression + ", count(*) FROM t GROUP BY 1"))
                        .as(what + " in an expression").isEqualTo(model(rows, r -> Arrays.asList(c.applyExpression.apply(c.value.apply(r)))));
                assertThat(countsByKey(db, "SELECT host, " + c.name + ", count(*) FROM t GROUP BY host, " + c.name))
                        .as(what + " beside a tag").isEqualTo(model(rows, r -> Arrays.asList(r.host, c.value.apply(r))));
                assertThat(countsByKey(db, "SELECT time_bucket('1h', ts), " + c.name + ", count(*) FROM t GROUP BY 1, 2"))
                        .as(what + " beside a time bucket").isEqualTo(model(rows, r -> Arrays.asList(hourStart(r.ts), c.value.apply(r))));
                List<Long> counts = new ArrayList<>(model(rows, r -> Arrays.asList(c.value.apply(r))).values());
                counts.sort(null);
                assertThat(column(db, "SELECT count(*) FROM t GROUP BY " + c.name + " ORDER BY 1"))
                        .as(what + " only in GROUP BY").isEqualTo(new ArrayList<Object>(counts));
            }
            // an aggregate that chunk statistics could answer, grouped by a value column
            Map<Object, Instant> maxTs = new HashMap<>();
            for (Row r : rows) {
                maxTs.merge(r.n, instant(r.ts), (x, y) -> x.isAfter(y) ? x : y);
            }
            Map<Object, Object> got = new HashMap<>();
            try (QueryResult r = db.sql("SELECT n, max(ts) FROM t GROUP BY n")) {
                while (r.next()) {
                    got.put(r.getObject(0), r.getObject(1));
                }
            }
            assertThat(got).as(placement + " max(ts) by n").isEqualTo(maxTs);
        }
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS_PER_HOST; i++) {
            for (int h = 0; h < HOSTS; h++) {
                int k = i + h;
                // every column has NULLs, at different rows, and a few distinct values
                rows.add(new Row("h" + h, T0 + i * SECOND + h,
                        k % 7 == 0 ? null : (long) (k % 4),
                        k % 5 == 0 ? null : String.valueOf((char) ('a' + k % 3)),
                        k % 11 == 0 ? null : 0.5 + k % 3,
                        k % 13 == 0 ? null : k % 2 == 0));
            }
        }
        return rows;
    }

    private static void write(Sundial db, List<Row> rows) throws Exception {
        WriteBatch batch = db.newBatch();
        for (Row r : rows) {
            DataPoint.Builder p = DataPoint.at(r.ts).tag("host", r.host);
            if (r.n != null) {
                p.field("n", r.n);
            }
            if (r.s != null) {
                p.field("s", r.s);
            }
            if (r.d != null) {
                p.field("d", r.d);
            }
            if (r.b != null) {
                p.field("b", r.b);
            }
            batch.add("t", p.build());
        }
        batch.commit();
    }

    private static Map<List<Object>, Long> model(List<Row> rows, Function<Row, List<Object>> key) {
        Map<List<Object>, Long> m = new HashMap<>();
        for (Row r : rows) {
            m.merge(key.apply(r), 1L, Long::sum);
        }
        return m;
    }

    /** The groups of {@code sql}, whose last column is a count and the others the group key. */
    private static Map<List<Object>, Long> countsByKey(Sundial db, String sql) {
        Map<List<Object>, Long> m = new HashMap<>();
        try (QueryResult r = db.sql(sql)) {
            int keys = r.columns().size() - 1;
            while (r.next()) {
                List<Object> key = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    key.add(r.getObject(i));
                }
                Long previous = m.put(key, (Long) r.getObject(keys));
                assertThat(previous).as("one group per key in %s", sql).isNull();
            }
        }
        return m;
    }

    private static List<Object> column(Sundial db, String sql) {
        List<Object> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                out.add(r.getObject(0));
            }
        }
        return out;
    }

    private static Instant hourStart(long ts) {
        return instant(ts - Math.floorMod(ts, 3600 * SECOND));
    }

    private static Instant instant(long ts) {
        return Instant.ofEpochSecond(Math.floorDiv(ts, SECOND), Math.floorMod(ts, SECOND));
    }
}
