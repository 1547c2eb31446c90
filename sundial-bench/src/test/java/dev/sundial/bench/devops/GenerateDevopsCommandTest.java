package dev.sundial.bench.devops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.cli.demo.DevopsGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./bench generate-devops}: the generator's bytes, gzip, and refused options. */
class GenerateDevopsCommandTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static byte[] lp(DevopsGenerator.Config c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DevopsGenerator(c).writeLineProtocol(out);
        return out.toByteArray();
    }

    @Test
    void commandWritesGzipAndRejectsBadOptions(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.lp.gz");
        int code = new CommandLine(new GenerateDevopsCommand()).execute("--hosts", "3", "--duration", "1m", "--seed", "4",
                "--decimals", "1", "--out", out.toString());
        assertThat(code).isZero();
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            unzipped = in.readAllBytes();
        }
        assertThat(unzipped).isEqualTo(lp(new DevopsGenerator.Config(3, 6, DevopsGenerator.DEFAULT_START_NANOS,
                DevopsGenerator.DEFAULT_INTERVAL_NANOS, 4, 1)));
        assertThat(GenerateDevopsCommand.parseDuration("12h", "--duration")).isEqualTo(12 * HOUR);
        assertThat(GenerateDevopsCommand.parseDuration("1d", "--duration")).isEqualTo(24 * HOUR);
        assertThatThrownBy(() -> GenerateDevopsCommand.parseDuration("5x", "--duration")).hasMessageContaining("unit");
        assertThatThrownBy(() -> GenerateDevopsCommand.parseDuration("-5s", "--duration")).hasMessageContaining("negative");
        assertThatThrownBy(() -> new DevopsGenerator.Config(0, 1, 0, 1, 0, -1)).hasMessageContaining("hosts");
        assertThatThrownBy(() -> new DevopsGenerator.Config(1, 1, 0, 1, 0, 16)).hasMessageContaining("decimals");
        assertThatThrownBy(() -> new DevopsGenerator.Config(1, 3, Long.MAX_VALUE - 1, 1, 0, -1)).hasMessageContaining("overflows");
    }
}
