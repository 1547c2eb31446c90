package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 7, as an operator meets it: a damaged segment is quarantined when the database
 * opens, and every later {@code sundial check} keeps failing (exit 1) and naming it — not only the
 * first — until the operator lists the quarantine and removes the entry with
 * {@code sundial quarantine --delete}.
 */
class QuarantineCliTest {
    @TempDir
    Path tmp;

    @Test
    void aQuarantinedSegmentFailsEveryCheckUntilTheOperatorRemovesIt() throws Exception {
        String dir = tmp.resolve("data").toString();
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, "m,host=a v=1 1000\nm,host=b v=2 2000\n", StandardCharsets.UTF_8);
        assertThat(CliRun.run("import", "--data-dir", dir, "--no-progress", lp.toString()).code()).isZero();
        Path seg;
        try (Stream<Path> s = Files.walk(tmp.resolve("data/tables"))) {
            seg = s.filter(p -> p.toString().endsWith(".sdseg") && !p.toString().contains("/rollup/")) /* a table's own segments */.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(seg);
        b[b.length - 30] ^= 0x40; // the footer: the open quarantines the segment
        Files.write(seg, b);

        for (int i = 0; i < 2; i++) {
            CliRun r = CliRun.run("check", "--data-dir", dir);
            assertThat(r.code()).as("check %d: %s%s", i, r.out(), r.err()).isEqualTo(1);
            assertThat(r.out()).contains("problem: quarantined").contains(seg.getFileName().toString())
                    .contains("sundial quarantine --delete");
        }
        CliRun list = CliRun.run("quarantine", "--data-dir", dir);
        assertThat(list.code()).isZero();
        String name = "t0-" + seg.getParent().getFileName() + "-" + seg.getFileName();
        assertThat(list.out()).contains(name + "\tdamage\t" + seg.toAbsolutePath()).contains("1 entry in");

        assertThat(CliRun.run("quarantine", "--data-dir", dir, "--delete", "no-such-entry").code()).isEqualTo(1);
        CliRun del = CliRun.run("quarantine", "--data-dir", dir, "--delete", name);
        assertThat(del.code()).as(del.err()).isZero();
        assertThat(del.out()).contains("deleted " + name);
        CliRun ok = CliRun.run("check", "--data-dir", dir);
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(CliRun.run("quarantine", "--data-dir", dir).out()).contains("0 entries");
    }
}
