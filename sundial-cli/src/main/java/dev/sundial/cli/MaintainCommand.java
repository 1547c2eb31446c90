package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.maintenance.MaintenanceReport;
import dev.sundial.maintenance.MaintenanceRun;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sundial maintain}: runs all pending maintenance (flush, rollup builds, retention,
 * compaction, tier moves) to completion, as {@code CALL maintenance()} does, printing one line per
 * step on stdout and a summary. Exit code 1 when a step failed (the error on stderr; the other
 * tasks still ran).
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Runs all pending maintenance (flush, rollup builds, retention, compaction, tier moves) to completion.",
            "Prints one line per step done (task, duration, what it did) and a summary. Exit code 1 when a step failed."})
final class MaintainCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        MaintenanceReport r;
        long t0 = System.nanoTime();
        try (Sundial s = db.open()) {
            r = s.maintenance().runAllPending();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        for (MaintenanceRun run : r.steps()) {
            System.out.println(String.format(Locale.ROOT, "%-10s %10.3f ms  %s%s", run.task(), run.durationMillis(),
                    run.ok() ? "" : "FAILED: ", run.text()));
        }
        long failed = r.steps().stream().filter(run -> !run.ok()).count();
        System.out.println(String.format(Locale.ROOT, "%d step(s) in %.3f ms%s", r.steps().size(), ms,
                r.steps().isEmpty() ? " (nothing was pending)" : failed > 0 ? ", " + failed + " failed" : ""));
        for (String t : r.unsettled()) {
            System.err.println("sundial: warning: maintenance task " + t + " still has work after its step bound; run sundial maintain again");
        }
        if (failed > 0) {
            MaintenanceRun f = r.steps().stream().filter(run -> !run.ok()).findFirst().orElseThrow();
            System.err.println("sundial: cannot run maintenance: task " + f.task() + " failed: " + f.error());
            return 1;
        }
        return 0;
    }
}
