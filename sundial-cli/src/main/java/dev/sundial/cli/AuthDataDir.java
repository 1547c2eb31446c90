package dev.sundial.cli;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.server.auth.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/**
 * The data directory of a command that touches one credential file of {@code auth/} and never the
 * database ({@code sundial token}, {@code sundial user}): its {@code --data-dir} option, as the
 * other commands have it but without the database options, and the steps both commands take the
 * same way on it: opening the store (a damaged file is an error that says what to do), noting a
 * directory an add created, listing the entries as a table, removing one. The caller names its
 * entries ({@code token}, {@code user}); the messages are built from that noun.
 *
 * <p>A picocli mixin; each command run has its own instance, used by one thread.
 */
final class AuthDataDir {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sundial-data",
            description = "Data directory (default: ${DEFAULT-VALUE}). The database itself is not opened.")
    Path dataDir;

    /** How a store opens on a data directory ({@code TokenStore::open}). */
    @FunctionalInterface
    interface Opener<S> {
        S open(Path dataDir) throws IOException;
    }

    /** A store's removal by name ({@code store::remove}): false when there is no entry of that name. */
    @FunctionalInterface
    interface Removal {
        boolean remove(String name) throws IOException;
    }

    /** One line of {@link #printList}. */
    record Row(String name, Set<Scope> scopes, Instant created) {
    }

    /**
     * Opens the store of this data directory, which need not exist (nothing is created).
     *
     * @param noun    what the file holds, singular ({@code token})
     * @param refused what a server refuses while the file is damaged ({@code every request})
     * @throws IllegalArgumentException when the data directory is not a directory
     * @throws IOException when the file is damaged, saying what a server then does and how to repair
     */
    <S> S open(Opener<S> opener, String noun, String refused) throws IOException {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("cannot use data directory " + dataDir + ": it is not a directory");
        }
        try {
            return opener.open(dataDir);
        } catch (CorruptFileException e) {
            throw new IOException(e.getMessage() + " (a server on this directory refuses " + refused + " while its " + noun
                    + " file is damaged; restore the file from a backup, or move it aside and add the " + noun + "s again: see docs/auth.md)", e);
        }
    }

    /** Whether the data directory does not exist yet; ask before an add, which creates it. */
    boolean missing() {
        return !Files.exists(dataDir);
    }

    /** Says on stderr that an add created the data directory, lest a mistyped {@code --data-dir} pass unseen. */
    void noteCreated(String noun) {
        System.err.println("sundial: note: created " + dataDir + " (it did not exist) for the " + noun + " file");
    }

    /** Prints {@code rows} on stdout as a table NAME, SCOPES, CREATED with aligned columns, or {@code none} alone when there are none. */
    void printList(List<Row> rows, String none) {
        if (rows.isEmpty()) {
            System.out.println(none);
            return;
        }
        int nameWidth = "NAME".length();
        int scopeWidth = "SCOPES".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
            scopeWidth = Math.max(scopeWidth, Scope.format(r.scopes()).length());
        }
        String row = "%-" + nameWidth + "s  %-" + scopeWidth + "s  %s%n";
        System.out.printf(row, "NAME", "SCOPES", "CREATED");
        for (Row r : rows) {
            System.out.printf(row, r.name(), Scope.format(r.scopes()), r.created());
        }
    }

    /**
     * Removes the entry {@code name}: says so on stdout, and prints {@code noneLeft} on stderr when
     * it was the last one.
     *
     * @return the exit code: 0, or 1 (with a message on stderr) when there is no entry of that name
     */
    int remove(String noun, String name, Removal removal, BooleanSupplier isEmpty, String noneLeft) throws IOException {
        if (!removal.remove(name)) {
            System.err.println("sundial: cannot remove " + noun + " \"" + name + "\": no " + noun + " of that name in " + dataDir
                    + " (sundial " + noun + " list shows them)");
            return 1;
        }
        System.out.println("removed " + noun + " \"" + name + "\"");
        if (isEmpty.getAsBoolean()) {
            System.err.println(noneLeft);
        }
        return 0;
    }
}
