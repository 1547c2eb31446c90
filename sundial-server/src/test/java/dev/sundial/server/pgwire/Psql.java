package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the installed psql ({@code /usr/bin/psql}) with a libpq connection string and environment, capturing its output. */
record Psql(int exit, String out, String err) {
    static final Path PSQL = Path.of("/usr/bin/psql");

    /**
     * @param work     where the output files go
     * @param conninfo a libpq connection string ({@code host=… port=… user=… sslmode=…})
     * @param env      extra environment ({@code PGPASSWORD})
     */
    static Psql run(Path work, String conninfo, Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertThat(Files.isExecutable(PSQL)).as("psql is needed at %s: install the Debian package postgresql-client", PSQL).isTrue();
        List<String> cmd = new ArrayList<>(List.of(PSQL.toString(), "-X", "-w", "-d", conninfo));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGPASSWORD");
        pb.environment().put("PGPASSFILE", "/dev/null");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "psql", ".out");
        Path err = Files.createTempFile(work, "psql", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("psql finished within 60 s").isTrue();
        return new Psql(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
