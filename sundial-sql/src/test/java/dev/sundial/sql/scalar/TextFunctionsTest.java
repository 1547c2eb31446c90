package dev.sundial.sql.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.QueryException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's string functions as Sundial answers them: expected values are PostgreSQL's
 * documented results (its examples, and its rules for positions out of range, negative counts,
 * empty strings and NULL), characters counted as code points (a 😀 is one character).
 */
class TextFunctionsTest {
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
    void substringCountsFromOneAndClipsToTheString() {
        assertThat(one("substring('Thomas' FROM 2 FOR 3)")).isEqualTo("hom");
        assertThat(one("substring('Thomas', 2, 3)")).isEqualTo("hom");
        assertThat(one("substring('Thomas' FROM 3)")).isEqualTo("omas");
        assertThat(one("substring('Thomas' FOR 2)")).isEqualTo("Th");
        assertThat(one("substr('Thomas', 2)")).isEqualTo("homas");
        // PostgreSQL: characters start … start+count-1 that exist
        assertThat(one("substring('Thomas', 0, 3)")).isEqualTo("Th");
        assertThat(one("substring('Thomas', -5, 7)")).isEqualTo("T");
        assertThat(one("substring('Thomas', -5, 3)")).isEqualTo("");
        assertThat(one("substring('Thomas', 10)")).isEqualTo("");
        assertThat(one("substring('Thomas', 5, 100)")).isEqualTo("as");
        assertThat(one("substring('a😀b', 2, 1)")).isEqualTo("😀");
        assertThat(one("substring('', 1, 1)")).isEqualTo("");
        assertThat(one("substring(NULL, 1, 1)")).isNull();
        assertThat(one("substring('abc', NULL)")).isNull();
        assertThatThrownBy(() -> one("substring('abc', 1, -1)")).isInstanceOf(QueryException.class)
                .hasMessageContaining("negative substring length not allowed");
    }

    @Test
    void substringFromAPatternTakesTheMatchOrItsFirstGroup() {
        assertThat(one("substring('Thomas' FROM '...$')")).isEqualTo("mas");
        assertThat(one("substring('foobar' FROM 'o(.)b')")).isEqualTo("o");
        assertThat(one("substring('foobar' FROM 'x')")).isNull();
        assertThatThrownBy(() -> one("substring('a' FROM '(')")).isInstanceOf(QueryException.class)
                .hasMessageContaining("cannot compile regular expression '('");
    }

    @Test
    void positionAndStrposCountCharacters() {
        assertThat(one("position('om' IN 'Thomas')")).isEqualTo(3L);
        assertThat(one("strpos('high', 'ig')")).isEqualTo(2L);
        assertThat(one("strpos('high', 'x')")).isEqualTo(0L);
        assertThat(one("strpos('high', '')")).isEqualTo(1L);
        assertThat(one("strpos('😀😀x', 'x')")).isEqualTo(3L);
        assertThat(one("position(NULL IN 'x')")).isNull();
    }

    @Test
    void replaceSplitPartLeftRight() {
        assertThat(one("replace('abcdefabcdef', 'cd', 'XX')")).isEqualTo("abXXefabXXef");
        assertThat(one("replace('abc', '', 'X')")).isEqualTo("abc");
        assertThat(one("split_part('abc~@~def~@~ghi', '~@~', 2)")).isEqualTo("def");
        assertThat(one("split_part('abc,def,ghi,jkl', ',', -2)")).isEqualTo("ghi");
        assertThat(one("split_part('a,b', ',', 5)")).isEqualTo("");
        assertThat(one("split_part('a,b', '', 1)")).isEqualTo("a,b");
        assertThat(one("split_part('', ',', 1)")).isEqualTo("");
        assertThatThrownBy(() -> one("split_part('a,b', ',', 0)")).hasMessageContaining("field position must not be zero");
        assertThat(one("left('abcde', 2)")).isEqualTo("ab");
        assertThat(one("left('abcde', -2)")).isEqualTo("abc");
        assertThat(one("left('abc', -10)")).isEqualTo("");
        assertThat(one("right('abcde', 2)")).isEqualTo("de");
        assertThat(one("right('abcde', -2)")).isEqualTo("cde");
        assertThat(one("right('a😀', 1)")).isEqualTo("😀");
        assertThat(one("right('abc', -9223372036854775808)")).isEqualTo("");
        assertThat(one("left('abc', 9223372036854775807)")).isEqualTo("abc");
    }

    @Test
    void paddingAndTrimming() {
        assertThat(one("lpad('hi', 5, 'xy')")).isEqualTo("xyxhi");
        assertThat(one("rpad('hi', 5, 'xy')")).isEqualTo("hixyx");
        assertThat(one("lpad('hi', 5)")).isEqualTo("   hi");
        assertThat(one("lpad('hello', 2)")).isEqualTo("he");
        assertThat(one("rpad('hello', 2)")).isEqualTo("he");
        assertThat(one("lpad('hi', -1)")).isEqualTo("");
        assertThat(one("lpad('hi', 5, '')")).isEqualTo("hi");
        assertThat(one("trim(both 'xyz' FROM 'yxTomxx')")).isEqualTo("Tom");
        assertThat(one("trim(leading 'xyz' FROM 'yxTomxx')")).isEqualTo("Tomxx");
        assertThat(one("trim(trailing 'xyz' FROM 'yxTomxx')")).isEqualTo("yxTom");
        assertThat(one("trim('  a b  ')")).isEqualTo("a b");
        assertThat(one("trim(BOTH FROM '  a  ')")).isEqualTo("a");
        assertThat(one("btrim('xyxtrimyyx', 'xyz')")).isEqualTo("trim");
        assertThat(one("ltrim('zzzytest', 'xyz')")).isEqualTo("test");
        assertThat(one("rtrim('testxxzx', 'xyz')")).isEqualTo("test");
        assertThat(one("ltrim('  x ')")).isEqualTo("x ");
        assertThatThrownBy(() -> one("repeat('ab', 10000000)")).hasMessageContaining("limit 1048576");
    }

    @Test
    void otherTextFunctions() {
        assertThat(one("initcap('hi THOMAS o''neil-x2y')")).isEqualTo("Hi Thomas O'Neil-X2y");
        assertThat(one("reverse('abc😀')")).isEqualTo("😀cba");
        assertThat(one("repeat('Pg', 4)")).isEqualTo("PgPgPgPg");
        assertThat(one("repeat('Pg', -1)")).isEqualTo("");
        assertThat(one("starts_with('alphabet', 'alph')")).isEqualTo(true);
        assertThat(one("starts_with('alphabet', 'x')")).isEqualTo(false);
        assertThat(one("concat_ws(',', 'abcde', 2, NULL, 22)")).isEqualTo("abcde,2,22");
        assertThat(one("concat_ws(NULL, 'a', 'b')")).isNull();
        assertThat(one("char_length('jö😀')")).isEqualTo(3L);
        assertThat(one("nullif(1, 1)")).isNull();
        assertThat(one("nullif(1, 2)")).isEqualTo(1L);
        assertThat(one("nullif('a', NULL)")).isEqualTo("a");
        assertThat(one("nullif(NULL, 'a')")).isNull();
    }

    @Test
    void functionsOverColumnsKeepNullsPerRow() {
        assertThat(db.column("SELECT upper(left(s, 3)) FROM t ORDER BY host")).isEqualTo(Arrays.asList("HÉL", "", null));
        assertThat(db.column("SELECT split_part(s, ' ', 2) FROM t ORDER BY host")).isEqualTo(Arrays.asList("wörld", "", null));
        assertThat(db.column("SELECT lpad(host, n::int + 5, '*') FROM t ORDER BY host")).isEqualTo(Arrays.asList("*********"
                + "**a", "*b", null));
        assertThat(db.column("SELECT host FROM t WHERE starts_with(s, 'hé') ORDER BY host")).isEqualTo(Arrays.asList("a"));
        assertThat(db.column("SELECT concat_ws('-', host, s) FROM t ORDER BY host")).isEqualTo(Arrays.asList("a-héllo wörld",
                "b-", "c"));
    }

    @Test
    void wrongArgumentsAreClearErrors() {
        assertThatThrownBy(() -> one("left(1, 2)")).hasMessageContaining("expected VARCHAR but 1 is BIGINT");
        assertThatThrownBy(() -> one("replace('a', 'b')")).hasMessageContaining("function replace() takes 3 arguments, got 2");
        assertThatThrownBy(() -> one("strpso('a', 'b')")).hasMessageContaining("did you mean strpos()?");
    }
}
