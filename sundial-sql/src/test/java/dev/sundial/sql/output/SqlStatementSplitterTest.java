package dev.sundial.sql.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where statements end, and when typed text is a complete statement. */
class SqlStatementSplitterTest {
    @Test
    void splitsAtSemicolonsAndTrims() {
        StatementSplitter.Split s = StatementSplitter.split(" SELECT 1;\nSELECT 2 ;SELECT 3");
        assertThat(s.statements()).containsExactly("SELECT 1", "SELECT 2");
        assertThat(s.rest()).isEqualTo("SELECT 3");
        assertThat(s.complete()).isFalse();
    }

    @Test
    void semicolonsInsideStringsNamesAndCommentsDoNotEndAStatement() {
        String sql = "SELECT 'a;b', 'it''s;', \"odd;name\" -- c;d\nFROM t /* x; /* nested; */ y; */ WHERE E'\\';' = v;";
        StatementSplitter.Split s = StatementSplitter.split(sql);
        assertThat(s.statements()).containsExactly(sql.substring(0, sql.length() - 1));
        assertThat(s.complete()).isTrue();
    }

    @Test
    void anOpenStringOrCommentIsUnfinished() {
        assertThat(StatementSplitter.split("SELECT 'a;").rest()).isEqualTo("SELECT 'a;");
        assertThat(StatementSplitter.split("SELECT 1; /* ; ").statements()).containsExactly("SELECT 1");
        assertThat(StatementSplitter.split("SELECT 1; /* ; ").rest()).isEqualTo(" /* ; ");
        assertThat(StatementSplitter.split("SELECT \"a;").complete()).isFalse();
        // without the E prefix a backslash is an ordinary character, so the quote after it ends the string
        assertThat(StatementSplitter.split("SELECT '\\'; ").complete()).isTrue();
        assertThat(StatementSplitter.split("SELECT E'\\'; ").complete()).isFalse();
    }

    @Test
    void blankStatementsAndTrailingCommentsAreDropped() {
        StatementSplitter.Split s = StatementSplitter.split(";; -- only a comment\n;SELECT 1; -- done\n/* and this */  ");
        assertThat(s.statements()).containsExactly("SELECT 1");
        assertThat(s.rest()).isEmpty();
        assertThat(s.complete()).isTrue();
    }
}
