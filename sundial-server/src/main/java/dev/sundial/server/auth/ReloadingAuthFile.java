package dev.sundial.server.auth;

import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One credential file of {@code auth/} ({@code tokens.sdtk} of {@link TokenStore},
 * {@code users.sduser} of {@link UserStore}): a list of entries with unique names, sorted by name,
 * that readers see re-read when another process changes it and writers change under
 * {@link AuthFileLock}. The stores give it their file layout ({@link Codec}) and the words of their
 * messages ({@link Words}); what is below holds for both.
 *
 * <p><b>Beside the server.</b> Never opens the database nor takes the data directory's
 * {@code LOCK}. Writers ({@link #add}, {@link #remove}) take the file's {@link AuthFileLock}, re-read
 * the file under it (another process may have changed it), so two writers never lose each other's
 * change, and replace it atomically through the codec (temp file, fsync, rename, directory fsync).
 *
 * <p><b>Seeing other processes' changes.</b> Readers ({@link #entries}, {@link #isEmpty},
 * {@link #damage}, {@link #readableEntries}) re-read the file at most once per check interval and
 * parse it only when its bytes differ from the last read. The whole file is compared rather than
 * its size and mtime: file times tick coarsely and a remove followed by an add of an equally long
 * name keeps the size, so a stat could miss a change, and a missed removal is a credential that
 * still works. The files are small, so one read per interval costs microseconds.
 *
 * <p><b>Damage.</b> {@link #open} throws when the file is damaged or too new, so a server does not
 * start while its credentials cannot be read. Damage found by a later re-read (or any error reading
 * the file) is never "no entries": {@link #entries} is empty but {@link #isEmpty} is false, so the
 * store denies everything until the file reads well again; the error is logged once per change of
 * message and reported by {@link #damage}. A missing file means no entries. Writers refuse to
 * overwrite a damaged file ("nothing was changed").
 *
 * <p>Thread-safe: readers work on an immutable snapshot and never block on writers; re-reads are
 * serialized by this object's monitor.
 */
final class ReloadingAuthFile<E> {
    /** Reads the entries of a whole file's bytes; throws {@code CorruptFileException} or {@code FormatTooNewException}. */
    @FunctionalInterface
    interface Decoder<E> {
        List<E> decode(Path file, byte[] bytes) throws IOException;
    }

    /** Writes entries (sorted by unique name) durably and atomically as the file. */
    @FunctionalInterface
    interface Writer<E> {
        void write(FileLayer fs, Path file, List<E> entries) throws IOException;
    }

    /**
     * The layout of one credential file.
     *
     * @param decoder its reader ({@code TokenFile::decode})
     * @param writer  its writer ({@code TokenFile::write})
     * @param nameOf  the unique name of an entry, which orders the file
     */
    record Codec<E>(Decoder<E> decoder, Writer<E> writer, Function<E, String> nameOf) {
    }

    /**
     * What a store calls its entries in messages and log lines. The log templates are
     * {@link String#format} patterns whose argument 1 is the file; {@code damaged} gets the cause
     * as argument 2, {@code readableAgain} the count of entries.
     *
     * @param noun          one entry ({@code token}): {@code cannot add token "x": a token of that name exists},
     *                      {@code the token store of DIR}, {@code another sundial token command?}
     * @param damaged       ERROR when the file becomes unusable (or its damage changes)
     * @param readableAgain WARNING when a damaged file reads well again
     * @param emptied       WARNING when the last entry goes, or null for no line
     * @param filled        INFO when the first entry comes, or null for no line
     */
    record Words(String noun, String damaged, String readableAgain, String emptied, String filled) {
    }

    /**
     * What the last read of the file found.
     *
     * @param bytes   the file's bytes, null when it did not exist or could not be read
     * @param entries its entries, sorted by name (empty when damaged)
     * @param damage  why the file cannot be used, or null
     */
    private record Snapshot<E>(byte[] bytes, List<E> entries, IOException damage) {
        boolean sameFile(byte[] read) {
            // an I/O error leaves no bytes to compare: re-parse whatever comes next
            return !(damage != null && bytes == null) && Arrays.equals(bytes, read);
        }
    }

    private final FileLayer fs;
    private final Path authDir;
    private final Path file;
    private final Path lockFile;
    private final Codec<E> codec;
    private final Words words;
    private final System.Logger log;
    private final long checkIntervalNanos;
    private final Duration lockWait;
    /** {@link System#nanoTime} from which the next reader re-reads the file. */
    private final AtomicLong nextCheck;
    private volatile Snapshot<E> snapshot;
    private volatile boolean closed;

    private ReloadingAuthFile(FileLayer fs, Path authDir, Path file, Path lockFile, Codec<E> codec, Words words,
                              System.Logger log, Duration checkInterval, Duration lockWait) {
        this.fs = fs;
        this.authDir = authDir;
        this.file = file;
        this.lockFile = lockFile;
        this.codec = codec;
        this.words = words;
        this.log = log;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.lockWait = lockWait;
        this.nextCheck = new AtomicLong(System.nanoTime() + checkIntervalNanos);
    }

    /**
     * Reads {@code file}; a missing file (or {@code authDir}) means no entries. Creates nothing.
     *
     * @param lockFile the writers' lock beside it ({@code auth/tokens.lock})
     * @param log      where state changes of the file are logged (the store's logger)
     * @throws dev.sundial.fs.CorruptFileException when the file is damaged (naming it and the offset)
     * @throws dev.sundial.fs.FormatTooNewException when a newer Sundial wrote it
     */
    static <E> ReloadingAuthFile<E> open(FileLayer fs, Path authDir, Path file, Path lockFile, Codec<E> codec, Words words,
                                         System.Logger log, Duration checkInterval, Duration lockWait) throws IOException {
        ReloadingAuthFile<E> f = new ReloadingAuthFile<>(fs, authDir, file, lockFile, codec, words, log, checkInterval, lockWait);
        byte[] bytes = f.readBytes();
        f.snapshot = new Snapshot<>(bytes, bytes == null ? List.of() : codec.decoder().decode(file, bytes), null);
        return f;
    }

    Path file() {
        return file;
    }

    /** The entries, sorted by name; empty when there are none and also while the file is damaged. */
    List<E> entries() {
        return current().entries;
    }

    /** Whether no entry exists; false while the file is damaged (damage never reads as "none"). */
    boolean isEmpty() {
        Snapshot<E> s = current();
        return s.damage == null && s.entries.isEmpty();
    }

    /** Why the file cannot be used right now, or empty when it reads well. */
    Optional<String> damage() {
        IOException d = current().damage;
        return d == null ? Optional.empty() : Optional.of(d.getMessage());
    }

    /**
     * The entries, sorted by name.
     *
     * @param what the reader's action for the message ({@code list tokens})
     * @throws UncheckedIOException {@code cannot <what>: <damage>} while the file is damaged
     */
    List<E> readableEntries(String what) {
        Snapshot<E> s = current();
        if (s.damage != null) {
            throw new UncheckedIOException("cannot " + what + ": " + s.damage.getMessage(), s.damage);
        }
        return s.entries;
    }

    /**
     * Adds {@code entry} under the lock, after a fresh read. Durable when this returns.
     *
     * @throws IllegalArgumentException when an entry of that name exists (nothing is changed)
     * @throws IOException when the file cannot be read (damage: nothing is changed), locked or written
     */
    void add(E entry) throws IOException {
        ensureOpen();
        String name = codec.nameOf().apply(entry);
        String what = "add " + words.noun() + " \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<E> entries = new ArrayList<>(readForWriting(what));
            for (E e : entries) {
                if (codec.nameOf().apply(e).equals(name)) {
                    throw new IllegalArgumentException("cannot " + what + ": a " + words.noun()
                            + " of that name exists (remove it first, or choose another name)");
                }
            }
            entries.add(entry);
            entries.sort(Comparator.comparing(codec.nameOf()));
            commit(entries);
        }
    }

    /**
     * Removes the entry named {@code name} under the lock, after a fresh read; false when there is
     * none (and a missing file is not created just to say so). Durable when this returns.
     *
     * @throws IOException when the file cannot be read (damage: nothing is changed), locked or written
     */
    boolean remove(String name) throws IOException {
        ensureOpen();
        if (!fs.exists(file)) {
            return false;
        }
        String what = "remove " + words.noun() + " \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<E> entries = new ArrayList<>(readForWriting(what));
            if (!entries.removeIf(e -> codec.nameOf().apply(e).equals(name))) {
                return false;
            }
            commit(entries);
            return true;
        }
    }

    /** Ends the use of the file; any later call fails. Holds nothing between calls, so there is nothing to release. */
    void close() {
        closed = true;
    }

    /** @throws IllegalStateException once {@link #close} was called */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cannot use the " + words.noun() + " store of " + authDir.getParent() + ": it is closed");
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    /** The snapshot readers use: re-reads the file first when the check interval has passed. */
    private Snapshot<E> current() {
        ensureOpen();
        long now = System.nanoTime();
        long due = nextCheck.get();
        // one reader per interval re-reads (the one that wins the CAS); the others use the last snapshot
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + checkIntervalNanos)) {
            reload();
        }
        return snapshot;
    }

    /** Re-reads the file; never throws: a failure becomes a snapshot that denies everything. */
    private synchronized void reload() {
        Snapshot<E> before = snapshot;
        byte[] bytes;
        try {
            bytes = readBytes();
        } catch (IOException e) {
            replace(before, new Snapshot<>(null, List.of(), e));
            return;
        }
        if (before.sameFile(bytes)) {
            return;
        }
        try {
            replace(before, new Snapshot<>(bytes, bytes == null ? List.of() : codec.decoder().decode(file, bytes), null));
        } catch (IOException e) {
            replace(before, new Snapshot<>(bytes, List.of(), e));
        }
    }

    private void replace(Snapshot<E> before, Snapshot<E> after) {
        snapshot = after;
        if (after.damage != null) {
            if (before.damage == null || !Objects.equals(before.damage.getMessage(), after.damage.getMessage())) {
                log.log(System.Logger.Level.ERROR, String.format(Locale.ROOT, words.damaged(), file, after.damage.getMessage()));
            }
        } else if (before.damage != null) {
            log.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, words.readableAgain(), file, after.entries.size()));
        } else if (after.entries.isEmpty() && !before.entries.isEmpty()) {
            if (words.emptied() != null) {
                log.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, words.emptied(), file));
            }
        } else if (!after.entries.isEmpty() && before.entries.isEmpty()) {
            if (words.filled() != null) {
                log.log(System.Logger.Level.INFO, String.format(Locale.ROOT, words.filled(), file));
            }
        }
    }

    /** The file's bytes, or null when it does not exist. */
    private byte[] readBytes() throws IOException {
        try {
            return fs.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file's entries, read afresh under the write lock (another process may have changed it). */
    private List<E> readForWriting(String what) throws IOException {
        byte[] bytes = readBytes();
        if (bytes == null) {
            return List.of();
        }
        try {
            return codec.decoder().decode(file, bytes);
        } catch (IOException e) {
            throw new IOException("cannot " + what + ", nothing was changed: " + e.getMessage(), e);
        }
    }

    // ---- writing --------------------------------------------------------------------------------

    private void commit(List<E> entries) throws IOException {
        codec.writer().write(fs, file, entries);
        reload(); // this store sees its own change at once, not after the check interval
    }

    private AuthFileLock lockForWriting(String what) throws IOException {
        return AuthFileLock.acquire(fs, authDir, lockFile, lockWait, what, "another sundial " + words.noun() + " command?");
    }
}
