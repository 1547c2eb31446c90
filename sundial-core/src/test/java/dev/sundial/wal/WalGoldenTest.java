package dev.sundial.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.wal.WalTestSupport.Rec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins WAL format version 1: the committed segment {@code golden/wal/wal-00000000004294967301.log}
 * (written once by this test with {@code -Dsundial.golden.write=true}) must replay to the expected
 * payloads, and writing those payloads again must give identical bytes.
 */
class WalGoldenTest {
    /** Above 2^32, so that the golden file pins all eight bytes of the sequence fields. */
    static final long FIRST = 4_294_967_301L;
    static final String NAME = "wal-00000000004294967301.log";

    @TempDir
    Path tmp;

    static List<byte[]> expectedPayloads() {
        byte[] pattern = new byte[300];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7 + 3);
        }
        return List.of(
                new byte[0],
                "a".getBytes(StandardCharsets.UTF_8),
                "hello, write-ahead log".getBytes(StandardCharsets.UTF_8),
                pattern,
                "Zeitreihe \u2713 \u6642\u7cfb\u5217".getBytes(StandardCharsets.UTF_8));
    }

    private Path writeFresh(Path dir) throws Exception {
        WalOptions o = WalTestSupport.noSync(WalOptions.DEFAULT_SEGMENT_SIZE_BYTES).toBuilder().startSequence(FIRST).build();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, o)) {
            for (byte[] p : expectedPayloads()) {
                wal.append(p);
            }
        }
        return dir.resolve(NAME);
    }

    private static byte[] golden() throws Exception {
        try (InputStream in = WalGoldenTest.class.getResourceAsStream("/golden/wal/" + NAME)) {
            assertThat(in).as("golden file golden/wal/%s on the test class path", NAME).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void goldenSegmentReplaysToTheExpectedPayloads() throws Exception {
        if (Boolean.getBoolean("sundial.golden.write")) {
            Path out = Path.of("src/test/resources/golden/wal");
            Files.createDirectories(out);
            Files.write(out.resolve(NAME), Files.readAllBytes(writeFresh(tmp.resolve("gen"))));
        }
        Path dir = tmp.resolve("wal");
        Files.createDirectories(dir);
        Files.write(dir.resolve(NAME), golden());
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalTestSupport.noSync(WalOptions.DEFAULT_SEGMENT_SIZE_BYTES))) {
            assertThat(wal.problems()).isEmpty();
            List<Rec> got = WalTestSupport.replayAll(wal, 0);
            List<byte[]> want = expectedPayloads();
            assertThat(got).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i).seq()).isEqualTo(FIRST + i);
                assertThat(got.get(i).payload()).as("record %d", i).isEqualTo(want.get(i));
            }
            assertThat(wal.lastSequence()).isEqualTo(FIRST + 4);
        }
    }

    @Test
    void encodingTheExpectedPayloadsGivesTheGoldenBytes() throws Exception {
        byte[] fresh = Files.readAllBytes(writeFresh(tmp.resolve("fresh")));
        assertThat(fresh).isEqualTo(golden());
    }

    @Test
    void headerBytesAreAsDocumented() throws Exception {
        // the same hex string appears in docs/format/wal.md
        assertThat(HexFormat.of().formatHex(golden(), 0, WalFormat.HEADER_SIZE))
                .isEqualTo(HexFormat.of().formatHex(WalFormat.encodeHeader(FIRST)))
                .startsWith("5344574c" + "0100" + "0000" + "0500000001000000");
    }
}
