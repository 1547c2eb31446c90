package dev.sundial.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.Errno;
import dev.sundial.fs.FaultInjectingFileLayer;
import dev.sundial.fs.FaultRule;
import dev.sundial.fs.FileLayer;
import dev.sundial.fs.FileOp;
import dev.sundial.fs.FormatTooNewException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TokenStore} on real files: what a server and a {@code sundial token} process see of each other. */
class TokenStoreTest {
    @TempDir
    Path dir;

    /** A store that re-reads the file on every call, as a server does once a second. */
    private TokenStore eager() throws IOException {
        return TokenStore.open(dir, FileLayer.REAL, Duration.ZERO, Duration.ofMillis(300));
    }

    private Path tokenFile() {
        return dir.resolve("auth/tokens.sdtk");
    }

    @Test
    void addAuthenticateListRemove() throws Exception {
        try (TokenStore store = TokenStore.open(dir)) {
            assertThat(store.isEmpty()).isTrue();
            assertThat(store.list()).isEmpty();
            assertThat(Files.exists(dir.resolve("auth"))).as("open creates nothing").isFalse();

            Token ci = store.add("ci-writer", EnumSet.of(Scope.WRITE));
            assertThat(ci.secret()).startsWith("sdl_").hasSize(TokenSecret.LENGTH).matches("sdl_[A-Za-z0-9_-]{43}");
            assertThat(ci.scopes()).containsExactly(Scope.WRITE);
            assertThat(ci.toString()).doesNotContain(ci.secret().substring(4));
            Token grafana = store.add("grafana", Set.of(Scope.READ));
            assertThat(grafana.secret()).isNotEqualTo(ci.secret());
            assertThat(store.isEmpty()).isFalse();

            Token found = store.authenticate(ci.secret()).orElseThrow();
            assertThat(found.name()).isEqualTo("ci-writer");
            assertThat(found.secret()).as("a looked-up token carries no secret").isNull();
            assertThat(found.created()).isEqualTo(ci.created());
            assertThat(store.authenticate(grafana.secret()).map(Token::name)).contains("grafana");

            String last = ci.secret().substring(ci.secret().length() - 1);
            String flipped = ci.secret().substring(0, ci.secret().length() - 1) + (last.equals("A") ? "B" : "A");
            assertThat(store.authenticate(flipped)).isEmpty();
            assertThat(store.authenticate(ci.secret() + "x")).isEmpty();
            assertThat(store.authenticate(ci.secret().substring(4))).as("without its prefix").isEmpty();
            assertThat(store.authenticate("")).isEmpty();
            assertThat(store.authenticate(null)).isEmpty();

            assertThat(store.list()).extracting(Token::name).containsExactly("ci-writer", "grafana");
            assertThat(store.list()).allSatisfy(t -> assertThat(t.secret()).isNull());

            assertThat(store.remove("ci-writer")).isTrue();
            assertThat(store.authenticate(ci.secret())).isEmpty();
            assertThat(store.remove("ci-writer")).isFalse();
            assertThat(store.list()).extracting(Token::name).containsExactly("grafana");
            assertThat(store.remove("grafana")).isTrue();
            assertThat(store.isEmpty()).as("no token left: open again").isTrue();
            assertThat(Files.exists(tokenFile())).as("an empty list is still a valid file").isTrue();
        }
    }

    @Test
    void scopesNestAdminOverWriteOverRead() throws Exception {
        try (TokenStore store = TokenStore.open(dir)) {
            Token read = store.add("r", Set.of(Scope.READ));
            Token write = store.add("w", Set.of(Scope.WRITE));
            Token admin = store.add("a", Set.of(Scope.ADMIN));
            Token readWrite = store.add("rw", Scope.parseAll("read, WRITE"));
            assertThat(List.of(read.allows(Scope.READ), read.allows(Scope.WRITE), read.allows(Scope.ADMIN))).containsExactly(true, false, false);
            assertThat(List.of(write.allows(Scope.READ), write.allows(Scope.WRITE), write.allows(Scope.ADMIN))).containsExactly(true, true, false);
            assertThat(List.of(admin.allows(Scope.READ), admin.allows(Scope.WRITE), admin.allows(Scope.ADMIN))).containsExactly(true, true, true);
            // scopes come back as stored, and a looked-up token allows the same
            Token back = store.authenticate(readWrite.secret()).orElseThrow();
            assertThat(back.scopes()).containsExactly(Scope.READ, Scope.WRITE);
            assertThat(back.allows(Scope.ADMIN)).isFalse();
            assertThat(store.authenticate(admin.secret()).orElseThrow().allows(Scope.ADMIN)).isTrue();
        }
        assertThat(Scope.parse(" Admin ")).isEqualTo(Scope.ADMIN);
        assertThatThrownBy(() -> Scope.parse("owner")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse scope \"owner\": expected read, write or admin");
        assertThatThrownBy(() -> Scope.parseAll("read,,write")).hasMessageContaining("cannot parse scope \"\"");
        assertThatThrownBy(() -> Scope.parseAll(" ")).hasMessageContaining("give one or more of read, write, admin");
        assertThat(Scope.format(Scope.parseAll("admin,read"))).isEqualTo("read,admin");
    }

    @Test
    void badNamesDuplicatesAndMissingScopesAreRefusedAndChangeNothing() throws Exception {
        try (TokenStore store = TokenStore.open(dir)) {
            Token keep = store.add("keep", Set.of(Scope.READ));
            byte[] before = Files.readAllBytes(tokenFile());
            for (String bad : new String[] {"", "a b", "a/b", "ä", "x".repeat(65), "semi;colon"}) {
                assertThatThrownBy(() -> store.add(bad, Set.of(Scope.READ))).as(bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("cannot use token name").hasMessageContaining("1-64 characters of A-Z a-z 0-9 _ . -");
            }
            assertThatThrownBy(() -> store.add("keep", Set.of(Scope.ADMIN))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot add token \"keep\": a token of that name exists (remove it first, or choose another name)");
            assertThatThrownBy(() -> store.add("none", Set.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one scope");
            assertThat(Files.readAllBytes(tokenFile())).isEqualTo(before);
            assertThat(store.authenticate(keep.secret()).orElseThrow().scopes()).containsExactly(Scope.READ);

            String longest = "A-z_0.9".repeat(9) + "x".repeat(1);
            assertThat(longest).hasSize(64);
            assertThat(store.add(longest, Set.of(Scope.WRITE)).name()).isEqualTo(longest);
            assertThat(store.add("KEEP", Set.of(Scope.WRITE)).name()).as("names are case-sensitive").isEqualTo("KEEP");
        }
    }

    @Test
    void tokensSurviveReopenWithTheirScopesAndCreationTime() throws Exception {
        Token a;
        Token b;
        try (TokenStore store = TokenStore.open(dir)) {
            a = store.add("alpha", Set.of(Scope.READ, Scope.WRITE));
            b = store.add("beta", Set.of(Scope.ADMIN));
        }
        try (TokenStore store = TokenStore.open(dir)) {
            assertThat(store.list()).containsExactly(a.withoutSecret(), b.withoutSecret());
            assertThat(store.authenticate(a.secret())).contains(a.withoutSecret());
            assertThat(store.authenticate(b.secret())).contains(b.withoutSecret());
            assertThat(a.created()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        }
    }

    @Test
    void theFileHoldsNeitherTheSecretNorItsRandomBytes() throws Exception {
        List<Token> added = new ArrayList<>();
        try (TokenStore store = TokenStore.open(dir)) {
            for (int i = 0; i < 5; i++) {
                added.add(store.add("t" + i, Set.of(Scope.READ)));
            }
        }
        byte[] file = Files.readAllBytes(tokenFile());
        String asText = new String(file, StandardCharsets.ISO_8859_1);
        for (Token t : added) {
            assertThat(asText).doesNotContain(t.secret()).doesNotContain(t.secret().substring(4, 20));
            byte[] random = Base64.getUrlDecoder().decode(t.secret().substring(4));
            assertThat(indexOf(file, java.util.Arrays.copyOf(random, 8))).isEqualTo(-1);
            assertThat(indexOf(file, TokenSecret.hash(t.secret()))).as("its SHA-256 is what is stored").isPositive();
        }
        assertThat(Files.list(dir.resolve("auth")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("tokens.sdtk", "tokens.lock");
    }

    @Test
    void aSecondStoreSeesTheOtherOnesAddsAndRemovesWithoutReopening() throws Exception {
        try (TokenStore server = eager(); TokenStore cli = eager()) {
            assertThat(server.isEmpty()).isTrue();
            Token t = cli.add("late", Set.of(Scope.WRITE));
            assertThat(server.isEmpty()).isFalse();
            assertThat(server.authenticate(t.secret()).map(Token::name)).contains("late");
            // the server's own stale view must not make it overwrite the CLI's token
            Token own = server.add("own", Set.of(Scope.READ));
            assertThat(cli.list()).extracting(Token::name).containsExactly("late", "own");
            assertThat(cli.authenticate(own.secret())).isPresent();
            assertThat(cli.remove("late")).isTrue();
            assertThat(server.authenticate(t.secret())).isEmpty();
            assertThat(server.list()).extracting(Token::name).containsExactly("own");
        }
    }

    @Test
    void withTheDefaultIntervalAChangeTakesEffectWithinAboutASecond() throws Exception {
        try (TokenStore server = TokenStore.open(dir); TokenStore cli = TokenStore.open(dir)) {
            assertThat(server.isEmpty()).isTrue();
            Token t = cli.add("soon", Set.of(Scope.READ));
            long start = System.nanoTime();
            while (server.authenticate(t.secret()).isEmpty()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                Thread.sleep(20);
            }
            cli.remove("soon");
            start = System.nanoTime();
            while (server.authenticate(t.secret()).isPresent()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                Thread.sleep(20);
            }
            assertThat(server.isEmpty()).isTrue();
        }
    }

    @Test
    void concurrentWritersThroughSeparateStoresLoseNothing() throws Exception {
        int writers = 4;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<Token>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    List<Token> mine = new ArrayList<>();
                    try (TokenStore s = TokenStore.open(dir)) {
                        for (int i = 0; i < each; i++) {
                            mine.add(s.add("w" + id + "-" + i, Set.of(Scope.WRITE)));
                        }
                    }
                    return mine;
                }));
            }
            List<Token> all = new ArrayList<>();
            for (Future<List<Token>> f : results) {
                all.addAll(f.get());
            }
            Set<String> secrets = new HashSet<>();
            try (TokenStore check = TokenStore.open(dir)) {
                for (Token t : all) {
                    assertThat(check.authenticate(t.secret()).map(Token::name)).contains(t.name());
                    secrets.add(t.secret());
                }
                assertThat(check.list()).hasSize(writers * each);
            }
            assertThat(secrets).hasSize(writers * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriterWaitingTooLongForTheLockFailsClearly() throws Exception {
        try (TokenStore store = eager()) {
            store.add("first", Set.of(Scope.READ));
            byte[] before = Files.readAllBytes(tokenFile());
            try (FileChannel ch = FileChannel.open(dir.resolve("auth/tokens.lock"), StandardOpenOption.WRITE);
                 FileLock held = ch.lock()) {
                assertThat(held.isValid()).isTrue();
                assertThatThrownBy(() -> store.add("second", Set.of(Scope.READ))).isInstanceOf(IOException.class)
                        .hasMessageStartingWith("cannot add token \"second\": " + dir.resolve("auth/tokens.lock") + " has been held by")
                        .hasMessageContaining("for more than 300 ms");
            }
            assertThat(Files.readAllBytes(tokenFile())).isEqualTo(before);
            assertThat(store.add("second", Set.of(Scope.READ)).name()).as("works once the lock is free").isEqualTo("second");
        }
    }

    @Test
    void aDamagedOrTruncatedFileIsRefusedOnOpen() throws Exception {
        try (TokenStore store = TokenStore.open(dir)) {
            store.add("a", Set.of(Scope.READ));
            store.add("b", Set.of(Scope.ADMIN));
        }
        byte[] good = Files.readAllBytes(tokenFile());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(tokenFile(), bad);
            assertThatThrownBy(() -> TokenStore.open(dir)).as("byte %d flipped", i).isInstanceOf(CorruptFileException.class)
                    .hasMessageStartingWith("cannot read " + tokenFile() + " [offset=");
        }
        for (int len : new int[] {0, 5, 16, good.length - 9, good.length - 1}) {
            Files.write(tokenFile(), java.util.Arrays.copyOf(good, len));
            assertThatThrownBy(() -> TokenStore.open(dir)).as("truncated to %d", len).isInstanceOf(CorruptFileException.class)
                    .hasMessageContaining(tokenFile().toString());
        }
    }

    @Test
    void aBodyThatPassesItsChecksumButBreaksAnInvariantIsRefused() throws Exception {
        byte[] hash = new byte[32];
        // scope bits 0x08: unknown scope
        assertCorruptBody(body(1, "a", 0x08, hash), "has scope bits 0x08");
        assertCorruptBody(body(1, "a", 0x00, hash), "has scope bits 0x00");
        assertCorruptBody(concat(body(2, "b", 1, hash), entry("a", 1, hash)), "out of order or repeated");
        assertCorruptBody(concat(body(2, "a", 1, hash), entry("a", 1, hash)), "out of order or repeated");
        assertCorruptBody(body(1, "a b", 1, hash), "invalid name");
        assertCorruptBody(concat(body(1, "a", 1, hash), new byte[] {0}), "1 bytes after the last token");
        assertCorruptBody(body(7, "a", 1, hash), "token count 7 does not fit");
    }

    @Test
    void aFileFromANewerSundialIsRefusedAsTooNew() throws Exception {
        ChecksummedFile.write(FileLayer.REAL, mkAuth(), TokenFile.MAGIC, 2, new byte[4], 4);
        assertThatThrownBy(() -> TokenStore.open(dir)).isInstanceOf(FormatTooNewException.class)
                .hasMessageContaining("written by a newer Sundial").hasMessageContaining("version 2");
        try (TokenStore store = TokenStore.open(dir.resolve("elsewhere"))) {
            assertThat(store.isEmpty()).isTrue();
        }
    }

    @Test
    void damageFoundWhileRunningDeniesEverythingUntilTheFileIsGoodAgain() throws Exception {
        try (TokenStore server = eager()) {
            Token t = server.add("svc", Set.of(Scope.WRITE));
            byte[] good = Files.readAllBytes(tokenFile());
            byte[] bad = good.clone();
            bad[bad.length - 12] ^= 1; // inside the last hash
            Files.write(tokenFile(), bad);

            assertThat(server.authenticate(t.secret())).isEmpty();
            assertThat(server.isEmpty()).as("damage never opens the server").isFalse();
            assertThat(server.damage()).hasValueSatisfying(d -> assertThat(d).contains(tokenFile().toString()).contains("checksum mismatch"));
            assertThatThrownBy(server::list).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot list tokens");
            // writers refuse to replace a file they cannot read: that would drop every token in it
            assertThatThrownBy(() -> server.add("other", Set.of(Scope.READ))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot add token \"other\", nothing was changed: cannot read " + tokenFile());
            assertThatThrownBy(() -> server.remove("svc")).hasMessageStartingWith("cannot remove token \"svc\", nothing was changed");
            assertThat(Files.readAllBytes(tokenFile())).isEqualTo(bad);

            Files.write(tokenFile(), good);
            assertThat(server.authenticate(t.secret())).isPresent();
            assertThat(server.damage()).isEmpty();
        }
    }

    @Test
    void aTokenFileThatBecomesUnreadableDeniesEverything() throws Exception {
        try (TokenStore server = eager()) {
            Token t = server.add("svc", Set.of(Scope.READ));
            Files.delete(tokenFile());
            Files.createDirectory(tokenFile()); // reading a directory fails with an I/O error
            assertThat(server.authenticate(t.secret())).isEmpty();
            assertThat(server.isEmpty()).isFalse();
            assertThat(server.damage()).isPresent();
            Files.delete(tokenFile());
            assertThat(server.isEmpty()).as("a removed file means no tokens").isTrue();
        }
    }

    @Test
    void aFailedWriteLeavesTheTokensAsTheyWereAndReturnsNoToken() throws Exception {
        FaultInjectingFileLayer fs = new FaultInjectingFileLayer(FileLayer.REAL);
        try (TokenStore store = TokenStore.open(dir, fs, Duration.ZERO, Duration.ofSeconds(1))) {
            Token kept = store.add("kept", Set.of(Scope.READ));
            byte[] before = Files.readAllBytes(tokenFile());
            for (FaultRule rule : List.of(FaultRule.on(FileOp.FORCE).path("tokens.sdtk.tmp").fail(Errno.EIO),
                    FaultRule.on(FileOp.WRITE).path("tokens.sdtk.tmp").writePartThenFail(10, Errno.ENOSPC),
                    FaultRule.on(FileOp.RENAME).path("tokens.sdtk.tmp").fail(Errno.EIO))) {
                fs.add(rule);
                assertThatThrownBy(() -> store.add("lost", Set.of(Scope.ADMIN))).as(rule.toString()).isInstanceOf(IOException.class);
                assertThat(rule.fired()).as(rule.toString()).isEqualTo(1);
                fs.clearRules();
                assertThat(Files.readAllBytes(tokenFile())).as(rule.toString()).isEqualTo(before);
                assertThat(store.list()).extracting(Token::name).containsExactly("kept");
                assertThat(store.authenticate(kept.secret())).isPresent();
            }
            assertThat(store.add("lost", Set.of(Scope.ADMIN)).name()).as("the lock was released: a retry works").isEqualTo("lost");
        }
    }

    @Test
    void everyStoredTokenIsFoundAmongMany() throws Exception {
        try (TokenStore store = TokenStore.open(dir)) {
            List<Token> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(store.add(String.format("tok%02d", i), Set.of(Scope.values()[i % 3])));
            }
            for (Token t : all) {
                Optional<Token> back = store.authenticate(t.secret());
                assertThat(back).contains(t.withoutSecret());
            }
        }
    }

    @Test
    void aClosedStoreRefusesUse() throws Exception {
        TokenStore store = TokenStore.open(dir);
        store.close();
        assertThatThrownBy(store::isEmpty).isInstanceOf(IllegalStateException.class).hasMessageContaining("it is closed");
        assertThatThrownBy(() -> store.add("x", Set.of(Scope.READ))).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Path mkAuth() throws IOException {
        Files.createDirectories(dir.resolve("auth"));
        return tokenFile();
    }

    private void assertCorruptBody(byte[] body, String reason) throws IOException {
        ChecksummedFile.write(FileLayer.REAL, mkAuth(), TokenFile.MAGIC, TokenFile.VERSION, body, body.length);
        assertThatThrownBy(() -> TokenStore.open(dir)).isInstanceOf(CorruptFileException.class)
                .hasMessageStartingWith("cannot read " + tokenFile() + " [offset=").hasMessageContaining(reason);
    }

    private static byte[] body(int count, String name, int scopeBits, byte[] hash) {
        return concat(java.nio.ByteBuffer.allocate(4).putInt(count).array(), entry(name, scopeBits, hash));
    }

    private static byte[] entry(String name, int scopeBits, byte[] hash) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(4 + n.length + 1 + 8 + 32).putInt(n.length).put(n).put((byte) scopeBits)
                .putLong(0).put(hash).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
