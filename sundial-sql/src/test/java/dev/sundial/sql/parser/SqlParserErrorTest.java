package dev.sundial.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundial.QueryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Syntax errors: message, line, column, offset, and the caret of {@link QueryException#describe()}. */
class SqlParserErrorTest {

    private static QueryException error(String sql) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> SqlParser.parse(sql));
        assertThat(e).as("error for %s", sql).isNotNull();
        return e;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SELECT * FORM cpu                      | 1 | 10 | unexpected 'FORM', expected ',', FROM, WHERE, LATEST, GROUP, HAVING, …
            SELECT a, FROM t                       | 1 | 11 | unexpected 'FROM', expected '*' or an expression
            SELECT * FROM cpu WHERE                | 1 | 24 | unexpected end of input, expected an expression
            `SELECT 'abc`                          | 1 | 8  | unterminated string
            SELECT "abc                            | 1 | 8  | unterminated quoted identifier
            SELECT 1 /* no end                     | 1 | 10 | unterminated comment
            SELECT 1 # 2                           | 1 | 10 | unexpected character '#'
            SELECT (1 + 2                          | 1 | 14 | unexpected end of input, expected ')' or an operator
            SELECT * FROM cpu WHERE a = 1 GROUP x  | 1 | 37 | unexpected 'x', expected BY
            SELECT a FROM                          | 1 | 14 | unexpected end of input, expected '(' or a name
            UPDATE t SET a = 1                     | 1 | 1  | unexpected 'UPDATE', expected '(', SELECT, EXPLAIN, CREATE, ALTER, DROP, …
            CREATE TABLE t (a INT                  | 1 | 22 | unexpected end of input, expected ')', ',' or TAG
            CREATE TABLE t (a MONEY)               | 1 | 19 | unexpected 'MONEY'
            DROP TABLE                             | 1 | 11 | unexpected end of input, expected a name
            SELECT 1; SELECT 2                     | 1 | 11 | unexpected 'SELECT', expected end of input
            SELECT * FROM t LIMIT                  | 1 | 22 | unexpected end of input, expected an expression
            SELECT CASE WHEN a THEN 1              | 1 | 26 | unexpected end of input, expected an operator, WHEN, ELSE or END
            SELECT "" FROM t                       | 1 | 8  | a quoted name cannot be empty
            SELECT x FROM t LATEST BY a WHERE b LATEST BY c | 1 | 37 | LATEST BY is given twice
            ALTER TABLE t SET (a = 1, A = 2)       | 1 | 27 | option 'a' is given twice
            SELECT a::varchar(0)                   | 1 | 19 | VARCHAR length must be between 1 and 999999999, not 0
            ``                                     | 1 | 1  | unexpected end of input, expected '(', SELECT, EXPLAIN, CREATE, ALTER, DROP, …
            """)
    void malformedStatements(String sql, int line, int column, String reason) {
        QueryException e = error(sql);
        assertThat(e.getMessage()).isEqualTo("syntax error at line " + line + ", column " + column + ": " + reason);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.position()).isEqualTo(column); // single-line statements: offset = column
        assertThat(e.sql()).isEqualTo(sql);
        assertThat(e.getMessage()).doesNotContainPattern("[A-Z]+_[A-Z]+|<EOF>|\\bK_");
    }

    @Test
    void caretLandsUnderTheOffendingTokenOnItsLine() {
        String sql = "SELECT host,\n       avg(usage)\n  FORM cpu\nWHERE x = 1";
        QueryException e = error(sql);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(8);
        assertThat(e.position()).isEqualTo(sql.indexOf("cpu") + 1);
        assertThat(e.describe()).isEqualTo("""
                syntax error at line 3, column 8: unexpected 'cpu', expected ',', FROM, WHERE, LATEST, GROUP, HAVING, …
                    FORM cpu
                         ^""");
    }

    @Test
    void caretAtEndOfInputOnTheLastLine() {
        QueryException e = error("SELECT *\nFROM cpu\nWHERE host =");
        assertThat(e.describe()).isEqualTo("""
                syntax error at line 3, column 13: unexpected end of input, expected an expression
                  WHERE host =
                              ^""");
    }

    @Test
    void aLongLineIsShownAroundTheCaretOnly() {
        String sql = "SELECT " + "a, ".repeat(5_000) + "FROM FROM t";
        QueryException e = error(sql);
        String[] lines = e.describe().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).hasSizeLessThanOrEqualTo(2 + 3 + 100 + 3).startsWith("  ...").endsWith(", a, FROM FROM t");
        assertThat(lines[2].indexOf('^')).isEqualTo(lines[1].indexOf("FROM FROM t"));
        QueryException early = error("SELECT FROM " + "a, ".repeat(5_000));
        assertThat(early.describe().split("\n")[1]).isEqualTo("  SELECT FROM " + "a, ".repeat(29) + "a...");
        assertThat(early.describe().split("\n")[2]).isEqualTo("         ^");
    }

    @Test
    void unterminatedStringOnALaterLine() {
        QueryException e = error("SELECT *\r\nFROM cpu\r\nWHERE host = 'web\r\n");
        assertThat(e.getMessage()).isEqualTo("syntax error at line 3, column 14: unterminated string");
        assertThat(e.describe()).endsWith("\n  WHERE host = 'web\n               ^");
    }

    @Test
    void errorsInScriptsUseScriptPositions() {
        QueryException e = catchThrowableOfType(QueryException.class,
                () -> SqlParser.parseAll("SELECT 1;\nSELECT 2;\nSELECT FROM"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(8);
        assertThat(e.getMessage()).endsWith("unexpected 'FROM', expected '*', an expression or DISTINCT");
    }

    @Test
    void nestingBeyondTheLimitIsACleanError() {
        int depth = NestingGuard.MAX_DEPTH;
        String parens = "SELECT " + "(".repeat(depth + 1) + "1" + ")".repeat(depth + 1);
        QueryException e = error(parens);
        assertThat(e.getMessage()).isEqualTo("syntax error at line 1, column " + (8 + depth)
                + ": statement nested too deeply (more than 200 levels)");
        assertThat(error("SELECT " + "- ".repeat(100_000) + "1").getMessage()).contains("nested too deeply");
        assertThat(error("SELECT " + "NOT ".repeat(100_000) + "a").getMessage()).contains("nested too deeply");
        assertThat(error("SELECT " + "CASE WHEN a THEN ".repeat(100_000)).getMessage()).contains("nested too deeply");
        assertThat(error("SELECT " + "f(".repeat(100_000)).getMessage()).contains("nested too deeply");
        assertThat(error("SELECT * FROM " + "(SELECT * FROM ".repeat(100_000) + "t").getMessage())
                .contains("nested too deeply");
    }

    @Test
    void nullTextIsRejected() {
        assertThatThrownBy(() -> SqlParser.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
