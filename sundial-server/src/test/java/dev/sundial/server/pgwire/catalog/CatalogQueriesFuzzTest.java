package dev.sundial.server.pgwire.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jazzer target for the catalog's recognizer ({@link SqlTokens}, {@link CatalogQueries#prepare}
 * and the answers of {@link ClientQueries}), on a real database: any SQL text is the engine's
 * (null), a catalog statement that executes to rows, or {@link UnsupportedCatalogQuery} with a
 * message (or SessionFunctions' "division by zero", which pgwire sends as 22012); never another
 * exception. Under plain {@code mvn test} the seeds in {@code
 * CatalogQueriesFuzzTestInputs/prepare/} (the captured client queries of {@code
 * pgwire/clients/}, copied there) and the empty input are replayed; {@code JAZZER_FUZZ=1} fuzzes
 * for real. {@link #longNearMissesAreLinear} times 100 KB inputs that almost match a family,
 * where a backtracking pattern would take minutes.
 */
class CatalogQueriesFuzzTest {
    private static final Path CLIENTS = Path.of("src/test/resources/pgwire/clients");
    /** Generous for a loaded CI machine: a linear scan of 100 KB takes milliseconds. */
    private static final long MAX_NANOS = 2_000_000_000L;

    @TempDir
    static Path dir;
    private static Sundial db;
    private static CatalogQueries queries;

    @BeforeAll
    static void open() throws IOException {
        db = Sundial.open(dir);
        db.sql("CREATE TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, usage DOUBLE)").close();
        db.sql("CREATE TABLE \"Mixed Case\" (timestamp TIMESTAMP, n BIGINT)").close();
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        params.put("TimeZone", "UTC");
        params.put("server_version", "16.0");
        queries = new CatalogQueries(new ClientSession("alice", "metrics", 42, params, db.session()));
    }

    @AfterAll
    static void close() throws IOException {
        db.close();
    }

    @FuzzTest(maxDuration = "60s")
    void prepare(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    /** Each client fixture made 100 KB long where a family's pattern could backtrack: all within {@link #MAX_NANOS}. */
    @Test
    void longNearMissesAreLinear() throws IOException {
        String big = "a".repeat(100_000);
        for (String sql : fixtures()) {
            List<String> variants = new ArrayList<>();
            variants.add(sql.replaceFirst("(?s)'[^']*'", "'" + big.replace("\\", "\\\\") + "'")); // a huge pattern or name
            variants.add(sql.replaceFirst("(?s)'[^']*'", "'" + "''".repeat(50_000) + "'")); // quotes doubled, all through
            variants.add(insertBeforeOrderBy(sql, " AND c.relname OPERATOR(pg_catalog.~) '^(x)$'".repeat(2_000)));
            variants.add(insertBeforeOrderBy(sql, " AND x = ' as \"Size\" from pg_catalog.pg_class c'".repeat(2_000)));
            variants.add(sql.strip().replaceAll(";$", "") + " ,".repeat(50_000) + " x"); // the end anchor missed, late
            for (int k = 0; k < variants.size(); k++) {
                String v = variants.get(k);
                SqlTokens t = SqlTokens.of(v);
                if (t != null) { // each family's pattern alone, so that a slow one is named
                    String normalized = t.normalized();
                    for (ClientQueries.Family f : ClientQueries.FAMILIES) {
                        long start = System.nanoTime();
                        f.pattern().matcher(normalized).matches();
                        long took = System.nanoTime() - start;
                        assertThat(took).as("%d ms for family %s on variant %d (%d characters) of %s", took / 1_000_000, f.name(), k,
                                normalized.length(), sql.substring(0, Math.min(80, sql.length()))).isLessThan(MAX_NANOS);
                    }
                }
                long start = System.nanoTime();
                check(v);
                long took = System.nanoTime() - start;
                assertThat(took).as("%d ms for variant %d (%d characters) of %s", took / 1_000_000, k, v.length(),
                        sql.substring(0, Math.min(80, sql.length()))).isLessThan(MAX_NANOS);
            }
        }
    }

    /** psql's own patterns run; Java-only syntax, bounds and repeated groups that could backtrack exponentially are refused. */
    @Test
    void namePatternsPsqlMakesPassAndRiskyOnesAreRefused() {
        for (String ok : List.of("^(cpu)$", "^(cpu.*)$", "^(c.u)$", "^(c\\.pu)$", "^(cpu|mem)$", "^([a-c]pu)$", "^(cpu.*?x)$", "^(\\d+)$")) {
            assertThat(ClientQueries.namePatternProblem(ok)).as(ok).isNull();
        }
        for (String bad : List.of("^(cpu$", "cpu)", "(a*)*b", "(a|a)*b", "((a+))+", "a{1,99}", "(?i)cpu", "a*+", "[[:alpha:]]", "[z-a]",
                "\\k<x>", "x\\", "*a", "[]", "[a")) {
            assertThat(ClientQueries.namePatternProblem(bad)).as(bad).isNotNull();
        }
    }

    private static String insertBeforeOrderBy(String sql, String clause) {
        int at = sql.toUpperCase(java.util.Locale.ROOT).lastIndexOf("ORDER BY");
        return at < 0 ? sql + clause : sql.substring(0, at) + clause + " " + sql.substring(at);
    }

    static List<String> fixtures() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLIENTS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        return out;
    }

    /** The allowed outcomes: null, a statement that executes to rows, or UnsupportedCatalogQuery with a message. */
    private static void check(String sql) {
        try {
            SqlTokens t = SqlTokens.of(sql);
            if (t != null) {
                t.normalized();
                t.parameterCount();
            }
            PreparedQuery p = queries.prepare(sql);
            if (p == null) {
                return;
            }
            if (p.parameterCount() < 0 || p.parameterCount() > 99_999) {
                throw new IllegalStateException("BUG: " + p.parameterCount() + " parameters in " + sql);
            }
            for (Object[] params : List.of(new Object[0], texts(p.parameterCount()))) {
                try (QueryResult r = p.execute(params)) {
                    int columns = r.columns().size();
                    while (r.next()) {
                        for (int i = 0; i < columns; i++) {
                            r.getString(i);
                        }
                    }
                }
            }
        } catch (ArithmeticException e) {
            if (!"division by zero".equals(e.getMessage())) { // SessionFunctions' own, sent as 22012 (SqlState.of)
                throw e;
            }
        } catch (UnsupportedCatalogQuery e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new IllegalStateException("BUG: a refusal without a message for " + sql, e);
            }
        }
    }

    /** Parameters as pgwire binds them in text: a LIKE pattern, a name, an OID. */
    private static Object[] texts(int n) {
        Object[] out = new Object[n];
        String[] values = {"%", "cpu", "1259", "public", "c_u"};
        for (int i = 0; i < n; i++) {
            out[i] = values[i % values.length];
        }
        return out;
    }
}
