package dev.sundial.server.auth;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * serialized across processes by {@link AuthFileLock} on {@code auth/tokens.lock}, re-read the file
 * under it, so two writers never lose each other's change, and replace it atomically. The file's
 * reading, re-reading and writing is {@link ReloadingAuthFile}'s, shared with {@link UserStore}.
 *
 * <p><b>Seeing other processes' changes.</b> {@link #authenticate}, {@link #isEmpty} and
 * {@link #list} re-read the file at most once per {@link #CHECK_INTERVAL} (one second), and parse it
 * only when its bytes differ from the last read. A token added or removed by another process thus
 * takes effect within about a second. The whole file is compared rather than its size and mtime
 * (file times tick coarsely: a kernel tick on Linux, 2 s on FAT; a missed removal is a token that
 * still works). The file is small (77 bytes per token with a 32-character name), so one read per
 * second costs microseconds.
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
    private static final ReloadingAuthFile.Codec<TokenFile.Entry> CODEC =
            new ReloadingAuthFile.Codec<>(TokenFile::decode, TokenFile::write, e -> e.token().name());
    private static final ReloadingAuthFile.Words WORDS = new ReloadingAuthFile.Words("token",
            "cannot use the API tokens, denying every request until %1$s reads well again (see docs/auth.md): %2$s",
            "API tokens readable again: %2$d token(s) in %1$s",
            "no API token is left in %1$s: requests no longer need a token",
            "API tokens now exist in %1$s: requests need a token");

    private final ReloadingAuthFile<TokenFile.Entry> tokens;

    private TokenStore(ReloadingAuthFile<TokenFile.Entry> tokens) {
        this.tokens = tokens;
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
        DataDirectoryLayout layout = new DataDirectoryLayout(dataDir, fs);
        return new TokenStore(ReloadingAuthFile.open(fs, layout.authDir(), layout.tokensFile(), layout.tokensLockFile(),
                CODEC, WORDS, LOG, checkInterval, lockWait));
    }

    /** The token file this store reads and writes. */
    public Path file() {
        return tokens.file();
    }

    /**
     * Whether no token exists, in which case the server runs open (every request is allowed). False
     * while the token file is damaged: a damaged file never opens the server.
     */
    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * The token whose text is {@code presented} (without its secret), or empty when none matches,
     * when {@code presented} is null, or while the token file is damaged. Takes the same time
     * whichever stored token, if any, matches (see the class comment).
     */
    public Optional<Token> authenticate(String presented) {
        List<TokenFile.Entry> entries = tokens.entries();
        if (presented == null) {
            return Optional.empty();
        }
        byte[] h = TokenSecret.hash(presented);
        Token found = null;
        for (TokenFile.Entry e : entries) {
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
        return tokens.damage();
    }

    /**
     * Every token (name, scopes, created; never a secret), sorted by name.
     *
     * @throws UncheckedIOException when the token file is damaged
     */
    public List<Token> list() {
        return tokens.readableEntries("list tokens").stream().map(TokenFile.Entry::token).toList();
    }

    /**
     * Adds a token and returns it with its secret, the only time the secret exists in clear; only
     * its SHA-256 is stored. Durable when this returns.
     *
     * @throws IllegalArgumentException on an invalid name, no scopes, or a name already in use
     * @throws IOException when the token file cannot be read (damage: nothing is changed), locked or written
     */
    public Token add(String name, Set<Scope> scopes) throws IOException {
        tokens.ensureOpen();
        Token.checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        Token stored = new Token(name, scopes, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        String secret = TokenSecret.generate();
        tokens.add(new TokenFile.Entry(stored, TokenSecret.hash(secret)));
        return new Token(name, stored.scopes(), stored.created(), secret);
    }

    /**
     * Removes the token named {@code name}; false when there is none. Durable when this returns;
     * a server on the same directory stops accepting it within {@link #CHECK_INTERVAL}.
     *
     * @throws IOException when the token file cannot be read (damage: nothing is changed), locked or written
     */
    public boolean remove(String name) throws IOException {
        tokens.ensureOpen();
        Objects.requireNonNull(name, "name");
        return tokens.remove(name);
    }

    /** Ends the store; any later call fails. Holds nothing between calls, so there is nothing to release. */
    @Override
    public void close() {
        tokens.close();
    }
}
