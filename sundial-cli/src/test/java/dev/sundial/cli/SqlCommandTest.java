package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sundial sql} as a user runs it: output formats, NULLs, timestamps, errors and exit codes. */
class SqlCommandTest {
    static final String QUERY = "SELECT timestamp, host, usage, count, ok, note FROM m WHERE host = 'a'";

    @TempDir
    Path tmp;

    String dir;

    @BeforeEach
    void createTable() throws Exception {
        dir = tmp.resolve("data").toString();
        SqlFixture.create(Path.of(dir));
    }

    @Test
    void tableFormatIsAlignedLikePsqlWithNullsEmpty() {
        CliRun r = CliRun.run("sql", "--data-dir", dir, QUERY);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "           timestamp            | host |    usage    | count |  ok   | note",
                "--------------------------------+------+-------------+-------+-------+-------",
                " 2024-01-01T00:00:00Z           | a    |         1.5 |    10 | true  | x",
                " 2024-01-01T00:00:00.123456789Z | a    | 10000000000 |       | false | a,\"b\"",
                " 2024-01-01T00:00:01.500Z       | a    |             |    -3 |       | ",
                "(3 rows)", ""));
    }

    @Test
    void csvFormatQuotesAsRfc4180AndKeepsNullApartFromEmpty() {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "csv", QUERY);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                timestamp,host,usage,count,ok,note
                2024-01-01T00:00:00Z,a,1.5,10,true,x
                2024-01-01T00:00:00.123456789Z,a,10000000000,,false,"a,""b\"""
                2024-01-01T00:00:01.500Z,a,,-3,,""
                """);
    }

    @Test
    void jsonFormatHasTheHttpShapeWithTypedValues() throws Exception {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "json", QUERY);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"columns\":[{\"name\":\"timestamp\",\"type\":\"TIMESTAMP\"},{\"name\":\"host\",\"type\":\"VARCHAR\"},"
                + "{\"name\":\"usage\",\"type\":\"DOUBLE\"},{\"name\":\"count\",\"type\":\"BIGINT\"},{\"name\":\"ok\",\"type\":\"BOOLEAN\"},"
                + "{\"name\":\"note\",\"type\":\"VARCHAR\"}],\"rows\":["
                + "[\"2024-01-01T00:00:00Z\",\"a\",1.5,10,true,\"x\"],"
                + "[\"2024-01-01T00:00:00.123456789Z\",\"a\",10000000000,null,false,\"a,\\\"b\\\"\"],"
                + "[\"2024-01-01T00:00:01.500Z\",\"a\",null,-3,null,\"\"]]}\n");
        JsonNode rows = new ObjectMapper().readTree(r.out()).get("rows");
        assertThat(rows.get(1).get(2).isNumber()).isTrue();
        assertThat(rows.get(1).get(2).asDouble()).isEqualTo(1e10);
    }

    @Test
    void nonFiniteDoublesAreJsonStrings() throws Exception {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "json",
                "SELECT CAST('NaN' AS DOUBLE) AS n, CAST('-Infinity' AS DOUBLE) AS i, 0.5 AS h");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(r.out()).get("rows").get(0);
        assertThat(row.get(0).textValue()).isEqualTo("NaN");
        assertThat(row.get(1).textValue()).isEqualTo("-Infinity");
        assertThat(row.get(2).doubleValue()).isEqualTo(0.5);
    }

    @Test
    void statementsRunInOrderAndEachPrintsItsResult() {
        CliRun r = CliRun.run("sql", "--data-dir", dir,
                "CREATE TIMESERIES TABLE t (timestamp TIMESTAMP, site VARCHAR TAG, v DOUBLE);"
                        + " INSERT INTO t (timestamp, site, v) VALUES ('2024-01-01T00:00:00Z', 'n', 1), ('2024-01-01T00:01:00Z', 'n', 2);"
                        + " SELECT site, v FROM t; SELECT count(*) AS c FROM t");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "CREATE TABLE",
                "",
                "INSERT 0 2",
                "",
                " site | v",
                "------+---",
                " n    | 1",
                " n    | 2",
                "(2 rows)",
                "",
                " c",
                "---",
                " 2",
                "(1 row)", ""));
    }

    @Test
    void statementsWithoutRowsPrintTheirMessageInJson() throws Exception {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "json",
                "INSERT INTO m (timestamp, host, usage) VALUES ('2024-01-02T00:00:00Z', 'c', 3)");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"message\":\"INSERT 0 1\",\"update_count\":1}\n");
    }

    @Test
    void querySyntaxErrorShowsTheLineWithACaretAndExitsWith1() {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "SELECT host FORM m");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("sundial: ").contains("line 1");
        assertThat(lines[1]).isEqualTo("  SELECT host FORM m");
        assertThat(lines[2]).matches("  +\\^"); // under the spot the message names
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.run("sql", "--verbose", "--data-dir", dir, "SELECT nope FROM m");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("sundial: ").contains("nope").contains("\tat ");
    }

    @Test
    void anErrorStopsTheRunAfterPrintingEarlierResults() {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "csv",
                "SELECT usage FROM m WHERE host = 'b'; SELECT nope FROM m; SELECT 1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("usage\n0.25\n");
        assertThat(r.err()).startsWith("sundial: ").contains("nope");
    }

    @Test
    void readsStatementsFromStandardInput() {
        String script = "SELECT usage FROM m WHERE host = 'b';\n-- a comment\nSELECT count FROM m WHERE count < 0\n";
        CliRun dash = CliRun.withInput(script, "sql", "--data-dir", dir, "--format", "csv", "-");
        assertThat(dash.code()).as(dash.err()).isZero();
        assertThat(dash.out()).isEqualTo("usage\n0.25\ncount\n-3\n");
        CliRun absent = CliRun.withInput(script, "sql", "--data-dir", dir, "--format", "csv");
        assertThat(absent.out()).isEqualTo(dash.out());
    }

    @Test
    void parametersAreBoundInOrderAsTextTakingTheTypeTheyMeet() {
        CliRun r = CliRun.run("sql", "--data-dir", dir, "--format", "csv", "--param", "a", "--param", "0",
                "SELECT count FROM m WHERE host = $1 AND count > $2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("count\n10\n");
        CliRun typed = CliRun.run("sql", "--data-dir", dir, "--format", "csv", "--param", "2024-01-01T00:00:01Z", "--param", "1e9",
                "--param", "-3", "SELECT count FROM m WHERE timestamp >= $1 AND usage IS NULL AND count = $3 AND $2 > 1.5");
        assertThat(typed.code()).as(typed.err()).isZero();
        assertThat(typed.out()).isEqualTo("count\n-3\n");
        CliRun tooFew = CliRun.run("sql", "--data-dir", dir, "--param", "a", "SELECT count FROM m WHERE host = $1 AND count > $2");
        assertThat(tooFew.code()).isEqualTo(2);
        assertThat(tooFew.err()).isEqualTo("sundial: cannot run statement: it takes 2 parameter(s) but 1 --param value(s) were given\n");
        CliRun tooMany = CliRun.run("sql", "--data-dir", dir, "--param", "a", "SELECT 1");
        assertThat(tooMany.code()).isEqualTo(2);
    }

    @Test
    void emptyQueryAndUnknownFormatAreUsageErrors() {
        CliRun empty = CliRun.withInput(" -- nothing\n", "sql", "--data-dir", dir, "-");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).isEqualTo("sundial: cannot run SQL: the query is empty\n");
        CliRun format = CliRun.run("sql", "--data-dir", dir, "--format", "xml", "SELECT 1");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("sundial: cannot use --format 'xml': expected table, csv or json\n");
    }
}
