package dev.sundial.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@code tokens.sdtk} version 1 ({@code docs/format/tokens.md}) and the secret hashing: the
 * golden file reads back to the expected tokens, writing them gives the identical bytes, the
 * secrets whose hashes it holds authenticate, and a flipped byte is damage. Regenerate only for a
 * new version, with {@code -Dsundial.writeGolden=true}.
 */
class TokenFileGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/tokens-v1.sdtk");

    @TempDir
    Path tmp;

    /** A fixed token text per name: {@code sdl_} and base64url of 32 bytes {@code seed, seed+1, …}. */
    private static String secret(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed + i);
        }
        return TokenSecret.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static List<TokenFile.Entry> expected() {
        return List.of(
                entry("ci-writer", EnumSet.of(Scope.WRITE), "2026-01-02T03:04:05.678Z", 1),
                entry("grafana.read", EnumSet.of(Scope.READ), "2026-02-01T00:00:00Z", 64),
                entry("ops_Admin", EnumSet.of(Scope.READ, Scope.ADMIN), "2025-12-31T23:59:59.999Z", 128));
    }

    private static TokenFile.Entry entry(String name, Set<Scope> scopes, String created, int seed) {
        return new TokenFile.Entry(new Token(name, scopes, Instant.parse(created), null), TokenSecret.hash(secret(seed)));
    }

    @Test
    void version1ReadsAndWritesTheSameBytes() throws Exception {
        Path file = tmp.resolve("tokens.sdtk");
        TokenFile.write(FileLayer.REAL, file, expected());
        byte[] actual = Files.readAllBytes(file);
        if (Boolean.getBoolean("sundial.writeGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, actual);
        }
        byte[] golden = Files.readAllBytes(GOLDEN);
        assertThat(actual).as("bytes written today differ from " + GOLDEN + ": the format changed").isEqualTo(golden);
        List<TokenFile.Entry> read = TokenFile.decode(GOLDEN, golden);
        assertThat(read).extracting(TokenFile.Entry::token).containsExactlyElementsOf(expected().stream().map(TokenFile.Entry::token).toList());
        assertThat(golden).hasSize(16 + 4 + (4 + 9 + 41) + (4 + 12 + 41) + (4 + 9 + 41) + 8);

        // the file in a data directory: its tokens' secrets authenticate, with their scopes
        Files.createDirectories(tmp.resolve("data/auth"));
        Files.copy(GOLDEN, tmp.resolve("data/auth/tokens.sdtk"));
        try (TokenStore store = TokenStore.open(tmp.resolve("data"))) {
            assertThat(store.authenticate(secret(1)).map(Token::name)).contains("ci-writer");
            assertThat(store.authenticate(secret(64)).map(Token::scopes)).contains(Set.of(Scope.READ));
            assertThat(store.authenticate(secret(128)).orElseThrow().allows(Scope.ADMIN)).isTrue();
            assertThat(store.authenticate(secret(2))).isEmpty();
        }

        byte[] bad = golden.clone();
        bad[30] ^= 1;
        assertThatThrownBy(() -> TokenFile.decode(GOLDEN, bad)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(GOLDEN.toString()).hasMessageContaining("checksum mismatch");
    }
}
