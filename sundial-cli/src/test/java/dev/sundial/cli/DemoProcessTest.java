package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial demo} as its own process on ports of its choosing ({@code --http-port 0
 * --pg-port 0}, so that it starts beside another server): the {@code psql} command it prints runs
 * as printed against the sample. psql must be installed (package postgresql-client), as for the
 * server's pgwire tests.
 */
class DemoProcessTest {
    private static final Pattern PSQL_HINT = Pattern.compile("^\\s+(psql -h \\S+ -p (\\d+) -d sundial) -c \"(.*)\"$");

    @TempDir
    Path tmp;

    @Test
    void demoOnChosenPortsServesTheSampleToThePrintedPsqlCommand() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/psql"))).as("psql is needed: install postgresql-client").isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile(tmp, "demo", ".err");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SundialCommand.class.getName(), "demo", "--data-dir", tmp.resolve("data").toString(), "--http-port", "0",
                "--pg-port", "0", "--hosts", "1"))
                .redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Matcher hint = null;
            for (String line = out.readLine(); line != null && hint == null; line = out.readLine()) {
                Matcher m = PSQL_HINT.matcher(line);
                hint = m.matches() ? m : null;
            }
            assertThat(hint).as("the demo printed a psql command; stderr: %s", Files.readString(err)).isNotNull();
            assertThat(Integer.parseInt(hint.group(2))).as("a port picked by the system").isNotEqualTo(5470).isPositive();
            List<String> cmd = new java.util.ArrayList<>(List.of(hint.group(1).split(" ")));
            cmd.addAll(List.of("-X", "-c", hint.group(3)));
            Process psql = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String printed = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(psql.exitValue()).as(printed).isZero();
            assertThat(printed).contains(" hostname | ", " host_0 ", "(1 row)");
        } finally {
            p.destroy(); // SIGTERM: the demo stops cleanly
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
