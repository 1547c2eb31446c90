package dev.sundial.sql.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expression syntax of issue 11 and its types: E'…' strings, LIKE … ESCAPE (and that the tag
 * index still answers it), IS [NOT] DISTINCT FROM, NUMERIC(p, s) and ::date casts, the numeric
 * functions; expected values are PostgreSQL's, errors name what is wrong and where.
 */
class ExpressionSyntaxTest {
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

    @Test
    void escapeStringsDecodeBackslashEscapes() {
        assertThat(one("E'a\\nb\\tc\\\\d'")).isEqualTo("a\nb\tc\\d");
        assertThat(one("e'it\\'s'")).isEqualTo("it's");
        assertThat(one("E'it''s'")).isEqualTo("it's");
        assertThat(one("E'\\x41\\u00e9\\U0001F600'")).isEqualTo("Aé😀");
        assertThat(one("E'\\uD83D\\uDE00'")).isEqualTo("😀");
        assertThat(one("E'\\101\\x4'")).isEqualTo("A\u0004");
        assertThat(one("E'\\xC3\\xA9'")).isEqualTo("é");
        assertThat(one("E'\\q\\b\\f\\r'")).isEqualTo("q\b\f\r");
        assertThat(one("'a\\nb'")).isEqualTo("a\\nb"); // a plain string keeps its backslashes
        assertThat(one("E''")).isEqualTo("");
    }

    @Test
    void namesStartingWithEStayNames() {
        assertThat(db.rows("SELECT e, events, e1 FROM (SELECT 1 AS e, 2 AS events, 3 AS e1)")).containsExactly(List.of(1L, 2L, 3L));
        assertThat(db.rows("SELECT 1 AS e, E'x' AS f")).containsExactly(List.of(1L, "x"));
    }

    @Test
    void badEscapeStringsAreSyntaxErrorsAtTheEscape() {
        assertThatThrownBy(() -> one("E'ab\\0'")).isInstanceOf(QueryException.class)
                .hasMessageContaining("line 1, column 12: invalid byte sequence for encoding UTF8: 0x00");
        assertThatThrownBy(() -> one("E'\\u12'")).hasMessageContaining("column 10: invalid Unicode escape: \\u takes 4 hexadecimal digits");
        assertThatThrownBy(() -> one("E'\\uD800'")).hasMessageContaining("invalid Unicode surrogate pair");
        assertThatThrownBy(() -> one("E'\\xFF'")).hasMessageContaining("invalid byte sequence for encoding UTF8");
        assertThatThrownBy(() -> one("E'abc\\'")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> one("U&'d\\0061t'")).hasMessageContaining("U&'…' strings are not supported");
    }

    @Test
    void likeEscapeUsesTheGivenCharacter() {
        assertThat(one("'a%b' LIKE 'a!%b' ESCAPE '!'")).isEqualTo(true);
        assertThat(one("'axb' LIKE 'a!%b' ESCAPE '!'")).isEqualTo(false);
        assertThat(one("'a_b' LIKE 'a#_b' ESCAPE '#'")).isEqualTo(true);
        assertThat(one("'a\\b' LIKE 'a\\b' ESCAPE '#'")).isEqualTo(true); // backslash is literal then
        assertThat(one("'a\\b' LIKE 'a\\b' ESCAPE ''")).isEqualTo(true);
        assertThat(one("'a!b' LIKE 'a!!b' ESCAPE '!'")).isEqualTo(true);
        assertThat(one("'A%' ILIKE 'a!%' ESCAPE '!'")).isEqualTo(true);
        assertThat(one("'ab' NOT LIKE 'a!%' ESCAPE '!'")).isEqualTo(true);
        // PostgreSQL's default escape is the backslash
        assertThat(one("'a%' LIKE 'a\\%'")).isEqualTo(true);
        assertThat(one("'ab' LIKE 'a\\%'")).isEqualTo(false);
        assertThat(one("NULL LIKE 'a' ESCAPE '!'")).isNull();
        assertThatThrownBy(() -> one("'a' LIKE 'a' ESCAPE 'ab'")).hasMessageContaining("invalid escape string 'ab'");
        assertThatThrownBy(() -> one("'a' LIKE 'a!' ESCAPE '!'")).hasMessageContaining("must not end with the escape character");
    }

    @Test
    void likeEscapeOnATagStillUsesTheTagIndex() {
        db.rows("INSERT INTO t (ts, host, v) VALUES ('2024-03-10T00:00:00Z', 'x_1', 1), ('2024-03-10T00:00:00Z', 'xy1', 2)");
        assertThat(db.column("SELECT host FROM t WHERE host LIKE 'x#_%' ESCAPE '#'")).containsExactly("x_1");
        String plan = String.join("\n", db.column("EXPLAIN SELECT host FROM t WHERE host LIKE 'x#_%' ESCAPE '#'").stream()
                .map(String::valueOf).toList());
        assertThat(plan).contains("series: 1 of 5");
    }

    @Test
    void unsupportedSyntaxSaysWhatIsUnsupported() {
        assertThatThrownBy(() -> one("'a' SIMILAR TO 'a%'")).hasMessageContaining("column 12: SIMILAR TO is not supported");
        assertThatThrownBy(() -> one("'a' NOT SIMILAR TO 'a%' ESCAPE '#'")).hasMessageContaining("SIMILAR TO is not supported");
        assertThat(db.rows("SELECT 1 AS similar")).hasSize(1); // still a name
    }

    @Test
    void isDistinctFromTreatsNullAsAValue() {
        assertThat(one("NULL IS DISTINCT FROM NULL")).isEqualTo(false);
        assertThat(one("NULL IS NOT DISTINCT FROM NULL")).isEqualTo(true);
        assertThat(one("1 IS DISTINCT FROM NULL")).isEqualTo(true);
        assertThat(one("1 IS NOT DISTINCT FROM 1.0")).isEqualTo(true);
        assertThat(one("'NaN'::double IS NOT DISTINCT FROM 'NaN'::double")).isEqualTo(true);
        assertThat(one("0.0 IS DISTINCT FROM -0.0")).isEqualTo(false);
        assertThat(db.column("SELECT host FROM t WHERE v IS DISTINCT FROM 2.5 ORDER BY host")).containsExactly("b", "c");
        assertThat(db.column("SELECT host FROM t WHERE s IS NOT DISTINCT FROM NULL")).containsExactly("c");
        assertThatThrownBy(() -> one("1 IS DISTINCT FROM 'x'")).isInstanceOf(QueryException.class);
    }

    @Test
    void numericCastsAreDoublesRoundedToTheScale() {
        assertThat(one("2.345::numeric(5,2)")).isEqualTo(2.35);
        assertThat(one("-2.5::numeric(3,0)")).isEqualTo(-3.0);
        assertThat(one("CAST(2.5 AS DECIMAL(3))")).isEqualTo(3.0);
        assertThat(one("'1.5'::decimal")).isEqualTo(1.5);
        assertThat(one("7::numeric")).isEqualTo(7.0);
        assertThat(one("NULL::numeric(4,1)")).isNull();
        assertThatThrownBy(() -> one("CAST(12345.6 AS NUMERIC(5,2))")).hasMessageContaining("numeric field overflow");
        assertThatThrownBy(() -> one("1::numeric(0)")).hasMessageContaining("NUMERIC precision 0 must be between 1 and 1000");
        assertThatThrownBy(() -> one("1::numeric(2,3)")).hasMessageContaining("NUMERIC scale 3 must be between 0 and precision 2");
    }

    @Test
    void dateCastsTruncateToMidnightUtc() {
        assertThat(one("TIMESTAMP '2024-03-10 14:35'::date")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("CAST('2024-03-10T23:59:59.9Z' AS DATE)")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("DATE '2024-03-10 12:00'")).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(one("TIMESTAMP '1969-12-31T23:00:00Z'::date")).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
        assertThat(db.rows("SELECT ts::date AS d, count(*) FROM t GROUP BY d ORDER BY d")).containsExactly(
                List.of(Instant.parse("2024-03-10T00:00:00Z"), 1L), List.of(Instant.parse("2024-03-11T00:00:00Z"), 1L),
                List.of(Instant.parse("2024-03-12T00:00:00Z"), 1L));
        assertThatThrownBy(() -> one("now()::time")).hasMessageContaining("cannot cast to TIME: Sundial has no time-of-day type");
    }

    @Test
    void numericFunctions() {
        assertThat(one("mod(7, 3)")).isEqualTo(1L);
        assertThat(one("mod(-7, 3)")).isEqualTo(-1L);
        assertThat(one("mod(7.5, 2)")).isEqualTo(1.5);
        assertThat(one("div(9, 4)")).isEqualTo(2L);
        assertThat(one("div(-9, 4)")).isEqualTo(-2L);
        assertThat(one("div(9.5, 4)")).isEqualTo(2.0);
        assertThatThrownBy(() -> one("mod(1, 0)")).hasMessageContaining("division by zero");
        assertThatThrownBy(() -> one("div(1.0, 0)")).hasMessageContaining("division by zero");
        assertThat(one("trunc(42.4382, 2)")).isEqualTo(42.43);
        assertThat(one("trunc(-42.4382, 2)")).isEqualTo(-42.43);
        assertThat(one("trunc(1234.5, -2)")).isEqualTo(1200.0);
        assertThat(one("trunc(-42.8)")).isEqualTo(-42.0);
        assertThat(one("round(42.4382, 2)")).isEqualTo(42.44);
        assertThat((Double) one("log(2, 64)")).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(one("log(100)")).isEqualTo(2.0);
        assertThatThrownBy(() -> one("log(1, 5)")).hasMessageContaining("division by zero");
        assertThatThrownBy(() -> one("log(2, 0)")).hasMessageContaining("cannot take logarithm of zero");
        assertThat(one("width_bucket(5.35, 0.024, 10.06, 5)")).isEqualTo(3L);
        assertThat(one("width_bucket(-1, 0, 10, 5)")).isEqualTo(0L);
        assertThat(one("width_bucket(10, 0, 10, 5)")).isEqualTo(6L);
        assertThat(one("width_bucket(2, 10, 0, 5)")).isEqualTo(5L);
        assertThatThrownBy(() -> one("width_bucket(1, 0, 10, 0)")).hasMessageContaining("count must be greater than zero");
        assertThat(one("sign(-3)")).isEqualTo(-1L);
        assertThat(one("power(2, 10)")).isEqualTo(1024.0);
        assertThat(one("greatest(1, NULL, 3)")).isEqualTo(3L);
        assertThat(one("least(2.5, NULL, -1)")).isEqualTo(-1.0);
        assertThat(one("mod(NULL, 2)")).isNull();
        assertThat(db.column("SELECT mod(n, 2) FROM t ORDER BY host")).isEqualTo(Arrays.asList(1L, -1L, null));
    }
}
