package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.ColumnSet;
import dev.sundial.DataPoint;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.SeriesRef;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.PartitionGranularity;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.table.TimestampRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7, defect 6: rows near {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} were accepted, and then
 * count(*), {@code SELECT *}, export and stats disagreed (a partition start overflowed). Sundial
 * now accepts {@link TimestampRange} and refuses the rest on every write path, with nothing of the
 * batch written; at the bounds every read path agrees, in the head and after a flush.
 */
class TimestampRangeTest {
    private static final long DAY = 86_400_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void boundsAreTheDocumentedInstants() {
        assertThat(TimestampRange.MIN_NANOS).isEqualTo(nanos(Instant.parse(TimestampRange.MIN_TEXT)));
        assertThat(TimestampRange.MAX_NANOS).isEqualTo(nanos(Instant.parse(TimestampRange.MAX_TEXT)));
        // the headroom the bounds promise: every partition of an accepted row starts and ends inside int64
        for (PartitionGranularity g : PartitionGranularity.values()) {
            long first = g.partitionStart(TimestampRange.MIN_NANOS);
            assertThat(first).isLessThanOrEqualTo(TimestampRange.MIN_NANOS).isGreaterThan(Long.MIN_VALUE + 90 * DAY);
            long last = g.partitionEnd(g.partitionStart(TimestampRange.MAX_NANOS));
            assertThat(last).isGreaterThan(TimestampRange.MAX_NANOS).isLessThan(Long.MAX_VALUE - 90 * DAY);
        }
    }

    /** The accepted extremes and a few rows between them, in partitions far apart. */
    private static long[] timestamps() {
        return new long[] {TimestampRange.MIN_NANOS, TimestampRange.MIN_NANOS + 1, TimestampRange.MIN_NANOS + 40 * DAY, -1, 0,
            1_700_000_000_000_000_000L, TimestampRange.MAX_NANOS - 40 * DAY, TimestampRange.MAX_NANOS - 1, TimestampRange.MAX_NANOS};
    }

    @ParameterizedTest
    @EnumSource(PartitionGranularity.class)
    void theExtremesReadTheSameEverywhere(PartitionGranularity g) throws Exception {
        Path dir = tmp.resolve("data");
        long[] ts = timestamps();
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS.with(Map.of("partition_by", g.name().toLowerCase())));
            List<DataPoint> points = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                points.add(DataPoint.at(ts[i]).tag("host", i % 2 == 0 ? "a" : "b").field("v", (double) i).build());
            }
            t.insert(points);
            assertAllReadsAgree(db, t, ts); // from the head
            db.flush();
            assertAllReadsAgree(db, t, ts); // from segments
        }
        CliRun export = CliRun.run("export", "--data-dir", dir.toString(), "--table", "m");
        assertThat(export.code()).as(export.err()).isZero();
        TreeSet<Long> exported = new TreeSet<>();
        for (String line : export.out().split("\n")) {
            exported.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
        }
        assertThat(export.out().split("\n")).hasSize(ts.length);
        assertThat(exported).containsExactlyElementsOf(sorted(ts));

        CliRun stats = CliRun.run("stats", "--data-dir", dir.toString(), "--json");
        assertThat(stats.code()).as(stats.err()).isZero();
        JsonNode table = new ObjectMapper().readTree(stats.out()).get("tables").get(0);
        assertThat(table.get("rows").asLong()).isEqualTo(ts.length);
        assertThat(table.get("points").asLong()).isEqualTo(ts.length);

        // and what export wrote imports back whole: the line-protocol path accepts the same range
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, export.out(), StandardCharsets.UTF_8);
        Path again = tmp.resolve("again");
        CliRun imp = CliRun.run("import", "--data-dir", again.toString(), "--no-progress", lp.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(CliRun.run("export", "--data-dir", again.toString(), "--table", "m").out()).isEqualTo(export.out());
    }

    private static void assertAllReadsAgree(Sundial db, Table t, long[] ts) throws Exception {
        List<Long> expected = sorted(ts);
        try (QueryResult r = db.sql("SELECT count(*), count(v), min(timestamp), max(timestamp) FROM m")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(ts.length);
            assertThat(r.getLong(1)).isEqualTo(ts.length);
            assertThat(r.getLong(2)).isEqualTo(TimestampRange.MIN_NANOS);
            assertThat(r.getLong(3)).isEqualTo(TimestampRange.MAX_NANOS);
        }
        List<Long> selected = new ArrayList<>();
        try (QueryResult r = db.sql("SELECT * FROM m ORDER BY timestamp")) {
            int col = r.columns().stream().map(c -> c.name()).toList().indexOf("timestamp");
            while (r.next()) {
                selected.add(r.getLong(col));
            }
        }
        assertThat(selected).isEqualTo(expected);
        try (QueryResult r = db.sql("SELECT count(*) FROM m WHERE timestamp >= '" + TimestampRange.MIN_TEXT + "' AND timestamp <= '"
                + TimestampRange.MAX_TEXT + "'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(ts.length);
        }
        // day buckets of the extremes start at their midnight (the default origin is 2000-01-03, 322 years away)
        try (QueryResult r = db.sql("SELECT time_bucket('1d', timestamp) AS b, count(*) FROM m GROUP BY b ORDER BY b")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isEqualTo(TimestampRange.MIN_NANOS);
            assertThat(r.getLong(1)).isEqualTo(2);
            long last = 0;
            while (r.next()) {
                last = r.getLong(0);
            }
            assertThat(last).isEqualTo(TimestampRange.MAX_NANOS + 1 - DAY);
        }
        List<Long> queried = new ArrayList<>();
        for (DataPoint p : t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
            queried.add(p.timestampNanos());
        }
        queried.sort(null);
        assertThat(queried).isEqualTo(expected);
        assertThat(t.query(Instant.parse(TimestampRange.MIN_TEXT), Instant.parse(TimestampRange.MAX_TEXT).plusNanos(1), TagFilter.all()))
                .hasSize(ts.length);
        assertThat(t.stats().rows()).isEqualTo(ts.length);
        assertThat(t.stats().points()).isEqualTo(ts.length);
    }

    private static List<Long> sorted(long[] ts) {
        List<Long> l = new ArrayList<>();
        for (long t : ts) {
            l.add(t);
        }
        l.sort(null);
        return l;
    }

    private static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    @Test
    void justOutsideIsRefusedOnEveryPathWithNothingWritten() throws Exception {
        Path dir = tmp.resolve("data");
        long below = TimestampRange.MIN_NANOS - 1;
        long above = TimestampRange.MAX_NANOS + 1;
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
            for (long bad : new long[] {below, above, Long.MIN_VALUE, Long.MAX_VALUE}) {
                // embedded, one point
                assertThatThrownBy(() -> t.insert(DataPoint.at(bad).tag("host", "a").field("v", 1.0).build()))
                        .isInstanceOf(WriteBatch.WriteException.class)
                        .hasMessage("cannot write point of table m: " + TimestampRange.outsideReason(bad));
                // embedded, a batch with good points around the bad one: all or nothing
                List<DataPoint> batch = List.of(DataPoint.at(1000).tag("host", "a").field("v", 1.0).build(),
                        DataPoint.at(bad).tag("host", "a").field("v", 2.0).build(),
                        DataPoint.at(2000).tag("host", "a").field("v", 3.0).build());
                assertThatThrownBy(() -> t.insert(batch)).isInstanceOf(WriteBatch.WriteException.class).hasMessageContaining("outside");
                // the columnar fast path
                SeriesRef s = t.series(Map.of("host", "a"));
                ColumnSet cols = t.columns("v");
                WriteBatch b = db.newBatch();
                assertThatThrownBy(() -> b.addDoubles(s, bad, cols, new double[] {1.0}, 0)).isInstanceOf(WriteBatch.WriteException.class)
                        .hasMessageContaining(TimestampRange.MIN_TEXT + " .. " + TimestampRange.MAX_TEXT);
                assertThat(b.rows()).isZero();
                // SQL INSERT, with a good row before the bad one
                assertThatThrownBy(() -> db.sql("INSERT INTO m (timestamp, host, v) VALUES (1000, 'a', 1.0), (" + bad + ", 'a', 2.0)"))
                        .isInstanceOf(QueryException.class).hasMessageContaining("outside the accepted range");
                // a point with a new tag and a new column creates neither
                assertThatThrownBy(() -> t.insert(DataPoint.at(bad).tag("dc", "x").field("w", 1.0).build()))
                        .isInstanceOf(WriteBatch.WriteException.class);
            }
            // a timestamp literal in the range of int64 but outside the accepted range
            assertThatThrownBy(() -> db.sql("INSERT INTO m (timestamp, host, v) VALUES ('1600-01-01T00:00:00Z', 'a', 1.0)"))
                    .isInstanceOf(QueryException.class);
            assertThat(t.schema().tags()).containsExactly("host");
            assertThat(t.schema().valueCount()).isEqualTo(1);
            assertNothingIn(db, t);
        }

        // line protocol: nanoseconds just outside, and seconds whose scaling overflows int64
        Path lp = tmp.resolve("bad.lp");
        Files.writeString(lp, "m,host=a v=1 1000\nm,host=a v=2 " + above + "\nm,host=a v=3 3000\n");
        CliRun r = CliRun.run("import", "--data-dir", dir.toString(), "--no-progress", lp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(lp + ":2: cannot write point of table m: " + TimestampRange.outsideReason(above))
                .contains("nothing of the batch holding that line was written");
        Path lpSeconds = tmp.resolve("seconds.lp");
        Files.writeString(lpSeconds, "m,host=a v=1 1\nm,host=a v=2 9220000000\nm,host=a v=3 3\n");
        r = CliRun.run("import", "--data-dir", dir.toString(), "--no-progress", "--precision", "s", lpSeconds.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(lpSeconds + ":2:").contains("outside the accepted range");
        r = CliRun.run("import", "--data-dir", dir.toString(), "--no-progress", "--precision", "s", lp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(lp + ":2:").contains("out of the int64 nanosecond range");
        // CSV: ISO-8601 text and integers
        Path csv = tmp.resolve("m.csv");
        Files.writeString(csv, "time,host,v:double\n1970-01-01T00:00:00Z,a,1\n1677-12-31T23:59:59.999999999Z,a,2\n");
        r = CliRun.run("import", "--data-dir", dir.toString(), "--no-progress", "--tags", "host", csv.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(csv + ":3:").contains("outside the accepted range");
        Path csvInt = tmp.resolve("n.csv");
        Files.writeString(csvInt, "time,host,v:double\n5,a,1\n" + below + ",a,2\n");
        r = CliRun.run("import", "--data-dir", dir.toString(), "--no-progress", "--table", "m", "--tags", "host", csvInt.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(csvInt + ":3:").contains("outside the accepted range");

        try (Sundial db = Sundial.open(dir)) {
            assertNothingIn(db, db.table("m"));
        }
    }

    private static void assertNothingIn(Sundial db, Table t) throws Exception {
        assertThat(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).isEmpty();
        try (QueryResult r = db.sql("SELECT count(*) FROM m")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(0)).isZero();
        }
        assertThat(t.stats().rows()).isZero();
    }
}
