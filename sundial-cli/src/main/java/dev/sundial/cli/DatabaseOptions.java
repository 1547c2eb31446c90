package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.wal.WalSyncMode;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by commands that open a data directory (a picocli mixin). */
public final class DatabaseOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sundial-data",
            description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--wal-sync", paramLabel = "MODE", defaultValue = "batch",
            description = "When writes are acknowledged: batch (fsync before acknowledging; default), interval=<ms>, none.")
    String walSync;

    /** Opens the database with these options, printing any problems found on open to stderr. */
    public Sundial open() throws IOException {
        SundialOptions o = SundialOptions.defaults().withWalSync(WalSyncMode.parse(walSync));
        Sundial db = Sundial.open(dataDir, o);
        for (String p : db.problems()) {
            System.err.println("sundial: warning: " + p);
        }
        for (String p : db.repairs()) {
            System.err.println("sundial: repaired after a crash: " + p);
        }
        return db;
    }
}
