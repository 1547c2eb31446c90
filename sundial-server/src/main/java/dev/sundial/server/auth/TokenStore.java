package dev.sundial.server.auth;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * The API tokens of a data directory, kept in {@code auth/tokens.sdtk}
 * ({@code docs/format/tokens.md}, {@code docs/auth.md}). The server authenticates requests with it;
 * {@code sundial token} adds and removes tokens, also while a server runs on the same directory.
 *
 * <p><b>Secrets.</b> A token is {@code sdl_} and 32 bytes from {@link java.security.SecureRandom}
 * in base64url. Only the SHA-256 of the token text is stored; the clear text exists once, in the
 * {@link Token} that {@link #add} returns. A plain hash is enough here, without salt or a slow KDF
 * (as GitHub and other API token issuers do): those defend low-entropy passwords against guessing,
 * while a 256-bit random secret cannot be guessed from its hash, and a salt buys nothing against
 * precomputed tables that cannot cover a 2^256 space. A fast hash also keeps every request cheap.
 *
 * <p><b>Constant time.</b> {@link #authenticate} hashes the presented text and compares the hash
 * with every stored hash through {@link MessageDigest#isEqual} (constant time for equal lengths),
 * without stopping at a match, so the time taken says neither which stored token partly matched
 * nor where the match was.
 *
 * <p><b>Beside the server.</b> This class never opens the database and never takes the data
 * directory's {@code LOCK}, which the server holds. Writers ({@link #add}, {@link #remove}) are
 * serialized across processes by an OS lock on {@code auth/tokens.lock} (and inside one JVM by a
 * lock per file, as the OS lock is per process). A writer re-reads the file under that lock, so two
 * writers never lose each other's change, and replaces it atomically (temp file, fsync, rename,
 * directory fsync). The lock file is never deleted: deleting a lock file lets two writers hold
 * locks on different inodes.
 *
 * <p><b>Seeing other processes' changes.</b> {@link #authenticate}, {@link #isEmpty} and
 * {@link #list} re-read the file at most once per {@link #CHECK_INTERVAL} (one second), and parse it
 * only when its bytes differ from the last read. A token added or removed by another process thus
 * takes effect within about a second. The whole file is compared rather than its size and mtime:
 * file times tick coarsely (a kernel tick on Linux, 2 s on FAT) and a remove followed by an add of
 * an equally long name keeps the size, so a stat could miss a change, and a missed removal is a
 * token that still works. The file is small (77 bytes per token with a 32-character name), so one
 * read per second costs microseconds.
 *
 * <p><b>Damage.</b> {@link #open} refuses a damaged file or one written by a newer Sundial
 * ({@code CorruptFileException}, {@code FormatTooNewException}), so a server does not start open
 * when its tokens cannot be read. Damage found by a later re-read (or any error reading the file)
 * makes the store deny everything: {@link #isEmpty} is false and {@link #authenticate} finds
 * nothing, until the file reads well again; the error is logged once per change and reported by
 * {@link #damage}. A missing file means no tokens, so deleting it (an operator's deliberate act)
 * opens the server; {@link #add} and {@link #remove} refuse to overwrite a damaged file.
 *
 * <p>Thread-safe: readers work on an immutable snapshot and never block on writers.
 */
public final class TokenStore implements Authenticator, AutoCloseable {
    /** How often the token file is re-read for other processes' changes. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** How long a writer waits for another writer's {@code tokens.lock}; a {@code sundial token} command holds it for milliseconds. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(TokenStore.class.getName());

    private final FileLayer fs;
    private final Path authDir;
    private final Path file;
    private final Path lockFile;
    private final long checkIntervalNanos;
    private final Duration lockWait;
    /** {@link System#nanoTime} from which the next reader re-reads the file. */
    private final AtomicLong nextCheck;
    private volatile Snapshot snapshot;
    private volatile boolean closed;

    /**
     * What the last read of the file found.
     *
     * @param bytes   the file's bytes, null when it did not exist or could not be read
     * @param entries its tokens, sorted by name (empty when damaged)
     * @param damage  why the file cannot be used, or null
     */
    private record Snapshot(byte[] bytes, List<TokenFile.Entry> entries, IOException damage) {
        boolean sameFile(byte[] read) {
            // an I/O error leaves no bytes to compare: re-parse whatever comes next
            return !(damage != null && bytes == null) && Arrays.equals(bytes, read);
        }
    }

    private TokenStore(FileLayer fs, Path dataDir, Duration checkInterval, Duration lockWait) {
        DataDirectoryLayout layout = new DataDirectoryLayout(dataDir, fs);
        this.fs = fs;
        this.authDir = layout.authDir();
        this.file = layout.tokensFile();
        this.lockFile = layout.tokensLockFile();
        this.checkIntervalNanos = checkInterval.toNanos();
        this.lockWait = lockWait;
        this.nextCheck = new AtomicLong(System.nanoTime() + checkIntervalNanos);
    }

    /**
     * Reads the tokens of {@code dataDir}; a missing token file (or data directory) means no tokens.
     * Creates nothing.
     *
     * @throws dev.sundial.fs.CorruptFileException when the token file is damaged (naming it and the offset)
     * @throws dev.sundial.fs.FormatTooNewException when a newer Sundial wrote it
     */
    public static TokenStore open(Path dataDir) throws IOException {
        return open(dataDir, FileLayer.REAL, CHECK_INTERVAL, LOCK_WAIT);
    }

    /** As {@link #open(Path)}, with the file layer and intervals given (tests). */
    static TokenStore open(Path dataDir, FileLayer fs, Duration checkInterval, Duration lockWait) throws IOException {
        TokenStore s = new TokenStore(fs, dataDir, checkInterval, lockWait);
        byte[] bytes = s.readBytes();
        s.snapshot = new Snapshot(bytes, bytes == null ? List.of() : TokenFile.decode(s.file, bytes), null);
        return s;
    }

    /** The token file this store reads and writes. */
    public Path file() {
        return file;
    }

    /**
     * Whether no token exists, in which case the server runs open (every request is allowed). False
     * while the token file is damaged: a damaged file never opens the server.
     */
    public boolean isEmpty() {
        Snapshot s = current();
        return s.damage == null && s.entries.isEmpty();
    }

    /**
     * The token whose text is {@code presented} (without its secret), or empty when none matches,
     * when {@code presented} is null, or while the token file is damaged. Takes the same time
     * whichever stored token, if any, matches (see the class comment).
     */
    public Optional<Token> authenticate(String presented) {
        Snapshot s = current();
        if (presented == null) {
            return Optional.empty();
        }
        byte[] h = TokenSecret.hash(presented);
        Token found = null;
        for (TokenFile.Entry e : s.entries) {
            boolean equal = MessageDigest.isEqual(h, e.hash());
            found = equal ? e.token() : found; // no early exit: visit every stored hash
        }
        return Optional.ofNullable(found);
    }

    @Override
    public boolean open() {
        return isEmpty();
    }

    /** The widest scope the presented token holds (scopes nest: ADMIN ⊇ WRITE ⊇ READ). */
    @Override
    public Optional<Scope> scopeOf(String presentedSecret) {
        return authenticate(presentedSecret).flatMap(t -> t.scopes().stream().max(Comparator.naturalOrder()));
    }

    /**
     * Why the token file cannot be used right now (then every request is denied), or empty when it
     * reads well. For the server's {@code /ready} and log.
     */
    public Optional<String> damage() {
        IOException d = current().damage;
        return d == null ? Optional.empty() : Optional.of(d.getMessage());
    }

    /**
     * Every token (name, scopes, created; never a secret), sorted by name.
     *
     * @throws UncheckedIOException when the token file is damaged
     */
    public List<Token> list() {
        Snapshot s = current();
        if (s.damage != null) {
            throw new UncheckedIOException("cannot list tokens: " + s.damage.getMessage(), s.damage);
        }
        return s.entries.stream().map(TokenFile.Entry::token).toList();
    }

    /**
     * Adds a token and returns it with its secret, the only time the secret exists in clear; only
     * its SHA-256 is stored. Durable when this returns.
     *
     * @throws IllegalArgumentException on an invalid name, no scopes, or a name already in use
     * @throws IOException when the token file cannot be read (damage: nothing is changed), locked or written
     */
    public Token add(String name, Set<Scope> scopes) throws IOException {
        ensureOpen();
        Token.checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        Token stored = new Token(name, scopes, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        String what = "add token \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<TokenFile.Entry> entries = new ArrayList<>(readForWriting(what));
            for (TokenFile.Entry e : entries) {
                if (e.token().name().equals(name)) {
                    throw new IllegalArgumentException("cannot " + what + ": a token of that name exists (remove it first, or choose another name)");
                }
            }
            String secret = TokenSecret.generate();
            entries.add(new TokenFile.Entry(stored, TokenSecret.hash(secret)));
            entries.sort(Comparator.comparing(e -> e.token().name()));
            commit(entries);
            return new Token(name, stored.scopes(), stored.created(), secret);
        }
    }

    /**
     * Removes the token named {@code name}; false when there is none. Durable when this returns;
     * a server on the same directory stops accepting it within {@link #CHECK_INTERVAL}.
     *
     * @throws IOException when the token file cannot be read (damage: nothing is changed), locked or written
     */
    public boolean remove(String name) throws IOException {
        ensureOpen();
        Objects.requireNonNull(name, "name");
        if (!fs.exists(file)) {
            return false; // no token file, no token: and nothing is created just to say so
        }
        String what = "remove token \"" + name + "\"";
        try (AuthFileLock ignored = lockForWriting(what)) {
            List<TokenFile.Entry> entries = new ArrayList<>(readForWriting(what));
            if (!entries.removeIf(e -> e.token().name().equals(name))) {
                return false;
            }
            commit(entries);
            return true;
        }
    }

    /** Ends the store; any later call fails. Holds nothing between calls, so there is nothing to release. */
    @Override
    public void close() {
        closed = true;
    }

    // ---- reading --------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cannot use the token store of " + authDir.getParent() + ": it is closed");
        }
    }

    /** The snapshot readers use: re-reads the file first when {@link #CHECK_INTERVAL} has passed. */
    private Snapshot current() {
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
            replace(before, new Snapshot(bytes, bytes == null ? List.of() : TokenFile.decode(file, bytes), null));
        } catch (IOException e) {
            replace(before, new Snapshot(bytes, List.of(), e));
        }
    }

    private void replace(Snapshot before, Snapshot after) {
        snapshot = after;
        if (after.damage != null) {
            if (before.damage == null || !Objects.equals(before.damage.getMessage(), after.damage.getMessage())) {
                LOG.log(System.Logger.Level.ERROR, "cannot use the API tokens, denying every request until " + file
                        + " reads well again (see docs/auth.md): " + after.damage.getMessage());
            }
        } else if (before.damage != null) {
            LOG.log(System.Logger.Level.WARNING, "API tokens readable again: " + after.entries.size() + " token(s) in " + file);
        } else if (after.entries.isEmpty() && !before.entries.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no API token is left in " + file + ": requests no longer need a token");
        } else if (!after.entries.isEmpty() && before.entries.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "API tokens now exist in " + file + ": requests need a token");
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
    private List<TokenFile.Entry> readForWriting(String what) throws IOException {
        byte[] bytes = readBytes();
        if (bytes == null) {
            return List.of();
        }
        try {
            return TokenFile.decode(file, bytes);
        } catch (IOException e) {
            throw new IOException("cannot " + what + ", nothing was changed: " + e.getMessage(), e);
        }
    }

    // ---- writing --------------------------------------------------------------------------------

    private void commit(List<TokenFile.Entry> entries) throws IOException {
        TokenFile.write(fs, file, entries);
        reload(); // this store sees its own change at once, not after CHECK_INTERVAL
    }

    private AuthFileLock lockForWriting(String what) throws IOException {
        return AuthFileLock.acquire(fs, authDir, lockFile, lockWait, what, "another sundial token command?");
    }
}
