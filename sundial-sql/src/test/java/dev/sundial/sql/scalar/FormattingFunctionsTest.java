package dev.sundial.sql.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code to_char} of timestamps and numbers and {@code to_timestamp}/{@code to_date} of text with
 * PostgreSQL templates. Expected strings are PostgreSQL's (the number cases are the examples of
 * its documentation); 2024-03-10 is a Sunday, day 70 of 2024, ISO week 10, Julian day 2460380.
 */
class FormattingFunctionsTest {
    private static final String TS = "TIMESTAMP '2024-03-10T14:35:27.123456Z'";

    @TempDir
    Path dir;

    private ScalarDb db;

    @BeforeEach
    void open() throws Exception {
        db = new ScalarDb(dir);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private Object one(String expr) {
        return db.one("SELECT " + expr);
    }

    private String ts(String template) {
        return (String) one("to_char(" + TS + ", '" + template.replace("'", "''") + "')");
    }

    @Test
    void toCharOfATimestamp() {
        assertThat(ts("YYYY-MM-DD HH24:MI:SS.MS")).isEqualTo("2024-03-10 14:35:27.123");
        assertThat(ts("HH12:MI AM")).isEqualTo("02:35 PM");
        assertThat(ts("FMHH12:MI a.m.")).isEqualTo("2:35 p.m.");
        assertThat(ts("Day, DD Month YYYY")).isEqualTo("Sunday   , 10 March     2024");
        assertThat(ts("FMDay, FMDD FMMonth YYYY")).isEqualTo("Sunday, 10 March 2024");
        assertThat(ts("DAY day DY Dy dy MON mon")).isEqualTo("SUNDAY    sunday    SUN Sun sun MAR mar");
        assertThat(ts("DDD IW WW D ID Q CC J")).isEqualTo("070 10 10 1 7 1 21 2460380");
        assertThat(ts("US FF1 FF3 SSSS")).isEqualTo("123456 1 123 52527");
        assertThat(ts("\"Quarter\" Q, \"YYYY\" YYYY")).isEqualTo("Quarter 1, YYYY 2024");
        assertThat(ts("DDth DDTH")).isEqualTo("10th 10TH");
        assertThat(ts("TZ tz OF TZH:TZM")).isEqualTo("UTC utc +00 +00:00");
        assertThat(ts("RM| FMrm Y,YYY YYY YY Y IYYY")).isEqualTo("III | iii 2,024 024 24 4 2024");
        assertThat(one("to_char(TIMESTAMP '2024-03-01T00:00:00Z', 'FMDDth FMHH12 AM')")).isEqualTo("1st 12 AM");
        assertThat(one("to_char(TIMESTAMP '2024-03-22T00:00:00Z', 'DDTH')")).isEqualTo("22ND");
        assertThat(one("to_char(NULL::timestamp, 'YYYY')")).isNull();
        assertThat(db.column("SELECT to_char(ts, 'MM/DD HH24') FROM t ORDER BY host")).containsExactly("03/10 14", "03/11 00", "03/12 23");
    }

    @Test
    void toCharOfANumberFollowsPostgresExamples() {
        assertThat(one("to_char(1234.5, '9999.99')")).isEqualTo(" 1234.50");
        assertThat(one("to_char(-1234.5, '9999.99')")).isEqualTo("-1234.50");
        assertThat(one("to_char(-485, '999')")).isEqualTo("-485");
        assertThat(one("to_char(485, '999')")).isEqualTo(" 485");
        assertThat(one("to_char(1485, '9,999')")).isEqualTo(" 1,485");
        assertThat(one("to_char(148.5, '999.999')")).isEqualTo(" 148.500");
        assertThat(one("to_char(148.5, 'FM999.999')")).isEqualTo("148.5");
        assertThat(one("to_char(148.5, 'FM999.990')")).isEqualTo("148.500");
        assertThat(one("to_char(-485, '999S')")).isEqualTo("485-");
        assertThat(one("to_char(-485, '999MI')")).isEqualTo("485-");
        assertThat(one("to_char(485, '999MI')")).isEqualTo("485 ");
        assertThat(one("to_char(485, 'FM999MI')")).isEqualTo("485");
        assertThat(one("to_char(485, 'PL999')")).isEqualTo("+485");
        assertThat(one("to_char(485, 'SG999')")).isEqualTo("+485");
        assertThat(one("to_char(-485, 'SG999')")).isEqualTo("-485");
        assertThat(one("to_char(-485, '9SG99')")).isEqualTo("4-85");
        assertThat(one("to_char(-0.1, '99.99')")).isEqualTo("  -.10");
        assertThat(one("to_char(-0.1, 'FM9.99')")).isEqualTo("-.1");
        assertThat(one("to_char(-0.1, 'FM90.99')")).isEqualTo("-0.1");
        assertThat(one("to_char(0.1, '0.9')")).isEqualTo(" 0.1");
        assertThat(one("to_char(12, '9990999.9')")).isEqualTo("    0012.0");
        assertThat(one("to_char(12, 'FM9990999.9')")).isEqualTo("0012.");
        assertThat(one("to_char(12345, '999')")).isEqualTo(" ###");
        assertThat(one("to_char(NULL::double, '999')")).isNull();
        assertThatThrownBy(() -> one("to_char(1, '9.99EEEE')")).hasMessageContaining("the pattern EEEE is not supported");
        assertThatThrownBy(() -> one("to_char(true, '9')")).hasMessageContaining("expected a TIMESTAMP or a number");
    }

    @Test
    void toTimestampReadsATemplate() {
        assertThat(one("to_timestamp('05 Dec 2000', 'DD Mon YYYY')")).isEqualTo(Instant.parse("2000-12-05T00:00:00Z"));
        assertThat(one("to_timestamp('2000JUN', 'YYYYMON')")).isEqualTo(Instant.parse("2000-06-01T00:00:00Z"));
        assertThat(one("to_timestamp('2000/JUN', 'YYYY MON')")).isEqualTo(Instant.parse("2000-06-01T00:00:00Z"));
        assertThat(one("to_timestamp('  2000   June', 'YYYY Month')")).isEqualTo(Instant.parse("2000-06-01T00:00:00Z"));
        assertThat(one("to_timestamp('20240131 13:45:10.5', 'YYYYMMDD HH24:MI:SS.MS')"))
                .isEqualTo(Instant.parse("2024-01-31T13:45:10.500Z"));
        assertThat(one("to_timestamp('2024-01-31 01:45 PM', 'YYYY-MM-DD HH:MI AM')")).isEqualTo(Instant.parse("2024-01-31T13:45:00Z"));
        assertThat(one("to_timestamp('2024-01-31 12:05 am', 'YYYY-MM-DD HH12:MI AM')")).isEqualTo(Instant.parse("2024-01-31T00:05:00Z"));
        assertThat(one("to_timestamp('2024-01-31T10:00:00+02', 'YYYY-MM-DD\"T\"HH24:MI:SSTZH')"))
                .isEqualTo(Instant.parse("2024-01-31T08:00:00Z"));
        assertThat(one("to_timestamp('99-01-05', 'YY-MM-DD')")).isEqualTo(Instant.parse("1999-01-05T00:00:00Z"));
        assertThat(one("to_timestamp('05-01-05', 'YY-MM-DD')")).isEqualTo(Instant.parse("2005-01-05T00:00:00Z"));
        assertThat(one("to_timestamp('2024 70', 'YYYY DDD')")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("to_timestamp('2460380', 'J')")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("to_timestamp('2024', 'YYYY-MM-DD')")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(one("to_date('2024-03-10 13:00', 'YYYY-MM-DD HH24:MI')")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("to_timestamp(NULL, 'YYYY')")).isNull();
        assertThat(one("to_timestamp('2024', NULL)")).isNull();
        // a round trip through to_char gives the (microsecond) timestamp back
        assertThat(db.rows("SELECT count(*) FROM t WHERE to_timestamp(to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'),"
                + " 'YYYY-MM-DD HH24:MI:SS.US') = ts")).containsExactly(List.of(3L));
    }

    @Test
    void toTimestampNamesWhereTheTextDoesNotFit() {
        assertThatThrownBy(() -> one("to_timestamp('2024-13-01', 'YYYY-MM-DD')"))
                .hasMessageContaining("cannot parse '2024-13-01' with format 'YYYY-MM-DD' at character 6: month 13 is out of range (1-12)");
        assertThatThrownBy(() -> one("to_timestamp('2024-xx-01', 'YYYY-MM-DD')"))
                .hasMessageContaining("at character 6: expected digits for MM but found 'xx-01'");
        assertThatThrownBy(() -> one("to_timestamp('2024-02-30', 'YYYY-MM-DD')")).hasMessageContaining("date/time field value out of range");
        assertThatThrownBy(() -> one("to_timestamp('13:00', 'HH:MI')")).hasMessageContaining("hour \"13\" is invalid for the 12-hour clock");
        assertThatThrownBy(() -> one("to_timestamp('12:30', 'HH24:MI')")).hasMessageContaining("it has no year");
        assertThatThrownBy(() -> one("to_timestamp('3000-01-01', 'YYYY-MM-DD')")).hasMessageContaining("out of range for TIMESTAMP");
        assertThatThrownBy(() -> one("to_timestamp('2000 Foo', 'YYYY Mon')")).hasMessageContaining("expected a month name for MON");
    }
}
