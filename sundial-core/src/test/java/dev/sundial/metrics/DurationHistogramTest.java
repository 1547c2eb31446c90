package dev.sundial.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {
    @Test
    void aDurationGoesToTheFirstBucketWhoseBoundIsAtLeastItAndAboveAllToTheLast() {
        DurationHistogram h = new DurationHistogram(new long[] {10, 100, 1000});
        for (long d : new long[] {0, 10, 11, 100, 999, 1000, 1001, 5_000_000, -5}) {
            h.record(d);
        }
        DurationHistogram.Snapshot s = h.snapshot();
        assertThat(s.upperBoundsNanos()).containsExactly(10, 100, 1000);
        // 0, 10 and -5 (as 0) | 11, 100 | 999, 1000 | 1001, 5e6
        assertThat(s.counts()).containsExactly(3, 2, 2, 2);
        assertThat(s.count()).isEqualTo(9);
        assertThat(s.sumNanos()).isEqualTo(10 + 11 + 100 + 999 + 1000 + 1001 + 5_000_000);
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        DurationHistogram h = DurationHistogram.forFsyncs();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long d = 1_000_000L * (t + 1);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    h.record(d);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(h.snapshot().count()).isEqualTo(40_000);
        assertThat(h.snapshot().sumNanos()).isEqualTo(10_000L * (1 + 2 + 3 + 4) * 1_000_000L);
    }

    @Test
    void boundsMustBePositiveAndStrictlyIncreasing() {
        assertThatThrownBy(() -> new DurationHistogram(new long[0])).hasMessageStartingWith("cannot create");
        assertThatThrownBy(() -> new DurationHistogram(new long[] {5, 5})).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new DurationHistogram(new long[] {0, 5})).hasMessageContaining("positive");
    }

    @Test
    void theBuiltInBoundsAreValidAndSnapshotsDoNotShareThem() {
        DurationHistogram.Snapshot s = DurationHistogram.forTasks().snapshot();
        assertThat(s.counts()).hasSize(s.upperBoundsNanos().length + 1);
        s.upperBoundsNanos()[0] = -1;
        assertThat(DurationHistogram.forTasks().snapshot().upperBoundsNanos()[0]).isEqualTo(1_000_000);
    }
}
