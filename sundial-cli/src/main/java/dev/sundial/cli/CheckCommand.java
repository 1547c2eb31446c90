package dev.sundial.cli;

import dev.sundial.CheckReport;
import dev.sundial.Sundial;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sundial check}: verifies every checksum of the data directory. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Verifies every checksum of the data directory (catalog, WAL, series registries, manifests, every byte of every segment)",
            "and names the file and offset of each problem. Exit code 0 when clean, 1 when a problem was found."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        CheckReport r;
        try (Sundial s = db.openUnreported()) { // the report below lists what the open found
            r = s.check();
        }
        for (String p : r.repairs()) {
            System.out.println("repaired: " + p);
        }
        for (String p : r.problems()) {
            System.out.println("problem: " + p);
        }
        System.out.println((r.ok() ? "ok: " : "FAILED: ") + r.filesChecked() + " files checked, " + r.problems().size() + " problem(s)"
                + (r.ok() ? "" : " (quarantined files stay reported until removed with: sundial quarantine --delete NAME)"));
        return r.ok() ? 0 : 1;
    }
}
