package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.DataPoint;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.Sundial;
import dev.sundial.sql.output.CsvPrinter;
import dev.sundial.sql.output.JsonPrinter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session time zones ({@code SET timezone}), zoned {@code date_trunc}/{@code time_bucket}/
 * {@code extract}, printing and literal parsing in a zone, checked against {@code java.time}'s
 * rules at DST transitions: Europe/Paris and America/New_York (spring forward, fall back),
 * Australia/Sydney and America/Santiago (southern hemisphere; Santiago changes at midnight),
 * Asia/Kolkata (+05:30), Australia/Adelaide (+09:30/+10:30) and Asia/Kathmandu (+05:45).
 * Nonexistent and ambiguous local times follow PostgreSQL's documented examples (appendix B.2).
 */
class TimeZoneTest {
    @TempDir
    Path dir;

    private Sundial db;
    private Session s;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        db.sql("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE)").close();
        s = db.session();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private List<List<Object>> rows(String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.sql(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    row.add(r.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private Object one(String sql) {
        List<List<Object>> r = rows(sql);
        assertThat(r).hasSize(1);
        return r.get(0).get(0);
    }

    private void set(String sql) {
        s.sql(sql).close();
    }

    private String csv(String sql) throws Exception {
        StringWriter w = new StringWriter();
        try (QueryResult r = s.sql(sql)) {
            new CsvPrinter().print(r, w);
        }
        return w.toString();
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void setShowAndResetTheSessionZoneAsPostgresSpellsThem() {
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        set("SET timezone = 'europe/paris'");
        assertThat(one("SHOW timezone")).isEqualTo("Europe/Paris");
        assertThat(one("SHOW TIME ZONE")).isEqualTo("Europe/Paris");
        set("SET TIME ZONE 'America/New_York'");
        assertThat(one("SHOW TimeZone")).isEqualTo("America/New_York");
        set("SET timezone TO 'Asia/Kathmandu'");
        assertThat(one("SHOW timezone")).isEqualTo("Asia/Kathmandu");
        set("SET TIME ZONE LOCAL");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        // a number is hours EAST of UTC (ISO), as PostgreSQL's SET TIME ZONE -7 and INTERVAL '+05:30'
        set("SET TIME ZONE -7");
        assertThat(one("SHOW timezone")).isEqualTo("<-07>+07");
        assertThat(one("SELECT extract(hour FROM TIMESTAMP '2024-01-01T12:00:00Z')")).isEqualTo(5.0);
        set("SET TIME ZONE INTERVAL '+05:30'");
        assertThat(one("SHOW timezone")).isEqualTo("<+05:30>-05:30");
        assertThat(one("SELECT extract(minute FROM TIMESTAMP '2024-01-01T12:00:00Z')")).isEqualTo(30.0);
        // a POSIX string is hours WEST of UTC, PostgreSQL's trap, kept
        set("SET timezone = 'UTC+2'");
        assertThat(one("SELECT extract(hour FROM TIMESTAMP '2024-01-01T12:00:00Z')")).isEqualTo(10.0);
        // but a bare number in a string is hours east, as PostgreSQL's TimeZone reads it
        set("SET timezone = '+02'");
        assertThat(one("SELECT extract(hour FROM TIMESTAMP '2024-01-01T12:00:00Z')")).isEqualTo(14.0);
        set("RESET timezone");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        set("SET TIME ZONE 'Asia/Kolkata'");
        set("RESET TIME ZONE");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        set("SET timezone = 'Europe/Paris'");
        set("SET rollups = off");
        set("RESET all");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        assertThat(one("SHOW rollups")).isEqualTo("on");
        // the tz database's fixed EST, MST, HST zones (java.time keeps them only as short ids)
        set("SET timezone = 'EST'");
        assertThat(one("SELECT extract(hour FROM TIMESTAMP '2024-07-01T12:00:00Z')")).isEqualTo(7.0);
        set("SET timezone = 'Europe/Paris'");
        set("SET timezone = DEFAULT");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
    }

    @Test
    void anUnknownZoneIsAnErrorThatShowsHowToWriteOne() {
        assertThatThrownBy(() -> set("SET timezone = 'Mars/Olympus'"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("cannot set timezone to 'Mars/Olympus': unknown time zone")
                .hasMessageContaining("'Europe/Paris'").hasMessageContaining("-7").hasMessageContaining("INTERVAL '+05:30'")
                .hasMessageContaining("'UTC+2', which is two hours WEST of UTC")
                .hasMessageContaining("column 16");
        assertThat(one("SHOW timezone")).isEqualTo("UTC");
        assertThatThrownBy(() -> set("SET TIME ZONE 99")).hasMessageContaining("at most 18 hours");
        assertThatThrownBy(() -> db.sql("SET timezone = 'Europe/Paris'")).hasMessageContaining("use a session");
        assertThatThrownBy(() -> set("SET timezone TO")).isInstanceOf(QueryException.class);
    }

    @Test
    void timestampsPrintInUtcUntilAZoneIsSetThenWithTheirOffset() throws Exception {
        set("INSERT INTO t VALUES ('2024-07-01T12:00:00Z', 'a', 1), ('2024-01-15T12:00:00.5Z', 'a', 2)");
        String q = "SELECT ts FROM t ORDER BY ts";
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15T12:00:00.500Z\n2024-07-01T12:00:00Z\n");
        set("SET timezone = 'Europe/Paris'");
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15 13:00:00.5+01\n2024-07-01 14:00:00+02\n");
        set("SET timezone = 'Asia/Kolkata'");
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15 17:30:00.5+05:30\n2024-07-01 17:30:00+05:30\n");
        set("SET timezone = 'Asia/Kathmandu'");
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15 17:45:00.5+05:45\n2024-07-01 17:45:00+05:45\n");
        set("SET timezone = 'America/Santiago'");
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15 09:00:00.5-03\n2024-07-01 08:00:00-04\n");
        // JSON keeps ISO-8601, with the offset
        StringWriter w = new StringWriter();
        set("SET timezone = 'Europe/Paris'");
        try (QueryResult r = s.sql(q)) {
            new JsonPrinter().print(r, w);
        }
        assertThat(w.toString()).contains("\"2024-01-15T13:00:00.500+01:00\"").contains("\"2024-07-01T14:00:00+02:00\"");
        // a text cast writes what the session prints
        assertThat(one("SELECT CAST(TIMESTAMP '2024-07-01T12:00:00Z' AS VARCHAR)")).isEqualTo("2024-07-01 14:00:00+02");
        // UTC set explicitly is the default again
        set("SET timezone = 'UTC'");
        assertThat(csv(q)).isEqualTo("ts\n2024-01-15T12:00:00.500Z\n2024-07-01T12:00:00Z\n");
    }

    @Test
    void literalsWithoutAnOffsetAreWallClockTimeOfTheSessionZone() {
        set("SET timezone = 'Europe/Paris'");
        assertThat(one("SELECT TIMESTAMP '2024-07-01 14:00:00'")).isEqualTo(at("2024-07-01T12:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-01-01'")).isEqualTo(at("2023-12-31T23:00:00Z"));
        // an explicit offset or Z keeps it
        assertThat(one("SELECT TIMESTAMP '2024-07-01 14:00:00Z'")).isEqualTo(at("2024-07-01T14:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01 14:00:00+05:30'")).isEqualTo(at("2024-07-01T08:30:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T14:00:00-03'")).isEqualTo(at("2024-07-01T17:00:00Z"));
        // a text compared with a timestamp, and INSERT, read the same way
        set("INSERT INTO t VALUES ('2024-07-01 14:00:00', 'a', 1)");
        assertThat(one("SELECT count(*) FROM t WHERE ts = '2024-07-01 14:00'")).isEqualTo(1L);
        assertThat(one("SELECT count(*) FROM t WHERE ts = '2024-07-01T12:00:00Z'")).isEqualTo(1L);
        set("RESET timezone");
        assertThat(one("SELECT ts FROM t")).isEqualTo(at("2024-07-01T12:00:00Z"));
        // PostgreSQL's appendix B.2: in New York 02:30 on 2018-03-11 does not exist and is read with
        // the offset before (EST), so it is 03:30 EDT; 01:30 on 2018-11-04 happens twice and is read
        // with the offset after (EST), the later instant
        set("SET timezone = 'America/New_York'");
        assertThat(one("SELECT TIMESTAMP '2018-03-11 02:30'")).isEqualTo(at("2018-03-11T07:30:00Z"));
        assertThat(one("SELECT TIMESTAMP '2018-11-04 01:30'")).isEqualTo(at("2018-11-04T06:30:00Z"));
        // and the same in the southern hemisphere: Sydney skips 02:00-03:00 on 2024-10-06, repeats it on 2024-04-07
        set("SET timezone = 'Australia/Sydney'");
        assertThat(one("SELECT TIMESTAMP '2024-10-06 02:30'")).isEqualTo(at("2024-10-05T16:30:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-04-07 02:30'")).isEqualTo(at("2024-04-06T16:30:00Z"));
    }

    @Test
    void extractReadsTheSessionZonesWallClock() {
        String ts = "TIMESTAMP '2024-03-31T00:30:00Z'"; // 01:30 in Paris, 30 minutes before the clocks go forward
        set("SET timezone = 'Europe/Paris'");
        assertThat(one("SELECT extract(hour FROM " + ts + ")")).isEqualTo(1.0);
        assertThat(one("SELECT extract(hour FROM " + ts + " + INTERVAL '1 hour')")).isEqualTo(3.0);
        assertThat(one("SELECT extract(timezone FROM " + ts + ")")).isEqualTo(3600.0);
        assertThat(one("SELECT extract(timezone_hour FROM " + ts + " + INTERVAL '1 hour')")).isEqualTo(2.0);
        assertThat(one("SELECT extract(epoch FROM " + ts + ")")).isEqualTo(1711845000.0);
        set("SET timezone = 'Asia/Kathmandu'");
        assertThat(one("SELECT extract(timezone FROM " + ts + ")")).isEqualTo(20700.0);
        assertThat(one("SELECT extract(timezone_minute FROM " + ts + ")")).isEqualTo(45.0);
        assertThat(one("SELECT extract(minute FROM " + ts + ")")).isEqualTo(15.0);
        assertThat(one("SELECT date_part('dow', " + ts + ")")).isEqualTo(0.0); // Sunday 06:15 there
        set("SET timezone = 'America/Santiago'");
        assertThat(one("SELECT extract(day FROM " + ts + ")")).isEqualTo(30.0);
    }

    @Test
    void dateTruncFollowsTheSessionZoneOrItsZoneArgumentAcrossDst() {
        // Paris 2024-03-31 is 23 hours long, 2024-10-27 25 hours
        set("SET timezone = 'Europe/Paris'");
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-03-31T12:00:00Z')")).isEqualTo(at("2024-03-30T23:00:00Z"));
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-04-01T12:00:00Z')")).isEqualTo(at("2024-03-31T22:00:00Z"));
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-10-27T23:30:00Z')")).isEqualTo(at("2024-10-27T23:00:00Z"));
        assertThat(one("SELECT date_trunc('month', TIMESTAMP '2024-07-15T12:00:00Z')")).isEqualTo(at("2024-06-30T22:00:00Z"));
        assertThat(one("SELECT date_trunc('week', TIMESTAMP '2024-03-31T12:00:00Z')")).isEqualTo(at("2024-03-24T23:00:00Z"));
        assertThat(one("SELECT date_trunc('year', TIMESTAMP '2024-07-15T12:00:00Z')")).isEqualTo(at("2023-12-31T23:00:00Z"));
        // an explicit zone wins over the session's
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-07-15T03:00:00Z', 'Asia/Kolkata')"))
                .isEqualTo(at("2024-07-14T18:30:00Z"));
        assertThat(one("SELECT date_trunc('hour', TIMESTAMP '2024-07-15T03:00:00Z', 'Australia/Adelaide')"))
                .isEqualTo(at("2024-07-15T02:30:00Z"));
        assertThat(one("SELECT date_trunc('hour', TIMESTAMP '2024-07-15T03:00:00Z', 'Asia/Kathmandu')"))
                .isEqualTo(at("2024-07-15T02:15:00Z"));
        // Santiago skips midnight on 2024-09-08 (00:00 -04 is 01:00 -03): the day starts when the clocks jump
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-09-08T12:00:00Z', 'America/Santiago')"))
                .isEqualTo(at("2024-09-08T04:00:00Z"));
        // and repeats 23:00-24:00 on 2024-04-06: that day is 25 hours, its second 23:30 still belongs to it
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-04-07T03:30:00Z', 'America/Santiago')"))
                .isEqualTo(at("2024-04-06T03:00:00Z"));
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-04-07T04:00:00Z', 'America/Santiago')"))
                .isEqualTo(at("2024-04-07T04:00:00Z"));
        set("RESET timezone");
        assertThat(one("SELECT date_trunc('day', TIMESTAMP '2024-03-31T12:00:00Z')")).isEqualTo(at("2024-03-31T00:00:00Z"));
    }

    @Test
    void timeBucketWithAZoneGroupsByLocalDaysWeeksMonthsAndHours() throws Exception {
        long hour = 3_600_000_000_000L;
        List<DataPoint> points = new ArrayList<>();
        Instant from = at("2024-03-29T00:00:00Z");
        for (int h = 0; h < 24 * 6; h++) {
            points.add(DataPoint.at(nanos(from.plus(h, ChronoUnit.HOURS))).tag("host", "a").field("v", 1.0).build());
        }
        db.table("t").insert(points);
        // a day bucket across the spring-forward is 23 hours; time_bucket ignores the session zone (TimescaleDB)
        set("SET timezone = 'Asia/Tokyo'");
        List<List<Object>> days = rows("SELECT time_bucket('1 day', ts, 'Europe/Paris') AS d, count(*) FROM t"
                + " WHERE ts >= '2024-03-29T23:00:00Z' AND ts < '2024-04-02T22:00:00Z' GROUP BY d ORDER BY d");
        assertThat(days).containsExactly(
                List.of(at("2024-03-29T23:00:00Z"), 24L),
                List.of(at("2024-03-30T23:00:00Z"), 23L),
                List.of(at("2024-03-31T22:00:00Z"), 24L),
                List.of(at("2024-04-01T22:00:00Z"), 24L));
        assertThat(one("SELECT time_bucket('1 day', TIMESTAMP '2024-03-31T12:00:00Z')")).isEqualTo(at("2024-03-31T00:00:00Z"));
        // weeks start on local Monday midnight, months on the local 1st
        assertThat(one("SELECT time_bucket('1 week', TIMESTAMP '2024-03-31T12:00:00Z', 'Europe/Paris')"))
                .isEqualTo(at("2024-03-24T23:00:00Z"));
        assertThat(one("SELECT time_bucket('1 month', TIMESTAMP '2024-04-15T12:00:00Z', 'Europe/Paris')"))
                .isEqualTo(at("2024-03-31T22:00:00Z"));
        assertThat(one("SELECT time_bucket('3 months', TIMESTAMP '2024-05-15T12:00:00Z', 'Australia/Sydney')"))
                .isEqualTo(at("2024-03-31T13:00:00Z"));
        // hours of a half-hour zone start at half past in UTC
        assertThat(one("SELECT time_bucket('1 hour', TIMESTAMP '2024-07-15T03:00:00Z', 'Australia/Adelaide')"))
                .isEqualTo(at("2024-07-15T02:30:00Z"));
        assertThat(one("SELECT time_bucket('2 hours', TIMESTAMP '2024-07-15T03:00:00Z', 'Asia/Kathmandu')"))
                .isEqualTo(at("2024-07-15T02:15:00Z"));
        // with an origin (read as wall-clock time in the zone) and an offset
        assertThat(one("SELECT time_bucket('1 day', TIMESTAMP '2024-07-15T05:00:00Z', 'Europe/Paris', TIMESTAMP '2000-01-01T04:00:00Z')"))
                .isEqualTo(at("2024-07-15T03:00:00Z"));
        assertThat(one("SELECT time_bucket('1 day', TIMESTAMP '2024-07-15T05:00:00Z', 'Europe/Paris', NULL, INTERVAL '6 hours')"))
                .isEqualTo(at("2024-07-15T04:00:00Z"));
        assertThat(one("SELECT time_bucket('1 hour', TIMESTAMP '2024-07-15T05:10:00Z', INTERVAL '15 minutes')"))
                .isEqualTo(at("2024-07-15T04:15:00Z"));
        // a text third argument that is not a zone is an origin, as before
        assertThat(one("SELECT time_bucket('1 day', TIMESTAMP '2024-07-15T05:00:00Z', '2000-01-01T06:00:00Z')"))
                .isEqualTo(at("2024-07-14T06:00:00Z"));
        assertThat(hour).isPositive();
    }

    @Test
    void fallBackHourBucketsHoldBothPassesOfTheRepeatedHour() {
        // Paris 2024-10-27: 02:00-03:00 happens twice (00:00Z-01:00Z at +02, 01:00Z-02:00Z at +01).
        // Both passes are wall-clock 02:xx, so one bucket holds them, labelled with the first 02:00
        String b = "time_bucket('1 hour', TIMESTAMP '%s', 'Europe/Paris')";
        assertThat(one("SELECT " + b.formatted("2024-10-27T00:30:00Z"))).isEqualTo(at("2024-10-27T00:00:00Z"));
        assertThat(one("SELECT " + b.formatted("2024-10-27T01:30:00Z"))).isEqualTo(at("2024-10-27T00:00:00Z"));
        assertThat(one("SELECT " + b.formatted("2024-10-27T02:00:00Z"))).isEqualTo(at("2024-10-27T02:00:00Z"));
        assertThat(one("SELECT " + b.formatted("2024-10-26T23:59:59Z"))).isEqualTo(at("2024-10-26T23:00:00Z"));
    }

    @Test
    void monthBucketsStartOnTheFirstOfTheOriginsMonthAtMidnight() {
        // TimescaleDB reads only the year and month of a month bucket's origin: an origin of
        // 2000-02-01 05:00 gives buckets starting on the 1st at 00:00, not at 05:00
        assertThat(one("SELECT time_bucket('1 month', TIMESTAMP '2024-07-15T12:00:00Z', TIMESTAMP '2000-02-01T05:00:00Z')"))
                .isEqualTo(at("2024-07-01T00:00:00Z"));
        assertThat(one("SELECT time_bucket('1 month', TIMESTAMP '2024-07-01T02:00:00Z', TIMESTAMP '2000-02-01T05:00:00Z')"))
                .isEqualTo(at("2024-07-01T00:00:00Z"));
        assertThat(one("SELECT time_bucket('3 months', TIMESTAMP '2024-07-15T12:00:00Z', TIMESTAMP '2000-02-17T05:00:00Z')"))
                .isEqualTo(at("2024-05-01T00:00:00Z"));
        assertThat(one("SELECT time_bucket('1 year', TIMESTAMP '2024-07-15T12:00:00Z', TIMESTAMP '2000-03-31T23:00:00Z')"))
                .isEqualTo(at("2024-03-01T00:00:00Z"));
    }

    @Test
    void gapfillWithAZoneFillsLocalDays() throws Exception {
        db.table("t").insert(List.of(DataPoint.at(nanos(at("2024-03-30T12:00:00Z"))).tag("host", "a").field("v", 1.0).build()));
        List<List<Object>> r = rows("SELECT time_bucket_gapfill('1 day', ts, 'Europe/Paris', '2024-03-29T23:00:00Z',"
                + " '2024-04-01T22:00:00Z') AS d, count(v) FROM t WHERE ts >= '2024-03-29T23:00:00Z' AND ts < '2024-04-01T22:00:00Z'"
                + " GROUP BY d ORDER BY d");
        assertThat(r).extracting(x -> x.get(0)).containsExactly(at("2024-03-29T23:00:00Z"), at("2024-03-30T23:00:00Z"),
                at("2024-03-31T22:00:00Z"));
        assertThat(r).extracting(x -> x.get(1)).containsExactly(1L, null, null); // TimescaleDB leaves filled aggregates NULL
    }

    @Test
    void zonedBucketsReadRollupLevelsOnlyWhereTheLevelDividesThem() throws Exception {
        try (Sundial rdb = Sundial.open(dir.resolve("r"), dev.sundial.SundialOptions.defaults().withBackgroundMaintenance(false))) {
            rdb.sql("CREATE TIMESERIES TABLE cpu (ts TIMESTAMP, host VARCHAR TAG, usage DOUBLE) WITH (rollup_intervals = '1m,1h,1d')").close();
            List<DataPoint> batch = new ArrayList<>();
            Instant start = at("2024-03-25T00:00:00Z");
            for (long m = 0; m < 14 * 24 * 60; m += 5) {
                batch.add(DataPoint.at(nanos(start.plus(m, ChronoUnit.MINUTES))).tag("host", "a").field("usage", (double) (m % 97)).build());
            }
            rdb.table("cpu").insert(batch);
            RollupDifferentialTest.rows(rdb, "CALL maintenance()");
            String range = " WHERE ts >= '2024-03-26T00:00:00Z' AND ts < '2024-04-05T00:00:00Z'";
            for (String zone : List.of("Europe/Paris", "America/Santiago", "Australia/Adelaide", "Asia/Kathmandu", "Asia/Kolkata")) {
                String q = "SELECT time_bucket('1 day', ts, '" + zone + "') AS d, count(*), sum(usage), max(usage) FROM cpu" + range
                        + " GROUP BY d ORDER BY d";
                Session raw = rdb.session();
                raw.sql("SET rollups = off").close();
                List<List<Object>> expected = RollupDifferentialTest.rows(raw, q);
                assertThat(RollupDifferentialTest.rows(rdb, q)).as(zone).isEqualTo(expected);
                String plan = RollupDifferentialTest.rows(rdb, "EXPLAIN " + q).toString();
                if (zone.equals("Europe/Paris") || zone.equals("America/Santiago")) {
                    assertThat(plan).as(zone).contains("rollup level: 1h");
                } else {
                    // +10:30 / +09:30, +05:45, +05:30 are not whole hours: only the 1m level divides their days
                    assertThat(plan).as(zone).contains("rollup level: 1m");
                }
                assertThat(expected.stream().mapToLong(r -> (Long) r.get(1)).sum()).isEqualTo(10 * 24 * 12);
            }
            // with only whole-hour levels, a 45-minute zone reads raw data and EXPLAIN says why
            rdb.sql("CREATE TIMESERIES TABLE mem (ts TIMESTAMP, host VARCHAR TAG, used DOUBLE) WITH (rollup_intervals = '1h,1d')").close();
            rdb.table("mem").insert(batch.stream().map(p -> DataPoint.at(p.timestampNanos()).tag("host", "a")
                    .field("used", (Double) p.fields().get("usage")).build()).toList());
            RollupDifferentialTest.rows(rdb, "CALL maintenance()");
            String plan = RollupDifferentialTest.rows(rdb, "EXPLAIN SELECT time_bucket('1 day', ts, 'Asia/Kathmandu') AS d, max(used)"
                    + " FROM mem" + range + " GROUP BY d").toString();
            assertThat(plan).contains("rollup level: raw (time_bucket('1d', ts, 'Asia/Kathmandu') follows a time zone: the UTC"
                    + " offset of Asia/Kathmandu is +05:45 at 2024-03-26T00:00:00Z, not a multiple of the 1h level)");
            // and the newest-buckets shortcut is not used for a zone whose days vary in length
            String newest = RollupDifferentialTest.rows(rdb, "EXPLAIN SELECT time_bucket('1 day', ts, 'Europe/Paris') AS d, max(used)"
                    + " FROM mem" + range + " GROUP BY d ORDER BY d DESC LIMIT 2").toString();
            assertThat(newest).doesNotContain("NewestBuckets");
            assertThat(RollupDifferentialTest.rows(rdb, "SELECT time_bucket('1 day', ts, 'Europe/Paris') AS d, count(*)"
                    + " FROM mem" + range + " GROUP BY d ORDER BY d DESC LIMIT 2")).containsExactly(
                    List.of(at("2024-04-04T22:00:00Z"), 2L * 12), List.of(at("2024-04-03T22:00:00Z"), 24L * 12));
        }
    }

    /** Day of the week etc.: the local calendar date of a bucket start is what java.time says. */
    @Test
    void dayBucketsStartAtLocalMidnightEveryDayOfTwoCenturies() {
        for (String zone : List.of("Europe/Paris", "Australia/Sydney", "Asia/Kathmandu")) {
            ZoneId z = ZoneId.of(zone);
            List<List<Object>> r = rows("SELECT date_trunc('day', TIMESTAMP '1950-06-15T12:00:00Z', '" + zone + "')");
            Instant expected = LocalDate.of(1950, 6, 15).atStartOfDay(z).toInstant();
            ZonedDateTime noon = Instant.parse("1950-06-15T12:00:00Z").atZone(z);
            if (!noon.toLocalDate().equals(LocalDate.of(1950, 6, 15))) {
                expected = noon.toLocalDate().atStartOfDay(z).toInstant();
            }
            assertThat(r.get(0).get(0)).as(zone).isEqualTo(expected);
        }
    }
}
