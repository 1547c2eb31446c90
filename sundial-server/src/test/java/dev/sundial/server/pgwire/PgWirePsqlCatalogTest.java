package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psql's catalog commands ({@code \dt}, {@code \d}, {@code \d table}, {@code \l}, {@code \dn})
 * against a real server: the text psql prints. psql must be installed (as for {@code
 * PgWirePsqlTest}); without it this test fails, it does not skip.
 */
class PgWirePsqlCatalogTest {
    private static final Path PSQL = Path.of("/usr/bin/psql");

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() throws Exception {
        assertThat(Files.isExecutable(PSQL)).as("psql is needed at %s: install the Debian package postgresql-client", PSQL).isTrue();
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, region VARCHAR TAG, usage_user DOUBLE, n BIGINT)").close();
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    String psql(String command) throws IOException, InterruptedException {
        return psql(command, true);
    }

    /** psql's output; {@code clean}: it must exit 0 with nothing on stderr, else stderr is appended. */
    String psql(String command, boolean clean) throws IOException, InterruptedException {
        return run(List.of("-c", command), command, clean);
    }

    /** psql reading a script file, where a backslash command may end a query ({@code \\gdesc}). */
    String psqlScript(String script) throws IOException, InterruptedException {
        Path f = dir.resolve("script.sql");
        Files.writeString(f, script, StandardCharsets.UTF_8);
        return run(List.of("-f", f.toString()), script, true);
    }

    private String run(List<String> args, String command, boolean clean) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PSQL.toString(), "-h", "127.0.0.1", "-p", Integer.toString(s.server.pgPort()),
                "-U", "x", "-d", "sundial", "-X"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGPASSWORD");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("psql finished within 60 s").isTrue();
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        if (!clean) {
            return Files.readString(out, StandardCharsets.UTF_8) + errors;
        }
        assertThat(errors).as(command).isEmpty();
        assertThat(p.exitValue()).as(command).isZero();
        // psql pads the last column with spaces; a text block strips them, so compare without
        return Files.readString(out, StandardCharsets.UTF_8).replaceAll(" +\n", "\n");
    }

    /** {@code \\du}: the connected user (x) and the tables' owner, neither a superuser; {@code \\dT}: no user types. */
    @Test
    void rolesAreTheConnectedUserAndTheOwnerAndThereAreNoUserTypes() throws Exception {
        assertThat(psql("\\du")).isEqualTo("""
                            List of roles
                 Role name |  Attributes  | Member of
                -----------+--------------+-----------
                 sundial   | Cannot login | {}
                 x         |              | {}

                """);
        assertThat(psql("\\du x")).contains(" x ").doesNotContain("sundial");
        assertThat(psql("\\du+")).contains("Description");
        assertThat(psql("\\dT")).isEqualTo("""
                     List of data types
                 Schema | Name | Description
                --------+------+-------------
                (0 rows)

                """);
        assertThat(psql("\\dT+")).contains("Internal name").contains("(0 rows)");
    }

    @Test
    void gdescDescribesAResultWithoutRunningIt() throws Exception {
        assertThat(psqlScript("SELECT timestamp, host AS \"it's\", usage_user, n, n > 1 AS b, INTERVAL '1 hour' AS i FROM cpu \\gdesc\n"))
                .isEqualTo("""
                           Column   |           Type
                        ------------+--------------------------
                         timestamp  | timestamp with time zone
                         it's       | text
                         usage_user | double precision
                         n          | bigint
                         b          | boolean
                         i          | interval
                        (6 rows)

                        """);
    }

    @Test
    void listsTablesAndFollowsCreateAndDrop() throws Exception {
        assertThat(psql("\\dt")).isEqualTo("""
                        List of relations
                 Schema | Name | Type  |  Owner  
                --------+------+-------+---------
                 public | cpu  | table | sundial
                (1 row)

                """);
        s.db.sql("CREATE TABLE mem (timestamp TIMESTAMP, used DOUBLE)").close();
        assertThat(psql("\\d")).contains(" public | cpu  | table | sundial\n public | mem  | table | sundial\n(2 rows)");
        s.db.sql("DROP TABLE cpu").close();
        assertThat(psql("\\dt")).contains(" public | mem  | table | sundial\n(1 row)").doesNotContain("cpu");
        assertThat(psql("\\dt cpu", false)).isEqualTo("Did not find any relation named \"cpu\".\n");
    }

    @Test
    void describesATableWithItsColumnsAndTypes() throws Exception {
        assertThat(psql("\\d cpu")).isEqualTo("""
                                           Table "public.cpu"
                   Column   |           Type           | Collation | Nullable | Default 
                ------------+--------------------------+-----------+----------+---------
                 timestamp  | timestamp with time zone |           | not null | 
                 host       | text                     |           |          | 
                 region     | text                     |           |          | 
                 usage_user | double precision         |           |          | 
                 n          | bigint                   |           |          | 

                """);
    }

    @Test
    void listsTheDatabaseAndSchemas() throws Exception {
        assertThat(psql("\\l")).contains(" sundial | sundial | UTF8     | C       | C     |            | libc            |\n(1 row)");
        assertThat(psql("\\dn")).contains(" public | sundial\n(1 row)");
    }
}
