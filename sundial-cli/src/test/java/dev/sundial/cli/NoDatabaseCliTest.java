package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: the commands that read or maintain a database refuse a data directory that
 * holds none (missing, empty, or some other folder) with one clear line, and leave nothing behind
 * there, instead of creating an empty database under a mistyped {@code --data-dir}. {@code import}
 * and {@code sql --create} create one.
 */
class NoDatabaseCliTest {
    @TempDir
    Path tmp;

    /** Each read-only command, with the arguments it needs besides {@code --data-dir}. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("sql", "SELECT 1"),
            List.of("shell"),
            List.of("stats"),
            List.of("check"),
            List.of("export", "--table", "m"),
            List.of("maintain"),
            List.of("quarantine"));

    private static CliRun run(List<String> command, Path dir) {
        String[] args = Stream.concat(command.stream(), Stream.of("--data-dir", dir.toString())).toArray(String[]::new);
        return CliRun.withInput("SELECT 1;\n", args);
    }

    @Test
    void aMissingDirectoryIsRefusedAndNotCreated() {
        Path dir = tmp.resolve("sundial-dta");
        for (List<String> c : COMMANDS) {
            CliRun r = run(c, dir);
            assertThat(r.code()).as("%s: %s", c, r.err()).isNotZero();
            assertThat(r.err()).as(c.toString()).isEqualTo("sundial: cannot open " + dir + ": no such directory (create one with"
                    + " sundial import, sundial serve or sundial sql --create, or pass --data-dir)\n");
            assertThat(dir).as(c.toString()).doesNotExist();
        }
    }

    @Test
    void anEmptyOrForeignDirectoryIsRefusedAndLeftAsItWas() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Path foreign = Files.createDirectory(tmp.resolve("photos"));
        Files.writeString(foreign.resolve("cat.jpg"), "not a database", StandardCharsets.UTF_8);
        for (Path dir : List.of(empty, foreign)) {
            List<Path> before = list(dir);
            for (List<String> c : COMMANDS) {
                CliRun r = run(c, dir);
                assertThat(r.code()).as("%s: %s", c, r.err()).isNotZero();
                assertThat(r.err()).as(c.toString()).startsWith("sundial: cannot open " + dir + ": no Sundial database there");
                assertThat(list(dir)).as("%s left files in %s", c, dir).isEqualTo(before);
            }
        }
    }

    @Test
    void importAndSqlCreateCreateOneThatTheOthersThenOpen() throws Exception {
        Path viaSql = tmp.resolve("ddl");
        CliRun created = CliRun.run("sql", "--create", "--data-dir", viaSql.toString(), "--format", "csv",
                "CREATE TIMESERIES TABLE t (timestamp TIMESTAMP, v DOUBLE); SELECT count(*) AS n FROM t");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(CliRun.run("stats", "--data-dir", viaSql.toString()).code()).isZero();

        Path viaImport = tmp.resolve("data");
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, "m,host=a v=1 1000\n", StandardCharsets.UTF_8);
        assertThat(CliRun.run("import", "--data-dir", viaImport.toString(), "--no-progress", lp.toString()).code()).isZero();
        for (List<String> c : COMMANDS) {
            CliRun r = run(c, viaImport);
            assertThat(r.code()).as("%s: %s", c, r.err()).isZero();
        }
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }
}
