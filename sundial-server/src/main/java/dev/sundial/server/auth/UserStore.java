package dev.sundial.server.auth;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pgwire users of a data directory, kept in {@code auth/users.sduser}
 * ({@code docs/format/users.md}, {@code docs/auth.md}): a name, scopes and the SCRAM-SHA-256
 * verifier of the password, never the password. The pgwire server authenticates connections with
 * it; {@code sundial user} adds and removes users, also while a server runs on the same directory.
 *
 * <p>Works as {@link TokenStore} does, for the same reasons, through the same
 * {@link ReloadingAuthFile}: it never opens the database or takes its {@code LOCK}; writers are
 * serialized by {@link AuthFileLock} on {@code auth/users.lock}, re-read the file under it and
 * replace it atomically; readers re-read the file at most once per {@link TokenStore#CHECK_INTERVAL}
 * and parse it only when its bytes changed, so another process's change takes effect within about
 * a second.
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
    private static final ReloadingAuthFile.Codec<UserCredentials> CODEC =
            new ReloadingAuthFile.Codec<>(UserFile::decode, UserFile::write, e -> e.user().name());
    private static final ReloadingAuthFile.Words WORDS = new ReloadingAuthFile.Words("user",
            "cannot use the pgwire users, refusing every PostgreSQL connection until %1$s reads well again (see docs/auth.md): %2$s",
            "pgwire users readable again: %2$d user(s) in %1$s",
            // no line when the last user goes or the first comes: whether trust then applies depends on
            // the listen address and the tokens too (docs/auth.md), which this store does not know
            null, null);

    private final ReloadingAuthFile<UserCredentials> users;

    private UserStore(ReloadingAuthFile<UserCredentials> users) {
        this.users = users;
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
        DataDirectoryLayout layout = new DataDirectoryLayout(dataDir, fs);
        return new UserStore(ReloadingAuthFile.open(fs, layout.authDir(), layout.usersFile(), layout.usersLockFile(),
                CODEC, WORDS, LOG, checkInterval, lockWait));
    }

    /** The user file this store reads and writes. */
    public Path file() {
        return users.file();
    }

    /** Whether no user exists. False while the user file is damaged: a damaged file never allows trust. */
    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The user named {@code name} (exactly) and its verifier; empty when there is none or the file is damaged. */
    public Optional<UserCredentials> find(String name) {
        for (UserCredentials e : users.entries()) {
            if (e.user().name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Why the user file cannot be used right now (then every login is denied), or empty when it reads well. */
    public Optional<String> damage() {
        return users.damage();
    }

    /**
     * Every user (name, scopes, created), sorted by name.
     *
     * @throws UncheckedIOException when the user file is damaged
     */
    public List<User> list() {
        return users.readableEntries("list users").stream().map(UserCredentials::user).toList();
    }

    /**
     * Adds a user with the SCRAM verifier of {@code password} (fresh salt, 4096 iterations); the
     * password itself is not kept. Durable when this returns.
     *
     * @throws IllegalArgumentException on an invalid name, no scopes, an empty password, or a name already in use
     * @throws IOException when the user file cannot be read (damage: nothing is changed), locked or written
     */
    public User add(String name, Set<Scope> scopes, String password) throws IOException {
        users.ensureOpen();
        User.checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("cannot add user \"" + name + "\": the password is empty");
        }
        User user = new User(name, scopes, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        ScramVerifier verifier = ScramVerifier.create(password); // outside the lock: PBKDF2 takes milliseconds
        users.add(new UserCredentials(user, verifier));
        return user;
    }

    /**
     * Removes the user named {@code name}; false when there is none. A server on the same
     * directory refuses its new connections within about a second (open ones stay).
     *
     * @throws IOException when the user file cannot be read (damage: nothing is changed), locked or written
     */
    public boolean remove(String name) throws IOException {
        return users.remove(name);
    }

    @Override
    public void close() {
        users.close();
    }
}
