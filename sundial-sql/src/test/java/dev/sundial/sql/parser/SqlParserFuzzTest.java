package dev.sundial.sql.parser;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.QueryException;
import java.util.List;

/**
 * Jazzer fuzz tests of the SQL front-end: any text ends in statements or a {@link QueryException}
 * with a position inside the text, never another exception, a stack overflow or a hang; and
 * {@link QueryException#describe()} always renders. Under plain {@code mvn test} they replay the
 * seeds in {@code SqlParserFuzzTestInputs/<method>/} and the empty input; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class SqlParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(FuzzedDataProvider data) {
        String sql = data.consumeRemainingAsString();
        try {
            Statement s = SqlParser.parse(sql);
            if (s == null) {
                throw new IllegalStateException("BUG: parse returned null for " + sql);
            }
        } catch (QueryException expected) {
            checkPosition(sql, expected);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parseAll(FuzzedDataProvider data) {
        String sql = data.consumeRemainingAsString();
        try {
            List<Statement> all = SqlParser.parseAll(sql);
            for (Statement s : all) {
                if (s == null) {
                    throw new IllegalStateException("BUG: parseAll returned a null statement for " + sql);
                }
            }
        } catch (QueryException expected) {
            checkPosition(sql, expected);
        }
    }

    private static void checkPosition(String sql, QueryException e) {
        int length = sql.codePointCount(0, sql.length());
        if (e.position() < 1 || e.position() > length + 1 || e.line() < 1 || e.column() < 1) {
            throw new IllegalStateException("position " + e.position() + " (line " + e.line() + ", column "
                    + e.column() + ") outside a text of " + length + " code points: " + e.getMessage());
        }
        if (!e.getMessage().startsWith("syntax error at line ") || e.describe().isEmpty()) {
            throw new IllegalStateException("bad message: " + e.getMessage());
        }
    }
}
