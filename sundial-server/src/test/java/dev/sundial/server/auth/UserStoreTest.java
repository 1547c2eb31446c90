package dev.sundial.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user store: add, list, remove; no password or empty one is stored; two stores on one
 * directory (as {@code sundial user} beside a server) see each other's changes; damage found while
 * running denies everyone and never reads as "no users"; writers refuse a damaged file.
 */
class UserStoreTest {
    @TempDir
    Path dir;

    private UserStore open() throws IOException {
        return UserStore.open(dir, FileLayer.REAL, Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void addListRemoveAndTheFileHoldsNoPassword() throws Exception {
        try (UserStore s = open()) {
            assertThat(s.isEmpty()).isTrue();
            assertThat(Files.exists(s.file())).as("opening creates nothing").isFalse();
            User u = s.add("bob", Set.of(Scope.READ), "hunter2-but-longer");
            assertThat(u.scopes()).containsExactly(Scope.READ);
            assertThat(s.isEmpty()).isFalse();
            assertThat(s.list()).extracting(User::name).containsExactly("bob");
            assertThat(new String(Files.readAllBytes(s.file()), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("hunter2");
            assertThatThrownBy(() -> s.add("bob", Set.of(Scope.ADMIN), "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a user of that name exists");
            assertThatThrownBy(() -> s.add("carol", Set.of(Scope.ADMIN), "")).hasMessageContaining("password is empty");
            assertThatThrownBy(() -> s.add("a b", Set.of(Scope.ADMIN), "x")).hasMessageContaining("1-63 characters");
            assertThatThrownBy(() -> s.add("x".repeat(64), Set.of(Scope.ADMIN), "x")).hasMessageContaining("1-63 characters");
            assertThat(s.remove("nobody")).isFalse();
            assertThat(s.remove("bob")).isTrue();
            assertThat(s.isEmpty()).isTrue();
        }
    }

    @Test
    void anotherStoreSeesTheChangeAndDamageDeniesEveryoneUntilRepaired() throws Exception {
        try (UserStore writer = open(); UserStore server = open()) {
            writer.add("alice", Set.of(Scope.ADMIN), "pw-alice");
            assertThat(server.find("alice")).isPresent();
            byte[] good = Files.readAllBytes(writer.file());
            byte[] bad = good.clone();
            bad[20] ^= 0x40;
            Files.write(writer.file(), bad);
            assertThat(server.find("alice")).isEmpty();
            assertThat(server.isEmpty()).as("damage is never 'no users'").isFalse();
            assertThat(server.damage()).hasValueSatisfying(m -> assertThat(m).contains("users.sduser").contains("checksum"));
            assertThatThrownBy(server::list).isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> writer.add("bob", Set.of(Scope.READ), "pw")).isInstanceOf(IOException.class)
                    .hasMessageContaining("nothing was changed");
            assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class);
            Files.write(writer.file(), good);
            assertThat(server.damage()).isEmpty();
            assertThat(server.find("alice").orElseThrow().verifier().matches("pw-alice")).isTrue();
        }
    }
}
