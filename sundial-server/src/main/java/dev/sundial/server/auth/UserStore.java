package dev.sundial.server.auth;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pgwire users of a data directory, kept in {@code auth/users.sduser}
 * ({@code docs/format/users.md}, {@code docs/auth.md}): a name, scopes and the SCRAM-SHA-256
 * verifier of the password, never the password. The pgwire server authenticates connections with
 * it; {@code sundial user} adds and removes users, also while a server runs on the same directory.
 *
 * <p>Works as {@link TokenStore} does, for the same reasons: it never opens the database or takes
 * its {@code LOCK}; writers are serialized by {@link AuthFileLock} on {@code auth/users.lock}, re-read
 * the file under it and replace it atomically; readers re-read the file at most once per
 * {@link TokenStore#CHECK_INTERVAL} and parse it only when its bytes changed, so another process's
 * change takes effect within about a second.
 *
 * <p><b>Damage.</b> {@link #open} refuses a damaged file or one written by a newer Sundial, so a
 * server does not start while its users cannot be read. Damage found by a later re-read makes the
 * store deny everything: {@link #isEmpty} is false (so trust authentication never applies),
 * {@link #find} finds nobody and {@link #damage} says why, until the file reads well again. A
 * missing file means no users.
 *
 * <p>Thread-safe: readers work on an immutable snapshot and never block on writers.
 */
public final class UserStore implements AutoCloseable {
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(UserStore.class.getName());

    private final FileLayer fs;
    private final Path authDir;
    private final Path file;
    private final Path lockFile;
    private final long checkIntervalNanos;
    private final Duration lockWait;
    private final AtomicLong nextCheck;
    private volatile Snapshot snapshot;
    private volatile boolean closed;

    /** What the last read found: the file's bytes (null: missing or unreadable), its users, why it cannot be used. */
    private record Snapshot(byte[] bytes, List<UserCredentials> entries, IOException damage) {
        boolean sameFile(byte[] read) {
            return !(damage != null && bytes == null) && Arrays.equals(bytes, read);
        }
    }

    private UserStore(FileLayer fs, Path dataDir, Duration checkInterval, Duration lockWait) {
        DataDirectoryLayout layout = new DataDirectoryLayout(dataDir, fs);
        this.fs = fs;
        this.authDir = layout.authDir();
        this.file = layout.usersFile();
        this.lockFile = layout.usersLockFile();
        this.checkIntervalNanos = checkInterval.toNanos();
        this.lockWait = lockWait;
        this.nextCheck = new AtomicLong(System.nanoTime() + checkIntervalNanos);
    }

    /**
     * Reads the users of {@code dataDir}; a missing user file (or data directory) means no users.
     * Creates nothing.
     *
     * @throws dev.sundial.fs.CorruptFileException when the user file is damaged (naming it and the offset)
     * @throws dev.sundial.fs.FormatTooNewException when a newer Sundial wrote it
     */
    public static UserStore open(Path dataDir) throws IOException {
        return open(dataDir, FileLayer.REAL, TokenStore.CHECK_INTERVAL, LOCK_WAIT);
    }

    /** As {@link #open(Path)}, with the file layer and intervals given (tests). */
    static UserStore open(Path dataDir, FileLayer fs, Duration checkInterval, Duration lockWait) throws IOException {
        UserStore s = new UserStore(fs, dataDir, checkInterval, lockWait);
        byte[] bytes = s.readBytes();
        s.snapshot = new Snapshot(bytes, bytes == null ? List.of() : UserFile.decode(s.file, bytes), null);
        return s;
    }

    /** The user file this store reads and writes. */
    public Path file() {
        return file;
    }

    /** Whether no user exists. False while the user file is damaged: a damaged file never allows trust. */
    public boolean isEmpty() {
        Snapshot s = current();
        return s.damage == null && s.entries.isEmpty();
    }

    /** The user named {@code name} (exactly) and its verifier; empty when there is none or the file is damaged. */
    public Optional<UserCredentials> find(String name) {
        for (UserCredentials e : current().entries) {
            if (e.user().name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Why the user file cannot be used right now (then every login is denied), or empty when it reads well. */
    public Optional<String> damage() {
        IOException d = current().damage;
        return d == null ? Optional.empty() : Optional.of(d.getMessage());
    }

    /**
     * Every user (name, scopes, created), sorted by name.
     *
     * @throws UncheckedIOException when the user file is damaged
     */
    public List<User> list() {
        Snapshot s = current();
        if (s.damage != null) {
            throw new UncheckedIOException("cannot list users: " + s.damage.getMessage(), s.damage);
        }
        return s.entries.stream().map(UserCredentials::user).toList();
    }

    /**
     * Adds a user with the SCRAM verifier of {@code password} (fresh salt, 4096 iterations); the
     * password itself is not kept. Durable when this returns.
     *
     * @throws IllegalArgumentException on an invalid name, no scopes, an empty password, or a name already in use
     * @throws IOException when the user file cannot be read (damage: nothing is changed), locked or written
     */
    public User add(String name, Set<Scope> scopes, String password) throws IOException {
        ensureOpen();
        User.checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("cannot add user \"" + name + "\": the password is empty");
        }
        User user = new User(name, scopes, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        ScramVerifier verifier = ScramVerifier.create(password); // outside the lock: PBKDF2 takes milliseconds
        String what = "add user \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<UserCredentials> entries = new ArrayList<>(readForWriting(what));
            for (UserCredentials e : entries) {
                if (e.user().name().equals(name)) {
                    throw new IllegalArgumentException("cannot " + what + ": a user of that name exists (remove it first, or choose another name)");
                }
            }
            entries.add(new UserCredentials(user, verifier));
            entries.sort(Comparator.comparing(e -> e.user().name()));
            commit(entries);
            return user;
        }
    }

    /**
     * Removes the user named {@code name}; false when there is none. A server on the same
     * directory refuses its new connections within about a second (open ones stay).
     *
     * @throws IOException when the user file cannot be read (damage: nothing is changed), locked or written
     */
    public boolean remove(String name) throws IOException {
        ensureOpen();
        if (!fs.exists(file)) {
            return false;
        }
        String what = "remove user \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<UserCredentials> entries = new ArrayList<>(readForWriting(what));
            if (!entries.removeIf(e -> e.user().name().equals(name))) {
                return false;
            }
            commit(entries);
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cannot use the user store of " + authDir.getParent() + ": it is closed");
        }
    }

    private Snapshot current() {
        ensureOpen();
        long now = System.nanoTime();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + checkIntervalNanos)) {
            reload();
        }
        return snapshot;
    }

    /** Re-reads the file; never throws: a failure becomes a snapshot that denies everything. */
    private synchronized void reload() {
        Snapshot before = snapshot;
        byte[] bytes;
        try {
            bytes = readBytes();
        } catch (IOException e) {
            replace(before, new Snapshot(null, List.of(), e));
            return;
        }
        if (before.sameFile(bytes)) {
            return;
        }
        try {
            replace(before, new Snapshot(bytes, bytes == null ? List.of() : UserFile.decode(file, bytes), null));
        } catch (IOException e) {
            replace(before, new Snapshot(bytes, List.of(), e));
        }
    }

    private void replace(Snapshot before, Snapshot after) {
        snapshot = after;
        if (after.damage != null) {
            if (before.damage == null || !Objects.equals(before.damage.getMessage(), after.damage.getMessage())) {
                LOG.log(System.Logger.Level.ERROR, "cannot use the pgwire users, refusing every PostgreSQL connection until " + file
                        + " reads well again (see docs/auth.md): " + after.damage.getMessage());
            }
        } else if (before.damage != null) {
            LOG.log(System.Logger.Level.WARNING, "pgwire users readable again: " + after.entries.size() + " user(s) in " + file);
        }
    }

    private byte[] readBytes() throws IOException {
        try {
            return fs.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private List<UserCredentials> readForWriting(String what) throws IOException {
        byte[] bytes = readBytes();
        if (bytes == null) {
            return List.of();
        }
        try {
            return UserFile.decode(file, bytes);
        } catch (IOException e) {
            throw new IOException("cannot " + what + ", nothing was changed: " + e.getMessage(), e);
        }
    }

    private void commit(List<UserCredentials> entries) throws IOException {
        UserFile.write(fs, file, entries);
        reload();
    }

    private AuthFileLock lockForWriting(String what) throws IOException {
        return AuthFileLock.acquire(fs, authDir, lockFile, lockWait, what, "another sundial user command?");
    }
}
