package dev.sundial.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned semantics of {@code extract}/{@code date_part}, {@code to_timestamp}, {@code AT TIME ZONE}
 * and Grafana's epoch bucket {@code floor(extract(epoch from ts)/w)*w}, with expected values worked
 * out by hand from the calendar (2024-03-10 is a Sunday, the 70th day of 2024, in ISO week 10) and
 * PostgreSQL's documented definitions; NULLs, errors and their positions. Each test owns a database.
 */
class DateTimeFunctionsTest {
    @TempDir
    Path dir;

    private Sundial db;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        run("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, zone VARCHAR TAG, v DOUBLE, n BIGINT)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void run(String sql, Object... params) {
        rows(sql, params);
    }

    private List<List<Object>> rows(String sql, Object... params) {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = db.sql(sql, params)) {
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
        assertThat(r.get(0)).hasSize(1);
        return r.get(0).get(0);
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static final String TS = "TIMESTAMP '2024-03-10T14:35:27.123456789Z'";

    @Test
    void extractGivesEveryFieldOfATimestampAsPostgresDefinesIt() {
        assertThat(one("SELECT extract(epoch FROM " + TS + ")")).isEqualTo(1710081327.123456789);
        assertThat(one("SELECT extract(year FROM " + TS + ")")).isEqualTo(2024.0);
        assertThat(one("SELECT extract(quarter FROM " + TS + ")")).isEqualTo(1.0);
        assertThat(one("SELECT extract(month FROM " + TS + ")")).isEqualTo(3.0);
        assertThat(one("SELECT extract(day FROM " + TS + ")")).isEqualTo(10.0);
        assertThat(one("SELECT extract(hour FROM " + TS + ")")).isEqualTo(14.0);
        assertThat(one("SELECT extract(minute FROM " + TS + ")")).isEqualTo(35.0);
        assertThat(one("SELECT extract(second FROM " + TS + ")")).isEqualTo(27.123456789);
        assertThat(one("SELECT extract(milliseconds FROM " + TS + ")")).isEqualTo(27123.456789);
        assertThat(one("SELECT extract(microseconds FROM " + TS + ")")).isEqualTo(27123456.789);
        assertThat(one("SELECT extract(dow FROM " + TS + ")")).isEqualTo(0.0);
        assertThat(one("SELECT extract(isodow FROM " + TS + ")")).isEqualTo(7.0);
        assertThat(one("SELECT extract(doy FROM " + TS + ")")).isEqualTo(70.0);
        assertThat(one("SELECT extract(week FROM " + TS + ")")).isEqualTo(10.0);
        assertThat(one("SELECT extract(isoyear FROM " + TS + ")")).isEqualTo(2024.0);
        assertThat(one("SELECT extract(decade FROM " + TS + ")")).isEqualTo(202.0);
        assertThat(one("SELECT extract(century FROM " + TS + ")")).isEqualTo(21.0);
        assertThat(one("SELECT extract(millennium FROM " + TS + ")")).isEqualTo(3.0);
        assertThat(one("SELECT extract(timezone FROM " + TS + ")")).isEqualTo(0.0);
        // PostgreSQL's Julian days begin at midnight: 2024-03-10 is day 2460380 (1970-01-01 is 2440588)
        assertThat((Double) one("SELECT extract(julian FROM " + TS + ")")).isCloseTo(2460380 + 52527.123456789 / 86400,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void calendarEdgesFollowIsoWeeksAndCenturiesStartingInYearOne() {
        // Sunday 2021-01-03 is in ISO week 53 of 2020; Monday 2024-12-30 in week 1 of 2025
        assertThat(rows("SELECT extract(isoyear FROM '2021-01-03'), extract(week FROM '2021-01-03'),"
                + " extract(isoyear FROM '2024-12-30'), extract(week FROM '2024-12-30'), extract(isodow FROM '2024-12-30')"))
                .containsExactly(row(2020.0, 53.0, 2025.0, 1.0, 1.0));
        assertThat(rows("SELECT extract(century FROM '2000-12-31'), extract(century FROM '2001-01-01'),"
                + " extract(millennium FROM '2000-06-01'), extract(doy FROM '2024-12-31'), extract(doy FROM '2023-12-31')"))
                .containsExactly(row(20.0, 21.0, 2.0, 366.0, 365.0));
        // before 1970: epoch is negative, the fields still count forward within the day
        assertThat(rows("SELECT extract(epoch FROM '1969-12-31T23:59:59.5Z'), extract(hour FROM '1969-12-31T23:59:59.5Z'),"
                + " extract(second FROM '1969-12-31T23:59:59.5Z'), extract(year FROM '1969-12-31T23:59:59.5Z'),"
                + " extract(dow FROM '1969-12-31T23:59:59.5Z')"))
                .containsExactly(row(-0.5, 23.0, 59.5, 1969.0, 3.0));
    }

    @Test
    void datePartIsExtractWithTheFieldAsTextAndNamesItsColumn() {
        try (QueryResult r = db.sql("SELECT date_part('HOUR', " + TS + "), extract('minute' FROM " + TS + "),"
                + " date_part('mins', " + TS + "), extract(EPOCH FROM " + TS + ")")) {
            assertThat(r.columns()).extracting(c -> c.name()).containsExactly("date_part", "extract", "date_part", "extract");
            assertThat(r.next()).isTrue();
            assertThat(r.getDouble(0)).isEqualTo(14.0);
            assertThat(r.getDouble(1)).isEqualTo(35.0);
            assertThat(r.getDouble(2)).isEqualTo(35.0);
        }
    }

    @Test
    void extractOfIntervalsGivesTheirLengthInSecondsOnly() {
        assertThat(one("SELECT extract(epoch FROM INTERVAL '1 hour 30 minutes')")).isEqualTo(5400.0);
        // PostgreSQL: a year is 365.25 days, a month 30 days
        assertThat(one("SELECT extract(epoch FROM INTERVAL '1 year')")).isEqualTo(31_557_600.0);
        assertThat(one("SELECT extract(epoch FROM INTERVAL '13 months')")).isEqualTo(31_557_600.0 + 2_592_000.0);
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 1), ('2024-01-01T00:00:01.25Z', 'a', 2)");
        assertThat(rows("SELECT extract(epoch FROM ts - TIMESTAMP '2024-01-01') FROM t ORDER BY ts"))
                .containsExactly(row(0.0), row(1.25));
        assertThatThrownBy(() -> rows("SELECT extract(hour FROM INTERVAL '2 hours')"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("cannot extract hour from INTERVAL")
                .hasMessageContaining("only epoch");
    }

    @Test
    void extractOverColumnsIsNullForNullRowsAndReusesTheDayAcrossRows() {
        run("INSERT INTO t (ts, host, v) VALUES ('2024-03-10T23:59:59Z', 'a', 1), ('2024-03-11T00:00:00Z', 'a', 2),"
                + " ('2024-03-11T00:00:01Z', 'a', 3), ('2024-04-01T12:00:00Z', 'a', 4)");
        assertThat(rows("SELECT extract(day FROM ts), extract(dow FROM ts), extract(hour FROM ts) FROM t ORDER BY ts"))
                .containsExactly(row(10.0, 0.0, 23.0), row(11.0, 1.0, 0.0), row(11.0, 1.0, 0.0), row(1.0, 1.0, 12.0));
        assertThat(one("SELECT extract(epoch FROM NULL)")).isNull();
        assertThat(one("SELECT date_part('day', CAST(NULL AS TIMESTAMP))")).isNull();
        assertThat(rows("SELECT count(*) FROM t WHERE extract(hour FROM ts) = 0")).containsExactly(row(2L));
    }

    @Test
    void extractErrorsNameTheFieldTheTypeAndThePlace() {
        assertThatThrownBy(() -> rows("SELECT extract(fortnight FROM ts) FROM t"))
                .isInstanceOf(QueryException.class)
                .hasMessageStartingWith("cannot extract 'fortnight': unknown field (use epoch, year")
                .hasMessageContaining("(line 1, column 16)");
        assertThatThrownBy(() -> rows("SELECT extract(epoch FROM n) FROM t"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("cannot extract epoch from BIGINT n: expected a TIMESTAMP or an INTERVAL (to_timestamp(x) reads epoch seconds)")
                .hasMessageContaining("column 27");
        assertThatThrownBy(() -> rows("SELECT date_part(host, ts) FROM t"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("expected a constant text for the date_part field");
        assertThatThrownBy(() -> rows("SELECT extract(hour FROM 'tomorrow')"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("cannot parse timestamp 'tomorrow'");
    }

    @Test
    void toTimestampReadsEpochSecondsRoundedToTheMicrosecond() {
        assertThat(one("SELECT to_timestamp(1704067200)")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(one("SELECT to_timestamp(1704067200.123456)")).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
        assertThat(one("SELECT to_timestamp(-0.5)")).isEqualTo(Instant.parse("1969-12-31T23:59:59.500Z"));
        assertThat(one("SELECT to_timestamp(0.0000004)")).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(one("SELECT to_timestamp('1704067200.5')")).isEqualTo(Instant.parse("2024-01-01T00:00:00.5Z"));
        assertThat(one("SELECT to_timestamp(NULL)")).isNull();
        run("INSERT INTO t (ts, host, v, n) VALUES ('2024-03-10T14:35:27.654321Z', 'a', 1, 1710081327)");
        assertThat(rows("SELECT to_timestamp(extract(epoch FROM ts)) = ts, to_timestamp(n) FROM t"))
                .containsExactly(row(true, Instant.parse("2024-03-10T14:35:27Z")));
        assertThat(rows("SELECT count(*) FROM t WHERE ts BETWEEN to_timestamp(1710081327) AND to_timestamp(1710081328)"))
                .containsExactly(row(1L));
    }

    @Test
    void toTimestampRejectsNanInfinityAndOutOfRangeAndTheFormatForm() {
        assertThatThrownBy(() -> rows("SELECT to_timestamp(CAST('NaN' AS DOUBLE))"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot convert NaN to a timestamp in to_timestamp(");
        assertThatThrownBy(() -> rows("SELECT to_timestamp(CAST('Infinity' AS DOUBLE))"))
                .isInstanceOf(QueryException.class).hasMessageContaining("timestamp out of range: Infinity seconds");
        assertThatThrownBy(() -> rows("SELECT to_timestamp(1e11)"))
                .isInstanceOf(QueryException.class).hasMessageContaining("timestamp out of range: 1.0E11 seconds")
                .hasMessageContaining("1678-01-01T00:00:00Z to 2261-12-31T23:59:59.999999999Z");
        // to_timestamp(text, format) is the other function of that name (FormattingFunctionsTest)
        assertThat(rows("SELECT to_timestamp('2024-01-01', 'YYYY-MM-DD')")).hasSize(1);
        assertThatThrownBy(() -> rows("SELECT to_timestamp(host) FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot apply to_timestamp() to VARCHAR host");
        run("INSERT INTO t (ts, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 'NaN')");
        assertThatThrownBy(() -> rows("SELECT to_timestamp(v) FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot convert NaN to a timestamp in to_timestamp(v)");
    }

    @Test
    void atTimeZoneGivesTheWallClockTimeThereAsATimestamp() {
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'UTC'")).isEqualTo(Instant.parse("2024-07-01T12:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'Europe/Paris'")).isEqualTo(Instant.parse("2024-07-01T14:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-01-15T12:00:00Z' AT TIME ZONE 'europe/paris'")).isEqualTo(Instant.parse("2024-01-15T13:00:00Z"));
        assertThat(one("SELECT timezone('Asia/Kolkata', TIMESTAMP '2024-01-15T12:00:00Z')")).isEqualTo(Instant.parse("2024-01-15T17:30:00Z"));
        // POSIX offsets count west of Greenwich, as in PostgreSQL; an INTERVAL counts east (ISO)
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'UTC+2'")).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE '+02'")).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE '-05:30'")).isEqualTo(Instant.parse("2024-07-01T17:30:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE '<+05>-05'")).isEqualTo(Instant.parse("2024-07-01T17:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'Etc/GMT+2'")).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE INTERVAL '2 hours'")).isEqualTo(Instant.parse("2024-07-01T14:00:00Z"));
        // CET is PostgreSQL's fixed +01 abbreviation, also in summer
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'CET'")).isEqualTo(Instant.parse("2024-07-01T13:00:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE NULL")).isNull();
        // binds tighter than + and looser than ::, and extract reads the shifted fields
        assertThat(one("SELECT TIMESTAMP '2024-07-01T12:00:00Z' AT TIME ZONE 'Europe/Paris' + INTERVAL '1 hour'"))
                .isEqualTo(Instant.parse("2024-07-01T15:00:00Z"));
        assertThat(one("SELECT extract(hour FROM TIMESTAMP '2024-07-01T23:30:00Z' AT TIME ZONE 'Asia/Tokyo')")).isEqualTo(8.0);
    }

    @Test
    void atTimeZoneFollowsTransitionsRowByRowAndReadsZonesFromColumns() {
        // New York springs forward at 2024-03-10T07:00:00Z: 01:59:59 EST is followed by 03:00:00 EDT
        run("INSERT INTO t (ts, host, zone, v) VALUES ('2024-03-10T06:59:59Z', 'a', 'America/New_York', 1),"
                + " ('2024-03-10T07:00:00Z', 'a', 'America/New_York', 2), ('2024-11-03T05:59:59Z', 'a', 'America/New_York', 3),"
                + " ('2024-11-03T06:00:00Z', 'a', 'America/New_York', 4), ('2024-03-10T07:00:00Z', 'b', 'UTC+1', 5),"
                + " ('2024-03-10T08:00:00Z', 'c', NULL, 6)");
        assertThat(rows("SELECT v, ts AT TIME ZONE 'America/New_York' FROM t WHERE host = 'a' ORDER BY ts"))
                .containsExactly(row(1.0, Instant.parse("2024-03-10T01:59:59Z")), row(2.0, Instant.parse("2024-03-10T03:00:00Z")),
                        row(3.0, Instant.parse("2024-11-03T01:59:59Z")), row(4.0, Instant.parse("2024-11-03T01:00:00Z")));
        assertThat(rows("SELECT v, ts AT TIME ZONE zone FROM t WHERE v IN (2, 5, 6) ORDER BY v"))
                .containsExactly(row(2.0, Instant.parse("2024-03-10T03:00:00Z")), row(5.0, Instant.parse("2024-03-10T06:00:00Z")),
                        row(6.0, null));
    }

    @Test
    void unknownZonesAreErrorsNamingTheZone() {
        assertThatThrownBy(() -> rows("SELECT ts AT TIME ZONE 'Mars/Olympus' FROM t"))
                .isInstanceOf(QueryException.class)
                .hasMessageStartingWith("cannot use time zone 'Mars/Olympus': unknown time zone")
                .hasMessageContaining("(line 1, column 24)");
        assertThatThrownBy(() -> rows("SELECT ts AT TIME ZONE 'PST' FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot use time zone 'PST'");
        assertThatThrownBy(() -> rows("SELECT ts AT TIME ZONE 'UTC+19' FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("at most 18:00:00");
        assertThatThrownBy(() -> rows("SELECT ts AT TIME ZONE 5 FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot use BIGINT 5 as a time zone");
        assertThatThrownBy(() -> rows("SELECT v AT TIME ZONE 'UTC' FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot apply AT TIME ZONE to DOUBLE v");
        run("INSERT INTO t (ts, host, zone, v) VALUES ('2024-03-10T07:00:00Z', 'a', 'Nowhere/Else', 1)");
        assertThatThrownBy(() -> rows("SELECT ts AT TIME ZONE zone FROM t"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot use time zone 'Nowhere/Else'");
    }

    @Test
    void intervalsMayHaveOneFractionalQuantityOfAFixedUnit() {
        // Grafana's TimescaleDB mode writes time_bucket('%.3fs', ts)
        assertThat(one("SELECT time_bucket('60.000s', TIMESTAMP '2024-03-10T14:35:27Z')")).isEqualTo(Instant.parse("2024-03-10T14:35:00Z"));
        assertThat(one("SELECT time_bucket('1.5 hours', TIMESTAMP '2024-03-10T14:35:27Z')")).isEqualTo(Instant.parse("2024-03-10T13:30:00Z"));
        assertThat(one("SELECT TIMESTAMP '2024-03-10T14:35:27Z' + INTERVAL '.25s'")).isEqualTo(Instant.parse("2024-03-10T14:35:27.25Z"));
        assertThat(one("SELECT extract(epoch FROM INTERVAL '0.5 ms')")).isEqualTo(0.0005);
        assertThatThrownBy(() -> rows("SELECT INTERVAL '0.0000000001s'"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot parse interval '0.0000000001s': not a whole number of nanoseconds");
        assertThatThrownBy(() -> rows("SELECT INTERVAL '1.5 months'"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot parse interval '1.5 months'");
    }

    @Test
    void aColumnMayStillBeCalledAtOrExtract() {
        run("CREATE TIMESERIES TABLE u (ts TIMESTAMP, at DOUBLE, extract DOUBLE)");
        run("INSERT INTO u (ts, at, extract) VALUES ('2024-01-01T00:00:00Z', 1, 2)");
        assertThat(rows("SELECT at, extract, at + extract AS s, ts at time zone 'UTC' FROM u"))
                .containsExactly(row(1.0, 2.0, 3.0, Instant.parse("2024-01-01T00:00:00Z")));
    }

    @Test
    void grafanasEpochBucketIsExactOnNanosecondsAndStaysADouble() {
        // one nanosecond before a minute: a DOUBLE epoch (about 0.24 µs apart at this date) would round
        // up to the boundary; the recognized bucket keeps it in the earlier minute, as PostgreSQL's exact
        // numeric extract does
        run("INSERT INTO t (ts, host, v) VALUES (1710028859999999999, 'a', 1), (1710028860000000000, 'a', 2),"
                + " (1710028860200000000, 'a', 3)");
        assertThat(rows("SELECT floor(extract(epoch from ts)/60)*60 AS \"time\", v FROM t ORDER BY 1, 2"))
                .containsExactly(row(1710028800.0, 1.0), row(1710028860.0, 2.0), row(1710028860.0, 3.0));
        assertThat(rows("SELECT floor(extract(epoch from ts)/0.2)*0.2, v FROM t ORDER BY 2"))
                .containsExactly(row(1710028859.8, 1.0), row(1710028860.0, 2.0), row(1710028860.2, 3.0));
        // grouped by the DOUBLE epoch itself (the first two rows share one), the bucket of it reads the key
        assertThat(rows("SELECT floor(extract(epoch from ts)/60)*60, count(*) FROM t GROUP BY extract(epoch from ts) ORDER BY 1, 2"))
                .containsExactly(row(1710028860.0, 1L), row(1710028860.0, 2L));
        // different widths are not a bucket: plain DOUBLE arithmetic
        assertThat(rows("SELECT floor(extract(epoch from ts)/60)*30 FROM t ORDER BY ts"))
                .containsExactly(row(855014430.0), row(855014430.0), row(855014430.0));
        // a time bucket of the timestamp column: chunks inside one minute are answered from their statistics
        assertThat(rows("EXPLAIN SELECT floor(extract(epoch from ts)/60)*60 AS \"time\", avg(v) FROM t GROUP BY 1").toString())
                .contains("group by: floor(extract(epoch from ts) / 60) * 60")
                .contains("push-down from chunk statistics: yes");
        // of another timestamp it is still a bucket, but the rows are needed
        assertThat(rows("EXPLAIN SELECT floor(extract(epoch from ts AT TIME ZONE 'Europe/Paris')/60)*60, avg(v) FROM t GROUP BY 1")
                .toString()).contains("push-down from chunk statistics: no");
    }
}
