package dev.sundial.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@code users.sduser} version 1 ({@code docs/format/users.md}) and the verifier derivation:
 * the golden file reads back to the expected users, writing them gives the identical bytes, the
 * passwords whose verifiers it holds match, and damage is refused with the file and offset.
 * Regenerate only for a new version, with {@code -Dsundial.writeGolden=true}.
 */
class UserFileGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/users-v1.sduser");

    @TempDir
    Path tmp;

    private static byte[] salt(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private static List<UserCredentials> expected() {
        return List.of(
                entry("alice", EnumSet.of(Scope.ADMIN), "2026-12-01T10:00:00Z", "pencil", salt(1, 16), 4096),
                entry("grafana.ro", EnumSet.of(Scope.READ), "2026-12-02T11:30:00.250Z", "gr4fana!", salt(64, 16), 4096),
                entry("ingest_1", EnumSet.of(Scope.READ, Scope.WRITE), "2025-06-30T23:59:59.999Z", "\u00e9t\u00e9 2026", salt(128, 20), 10_000));
    }

    private static UserCredentials entry(String name, Set<Scope> scopes, String created, String password, byte[] salt, int iterations) {
        return new UserCredentials(new User(name, scopes, Instant.parse(created)), ScramVerifier.derive(password, salt, iterations));
    }

    @Test
    void version1ReadsAndWritesTheSameBytes() throws Exception {
        Path file = tmp.resolve("users.sduser");
        UserFile.write(FileLayer.REAL, file, expected());
        byte[] actual = Files.readAllBytes(file);
        if (Boolean.getBoolean("sundial.writeGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, actual);
        }
        byte[] golden = Files.readAllBytes(GOLDEN);
        assertThat(actual).as("bytes written today differ from " + GOLDEN + ": the format changed").isEqualTo(golden);
        assertThat(UserFile.decode(GOLDEN, golden)).isEqualTo(expected());
        int entries = (4 + 5 + 14 + 16 + 64) + (4 + 10 + 14 + 16 + 64) + (4 + 8 + 14 + 20 + 64);
        assertThat(golden).hasSize(16 + 4 + entries + 8);

        Files.createDirectories(tmp.resolve("data/auth"));
        Files.copy(GOLDEN, tmp.resolve("data/auth/users.sduser"));
        try (UserStore store = UserStore.open(tmp.resolve("data"))) {
            assertThat(store.list()).extracting(User::name).containsExactly("alice", "grafana.ro", "ingest_1");
            assertThat(store.find("alice").orElseThrow().verifier().matches("pencil")).isTrue();
            assertThat(store.find("grafana.ro").orElseThrow().verifier().matches("gr4fana!")).isTrue();
            assertThat(store.find("ingest_1").orElseThrow().verifier().matches("\u00e9t\u00e9 2026")).isTrue();
            assertThat(store.find("ingest_1").orElseThrow().user().widest()).isEqualTo(Scope.WRITE);
            assertThat(store.find("Alice")).as("names are case-sensitive").isEmpty();
        }

        byte[] bad = golden.clone();
        bad[40] ^= 1;
        assertThatThrownBy(() -> UserFile.decode(GOLDEN, bad)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(GOLDEN.toString()).hasMessageContaining("checksum mismatch");
    }

    @Test
    void badFieldsBehindAGoodChecksumAreNamedWithTheirOffset() throws Exception {
        byte[] body = UserFile.encodeBody(expected());
        ByteBuffer.wrap(body).putInt(4 + 4 + 5 + 1 + 8, 0); // alice's iteration count
        Path file = tmp.resolve("users.sduser");
        dev.sundial.fs.ChecksummedFile.write(FileLayer.REAL, file, UserFile.MAGIC, UserFile.VERSION, body, body.length);
        assertThatThrownBy(() -> UserFile.decode(file, Files.readAllBytes(file))).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("SCRAM iteration count of 0").hasMessageContaining("[offset=38]");
    }
}
