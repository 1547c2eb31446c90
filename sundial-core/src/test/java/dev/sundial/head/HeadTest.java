package dev.sundial.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.codec.Compression;
import dev.sundial.table.ColumnType;
import dev.sundial.table.PartitionGranularity;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The head's own bookkeeping that statistics read: distinct series and partition starts. */
class HeadTest {
    private static final ColumnType[] TYPES = {ColumnType.DOUBLE};
    private static final long DAY = 86_400_000_000_000L;

    @Test
    void partitionStartsAndSeriesCountMatchTheRowsWrittenInAnyOrder() {
        long seed = 42;
        Random rnd = new Random(seed);
        PartitionGranularity g = PartitionGranularity.DAY;
        Head h = new Head(g);
        TreeSet<Long> starts = new TreeSet<>();
        TreeSet<Integer> series = new TreeSet<>();
        for (int i = 0; i < 5_000; i++) {
            int s = rnd.nextInt(300);
            long ts = 1_700_000_000_000_000_000L + rnd.nextLong(30 * DAY) - 15 * DAY;
            h.appendRow(s, ts, TYPES, Compression.NONE).setDouble(0, i);
            starts.add(g.partitionStart(ts));
            series.add(s);
        }
        assertThat(h.partitionStarts()).as("seed=%d", seed).containsExactly(starts.stream().mapToLong(Long::longValue).toArray());
        assertThat(h.seriesCount()).as("seed=%d", seed).isEqualTo(series.size());
        long[] copy = h.partitionStarts();
        copy[0] = 7;
        assertThat(h.partitionStarts()[0]).as("a copy is returned").isEqualTo(starts.first());
    }

    @Test
    void anEmptyHeadHasNoSeriesAndNoPartitions() {
        Head h = new Head(PartitionGranularity.DAY);
        assertThat(h.partitionStarts()).isEmpty();
        assertThat(h.seriesCount()).isZero();
    }
}
