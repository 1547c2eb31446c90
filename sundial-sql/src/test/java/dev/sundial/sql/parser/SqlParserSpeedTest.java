package dev.sundial.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Speed and sharing: common statements are settled by the fast SLL stage alone (the slow LL stage
 * is for errors and rare ambiguities), and parsing from many threads at once gives the same trees.
 * Timing itself is not asserted here (the build machine is shared); see the report of the parser
 * commit for measured figures.
 */
class SqlParserSpeedTest {
    private static final String[] TYPICAL = {
            "SELECT time_bucket('5m', timestamp) AS t, host, avg(usage_user), max(usage_system) FROM cpu "
                    + "WHERE timestamp >= now() - INTERVAL '1 hour' AND host IN ('host_1', 'host_2') "
                    + "GROUP BY t, host ORDER BY t DESC LIMIT 100",
            "SELECT * FROM cpu LATEST BY host",
            "SELECT timestamp, value FROM m WHERE timestamp >= '2024-01-01' AND value > 10.5 ORDER BY timestamp",
            "SELECT count(*) FROM cpu c WHERE c.host LIKE 'web%' OR region ~ '^eu' AND NOT (usage BETWEEN 1 AND 2)",
            "SELECT DISTINCT ON (host) host, value::double precision AS v FROM (SELECT * FROM m) s ORDER BY host, v DESC",
            "SELECT CASE WHEN v IS NULL THEN 0 ELSE v END FROM m WHERE timestamp > $1 LIMIT $2 OFFSET $3",
            "INSERT INTO cpu (timestamp, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), (?, ?, ?)",
            "CREATE TIMESERIES TABLE IF NOT EXISTS cpu (timestamp TIMESTAMP, host VARCHAR TAG, usage DOUBLE) "
                    + "WITH (partition_by = 'DAY', retention_raw = '30d')",
            "ALTER TABLE cpu ADD COLUMN IF NOT EXISTS dc VARCHAR TAG",
            "ALTER TABLE cpu SET (retention_raw = '7d')",
            "DELETE FROM cpu WHERE timestamp < now() - INTERVAL '30 days'",
            "EXPLAIN ANALYZE SELECT max(v) FROM m GROUP BY 1 HAVING max(v) > 3",
            "DROP TABLE IF EXISTS cpu; SHOW TABLES; DESCRIBE cpu; SHOW COLUMNS FROM cpu",
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void typicalStatementsNeedOnlyTheFastStage(int i) {
        assertThat(SqlParser.sllSuffices(TYPICAL[i])).as(TYPICAL[i]).isTrue();
    }

    @Test
    void parsesFromManyThreadsAtOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String sql : TYPICAL) {
            expected.add(String.valueOf(SqlParser.parseAll(sql)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int round = 0; round < 200; round++) {
                        for (String sql : TYPICAL) {
                            got.add(String.valueOf(SqlParser.parseAll(sql)));
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<String>> f : results) {
                List<String> got = f.get();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i)).isEqualTo(expected.get(i % TYPICAL.length));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
