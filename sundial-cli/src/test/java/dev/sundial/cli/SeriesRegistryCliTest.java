package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 4, as a user meets it: an oversized series key is an error of its line (import)
 * or statement (SQL {@code INSERT}) with nothing of the batch written; and {@code sundial check}
 * said ok over a damaged or deleted series registry (the open had silently dropped the series),
 * where it now fails (exit 1) naming the file, which stays as found for the operator to restore.
 */
class SeriesRegistryCliTest {
    @TempDir
    Path tmp;

    @Test
    void anOversizedSeriesKeyIsAnErrorOfItsLineOrStatement() throws Exception {
        String dir = tmp.resolve("data").toString();
        String big = "x".repeat(70_000);
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, "m,host=a v=1 1000\nm,host=" + big + " v=2 2000\nm,host=c v=3 3000\n", StandardCharsets.UTF_8);
        CliRun r = CliRun.run("import", "--data-dir", dir, "--no-progress", lp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(lp + ":2: cannot write series of table m: series key is 70007 bytes, the limit is 65536"
                + " (tag host has a 70000-byte value)").contains("nothing of the batch holding that line was written");
        r = CliRun.run("import", "--data-dir", dir, "--no-progress", "--skip-bad", lp.toString());
        assertThat(r.code()).isZero();
        assertThat(CliRun.run("export", "--data-dir", dir, "--table", "m").out()).isEqualTo("m,host=a v=1 1000\nm,host=c v=3 3000\n");

        r = CliRun.run("sql", "--data-dir", dir, "INSERT INTO m (timestamp, host, v) VALUES (4000, 'd', 4), (5000, '" + big + "', 5)");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("series key is 70007 bytes, the limit is 65536");
        assertThat(CliRun.run("sql", "--data-dir", dir, "--format", "csv", "SELECT count(*) FROM m").out()).contains("2");
    }

    @Test
    void checkFailsOnADamagedOrMissingRegistry() throws Exception {
        String dir = tmp.resolve("data").toString();
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, "m,host=a v=1 1000\nm,host=b v=2 2000\nm,host=c v=3 3000\n", StandardCharsets.UTF_8);
        assertThat(CliRun.run("import", "--data-dir", dir, "--no-progress", lp.toString()).code()).isZero();
        CliRun ok = CliRun.run("check", "--data-dir", dir);
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();

        Path registry = tmp.resolve("data/tables/t0/series.sds");
        byte[] good = Files.readAllBytes(registry);
        byte[] bad = good.clone();
        bad[16 + 8 + 10] ^= 1; // inside the first series record, two more after it
        Files.write(registry, bad);
        CliRun r = CliRun.run("check", "--data-dir", dir);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("sundial: cannot read " + registry + " [offset=16]: holds 0 series")
                .contains("refusing to open table m");
        assertThat(Files.readAllBytes(registry)).isEqualTo(bad);

        Files.delete(registry);
        r = CliRun.run("check", "--data-dir", dir);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(registry + " [offset=0]: is missing");
        assertThat(registry).doesNotExist();

        Files.write(registry, good);
        assertThat(CliRun.run("check", "--data-dir", dir).code()).isZero();
        assertThat(CliRun.run("export", "--data-dir", dir, "--table", "m").out()).isEqualTo(Files.readString(lp));
    }
}
