package dev.sundial.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.fs.FileLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@code state.sdr} version 1 ({@code docs/format/rollup.md}) and the sketch text form: the
 * golden file reads back to the expected state, writing that state gives the identical bytes, and a
 * flipped byte is damage. Regenerate only for a new version, with {@code -Dsundial.writeGolden=true}.
 */
class RollupStateGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/rollup-state-v1.sdr");
    private static final long MIN = 60_000_000_000L;
    private static final long[] LEVELS = {MIN, 5 * MIN, 60 * MIN, 1440 * MIN};

    @TempDir
    Path tmp;

    private static RollupState expected() {
        RollupState s = new RollupState(LEVELS);
        s.builtThrough[0] = 1_451_606_400_000_000_000L;
        s.builtThrough[1] = 1_451_606_400_000_000_000L - 5 * MIN;
        s.builtThrough[2] = 1_451_606_400_000_000_000L - 60 * MIN;
        RollupState.add(s.dirty, 3, 1_451_500_000_000_000_000L / MIN * MIN, 1_451_500_000_000_000_000L / MIN * MIN + 2 * MIN);
        RollupState.add(s.dirty, 7, 0, MIN);
        return s;
    }

    @Test
    void version1ReadsAndWritesTheSameBytes() throws Exception {
        Path file = tmp.resolve("state.sdr");
        expected().write(FileLayer.REAL, file, new HashMap<>());
        byte[] actual = Files.readAllBytes(file);
        if (Boolean.getBoolean("sundial.writeGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, actual);
        }
        assertThat(actual).as("bytes written today differ from " + GOLDEN + ": the format changed").isEqualTo(Files.readAllBytes(GOLDEN));
        RollupState read = RollupState.read(FileLayer.REAL, GOLDEN, LEVELS);
        assertThat(read.builtThrough).containsExactly(expected().builtThrough);
        assertThat(read.dirty).isEqualTo(expected().dirty);
        assertThat(read.dirtyBuckets()).isEqualTo(3);

        byte[] bad = actual.clone();
        bad[20] ^= 1;
        Path damaged = tmp.resolve("damaged.sdr");
        Files.write(damaged, bad);
        assertThatThrownBy(() -> RollupState.read(FileLayer.REAL, damaged, LEVELS)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(damaged.toString());
    }

    @Test
    void aLevelNoLongerListedIsIgnoredAndANewOneStartsUnbuilt() throws Exception {
        RollupState read = RollupState.read(FileLayer.REAL, GOLDEN, new long[] {MIN, 10 * MIN});
        assertThat(read.builtThrough).containsExactly(1_451_606_400_000_000_000L, RollupState.NEVER);
    }

    @Test
    void sketchTextRoundTripsAndMatchesTheFastPath() {
        java.util.Random rnd = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            int n = rnd.nextInt(50);
            double[] v = new double[n];
            var sketch = SketchText.newSketch();
            for (int i = 0; i < n; i++) {
                v[i] = switch (rnd.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> -Math.exp(rnd.nextGaussian() * 5);
                    default -> Math.exp(rnd.nextGaussian() * 5);
                };
                SketchText.add(sketch, v[i]);
            }
            String text = SketchText.encode(sketch);
            assertThat(SketchText.encodeValues(v.clone(), n, new int[n])).isEqualTo(text);
            assertThat(text.chars().allMatch(c -> c < 0x80)).isTrue();
            var back = SketchText.decode(text);
            assertThat(back.getCount()).isEqualTo(sketch.getCount());
            if (n > 0) {
                assertThat(back.getValueAtQuantile(0.5)).isEqualTo(sketch.getValueAtQuantile(0.5));
            }
        }
        assertThatThrownBy(() -> SketchText.decode("\u0041")).hasMessageContaining("cannot decode rollup sketch");
    }

    @SuppressWarnings("unused")
    private static Map<Integer, TreeMap<Long, Long>> none() {
        return new HashMap<>();
    }
}
