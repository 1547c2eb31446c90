package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings: conf/sundial.conf documents every key with its default; bad files name the line. */
class ServerSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedConfigFileListsEveryKeyWithItsDefault() throws Exception {
        Path conf = Path.of(System.getProperty("sundial.shared")).getParent().resolve("conf/sundial.conf");
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(conf)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                listed.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        assertThat(listed.keySet()).containsExactlyElementsOf(ServerSettings.keys());
        ServerConfig fromFile = ServerSettings.defaults().readFile(conf).toConfig();
        assertThat(fromFile).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void unknownKeysAndBadValuesNameTheFileAndLine() throws Exception {
        Path f = tmp.resolve("s.conf");
        Files.writeString(f, "# c\nhttp.port = 8000\nhttp.prot = 1\n");
        assertThatThrownBy(() -> ServerSettings.defaults().readFile(f)).hasMessageContaining("line=3")
                .hasMessageContaining("unknown key 'http.prot'");
        Files.writeString(f, "limits.max_body_bytes = lots\n");
        assertThatThrownBy(() -> ServerSettings.defaults().readFile(f)).hasMessageContaining("limits.max_body_bytes=lots")
                .hasMessageContaining("not a whole number");
        Files.writeString(f, "no equals sign\n");
        assertThatThrownBy(() -> ServerSettings.defaults().readFile(f)).hasMessageContaining("line=1");
        assertThatThrownBy(() -> ServerSettings.defaults().set("wal.sync", "sometimes").toConfig())
                .hasMessageContaining("wal.sync=sometimes");
    }

    @Test
    void laterSourcesOverrideEarlierOnes() throws Exception {
        Path f = tmp.resolve("s.conf");
        Files.writeString(f, "http.port = 8000\nlimits.query_timeout_ms = 5_000\n");
        ServerConfig c = ServerSettings.defaults().readFile(f).set("http.port", "9000").toConfig();
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.queryTimeoutMillis()).isEqualTo(5000);
    }
}
