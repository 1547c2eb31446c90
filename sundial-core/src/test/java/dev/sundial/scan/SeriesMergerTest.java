package dev.sundial.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SeriesMerger#readEach} yields exactly the rows of {@link SeriesMerger#read}, upserts included. */
class SeriesMergerTest {
    private static final int[] COLUMNS = {0};
    private static final ColumnType[] TYPES = {ColumnType.DOUBLE};

    private static HeadRowsSource source(long[] ts, double[] v) {
        ColumnBatch b = new ColumnBatch(COLUMNS, ts.length);
        System.arraycopy(ts, 0, b.timestamps, 0, ts.length);
        ValueVector vec = b.vector(0, ColumnType.DOUBLE);
        vec.present = null;
        System.arraycopy(v, 0, vec.doubles, 0, v.length);
        b.size = ts.length;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : ts) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return new HeadRowsSource(b, min, max);
    }

    private static List<String> rows(ColumnBatch b) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < b.size; r++) {
            out.add(b.timestamps[r] + "=" + b.columns[0].doubles[r]);
        }
        return out;
    }

    @Test
    void overlappingSourcesFoldInPrecedenceOrderNotTimeOrder() throws Exception {
        // the later source (higher precedence) starts earlier in time: it must still win at ts=20
        HeadRowsSource older = source(new long[] {20, 30}, new double[] {1, 1});
        HeadRowsSource newer = source(new long[] {10, 20}, new double[] {2, 2});
        SeriesMerger m = new SeriesMerger(COLUMNS, TYPES);
        List<String> each = new ArrayList<>();
        m.readEach(List.of(older, newer), 0, 100, b -> each.addAll(rows(b)));
        assertThat(each).containsExactly("10=2.0", "20=2.0", "30=1.0");
        assertThat(rows(m.read(List.of(older, newer), 0, 100))).isEqualTo(each);
    }

    @Test
    void readEachEqualsReadOnRandomSources() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        SeriesMerger m = new SeriesMerger(COLUMNS, TYPES);
        for (int round = 0; round < 500; round++) {
            List<ChunkSource> sources = new ArrayList<>();
            long base = 0;
            int count = 1 + rnd.nextInt(4);
            for (int s = 0; s < count; s++) {
                int n = 1 + rnd.nextInt(20);
                long start = rnd.nextBoolean() ? base : rnd.nextInt(60);
                long[] ts = new long[n];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = start + i * (1 + rnd.nextInt(3));
                    v[i] = s * 100 + i;
                }
                base = ts[n - 1] + 1;
                sources.add(source(ts, v));
            }
            long from = rnd.nextInt(40);
            long to = from + rnd.nextInt(80);
            List<String> each = new ArrayList<>();
            m.readEach(sources, from, to, b -> each.addAll(rows(b)));
            assertThat(each).as("seed %d round %d", seed, round).isEqualTo(rows(m.read(sources, from, to)));
            List<String> reused = new ArrayList<>();
            m.readEach(sources, from, to, true, b -> reused.addAll(rows(b))); // rows copied out during the call
            assertThat(reused).as("seed %d round %d (reused buffers)", seed, round).isEqualTo(each);
        }
    }
}
