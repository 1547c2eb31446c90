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

    /**
     * Opens the database with these options and prints what the open found to stderr, once each:
     * problems ({@code sundial: warning: …}) and crash repairs ({@code sundial: repaired after a
     * crash: …}). The engine's own log records of the open are held back ({@link EngineLog}).
     */
    public Sundial open() throws IOException {
        Sundial db = openUnreported();
        for (String p : db.problems()) {
            System.err.println("sundial: warning: " + p);
        }
        for (String p : db.repairs()) {
            System.err.println("sundial: repaired after a crash: " + p);
        }
        return db;
    }

    /** Opens the database without printing what the open found (for {@code check}, whose report lists it). */
    public Sundial openUnreported() throws IOException {
        SundialOptions o = SundialOptions.defaults().withWalSync(WalSyncMode.parse(walSync));
        return EngineLog.whileOpening(() -> Sundial.open(dataDir, o));
    }
}
