package dev.sundial.sql.scalar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.Sundial;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scalar functions that read or write wall-clock time follow the session time zone as
 * PostgreSQL's timestamptz does: {@code to_char}, {@code to_timestamp(text, format)},
 * {@code to_date}, {@code ::date} and {@code DATE '…'}; without a session zone they stay UTC.
 */
class SessionZoneScalarsTest {
    @TempDir
    Path dir;

    private Sundial db;
    private Session s;

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(dir);
        s = db.session();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private Object one(String sql) {
        try (QueryResult r = s.sql(sql)) {
            assertThat(r.next()).isTrue();
            return r.getObject(0);
        }
    }

    private double epoch(String expr) {
        return ((Number) one("SELECT extract(epoch FROM " + expr + ")")).doubleValue();
    }

    private static double epochOf(String local, String zone) {
        return LocalDateTime.parse(local).atZone(ZoneId.of(zone)).toEpochSecond();
    }

    @Test
    void toCharPrintsTheSessionZonesWallClockAndOffset() {
        String q = "SELECT to_char(TIMESTAMP '2024-07-01T12:00:00Z', 'YYYY-MM-DD HH24:MI TZ OF')";
        assertThat(one(q)).isEqualTo("2024-07-01 12:00 UTC +00");
        s.sql("SET timezone = 'Europe/Paris'").close();
        assertThat(one(q)).isEqualTo("2024-07-01 14:00 CEST +02");
        s.sql("SET timezone = 'Asia/Kolkata'").close();
        assertThat(one("SELECT to_char(TIMESTAMP '2024-01-01T00:00:00Z', 'HH24:MI OF TZH TZM')")).isEqualTo("05:30 +05:30 +05 30");
    }

    @Test
    void toTimestampReadsTextWithoutAnOffsetInTheSessionZone() {
        s.sql("SET timezone = 'America/New_York'").close();
        assertThat(epoch("to_timestamp('2024-01-15 08:30', 'YYYY-MM-DD HH24:MI')"))
                .isEqualTo(epochOf("2024-01-15T08:30", "America/New_York"));
        // an explicit offset keeps its meaning
        assertThat(epoch("to_timestamp('2024-01-15 08:30 +00', 'YYYY-MM-DD HH24:MI OF')"))
                .isEqualTo(epochOf("2024-01-15T08:30", "UTC"));
        // the spring-forward gap: 02:30 does not exist, PostgreSQL reads it with the offset before (-05)
        assertThat(epoch("to_timestamp('2024-03-10 02:30', 'YYYY-MM-DD HH24:MI')"))
                .isEqualTo(epochOf("2024-03-10T07:30", "UTC"));
    }

    @Test
    void datesAreLocalMidnightsInTheSessionZone() {
        assertThat(epoch("(TIMESTAMP '2024-07-01T23:30:00Z')::date")).isEqualTo(epochOf("2024-07-01T00:00", "UTC"));
        s.sql("SET timezone = 'Australia/Sydney'").close();
        // 23:30 UTC is 09:30 the next day in Sydney (+10)
        assertThat(epoch("(TIMESTAMP '2024-07-01T23:30:00Z')::date")).isEqualTo(epochOf("2024-07-02T00:00", "Australia/Sydney"));
        assertThat(epoch("DATE '2024-07-02'")).isEqualTo(epochOf("2024-07-02T00:00", "Australia/Sydney"));
        assertThat(epoch("to_date('2024-07-02', 'YYYY-MM-DD')")).isEqualTo(epochOf("2024-07-02T00:00", "Australia/Sydney"));
    }
}
