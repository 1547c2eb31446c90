package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.wal.WalSyncMode;
import java.io.IOException;
import java.nio.file.Files;
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
     * Refuses a directory that holds no database ({@link #requireDatabase}): a mistyped
     * {@code --data-dir} must not leave an empty database behind.
     */
    public Sundial open() throws IOException {
        requireDatabase();
        return openCreating();
    }

    /** Like {@link #open()}, but creates the database when the directory holds none ({@code import}, {@code sql --create}). */
    public Sundial openCreating() throws IOException {
        Sundial db = EngineLog.whileOpening(() -> Sundial.open(dataDir, options()));
        for (String p : db.problems()) {
            System.err.println("sundial: warning: " + p);
        }
        for (String p : db.repairs()) {
            System.err.println("sundial: repaired after a crash: " + p);
        }
        return db;
    }

    /** Opens the database without printing what the open found (for {@code check}, whose report lists it); refuses as {@link #open()} does. */
    public Sundial openUnreported() throws IOException {
        requireDatabase();
        return EngineLog.whileOpening(() -> Sundial.open(dataDir, options()));
    }

    private SundialOptions options() {
        return SundialOptions.defaults().withWalSync(WalSyncMode.parse(walSync));
    }

    /**
     * Refuses, before anything is created, a data directory that holds no Sundial database (missing,
     * empty, or some other folder): the commands that only read or maintain one call this, so that
     * a mistyped {@code --data-dir} is an error instead of a new empty database.
     */
    void requireDatabase() {
        requireDatabase(dataDir);
    }

    static void requireDatabase(Path dataDir) {
        if (!new DataDirectoryLayout(dataDir).holdsDatabase()) {
            throw new IllegalArgumentException("cannot open " + dataDir + ": " + (Files.exists(dataDir) ? "no Sundial database there"
                    : "no such directory") + " (create one with sundial import, sundial serve or sundial sql --create, or pass --data-dir)");
        }
    }
}
