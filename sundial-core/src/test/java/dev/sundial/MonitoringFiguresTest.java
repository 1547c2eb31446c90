package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.rollup.RollupLevelStats;
import dev.sundial.table.ColumnType;
import dev.sundial.table.PartitionGranularity;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures a monitoring scrape reads without scanning data: head, WAL, tiers and rollup levels. */
class MonitoringFiguresTest {
    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void headWalTierAndLevelFiguresFollowWritesFlushesAndRollups() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.createTable(TableSchema.builder("cpu").tag("host").value("usage", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS);
            long walAppends = db.walStats().appends();
            // two days ago, so the rollup levels have whole buckets to build
            long day = PartitionGranularity.DAY.partitionStart(DataPoint.at(t.now()).build().timestampNanos()) - 2 * 24 * HOUR;
            List<DataPoint> points = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < 120; i++) {
                    points.add(DataPoint.at(day + i * 60_000_000_000L).tag("host", "h" + h).field("usage", i * 0.5).build());
                }
            }
            t.insert(points);

            HeadStats head = t.headStats();
            assertThat(head.series()).isEqualTo(3);
            assertThat(head.bytes()).isPositive();
            assertThat(head.flushingBytes()).isZero();
            assertThat(db.walStats().appends() - walAppends).as("one batch, one record").isEqualTo(1);
            assertThat(db.walStats().fsyncs()).as("wal.sync=batch").isPositive();
            assertThat(db.walSegments()).isPositive();

            db.flush();
            assertThat(t.headStats()).isEqualTo(new HeadStats(0, 0, 0));
            TierStats tiers = t.tierStats();
            long segments = 0;
            long partitions = 0;
            for (Tier tier : tiers.order()) {
                segments += tiers.get(tier).segments();
                partitions += tiers.get(tier).partitions();
            }
            assertThat(segments).as("one partition flushed into one segment").isEqualTo(1);
            assertThat(partitions).isEqualTo(1);

            db.buildRollups();
            List<RollupLevelStats> levels = t.levelStats();
            assertThat(levels).isNotEmpty();
            assertThat(levels.get(0).segments()).as("the finest level was built").isPositive();
            for (RollupLevelStats l : levels) {
                assertThat(l.segments() > 0).as("level %s", l.level()).isEqualTo(l.bytes() > 0);
                assertThat(l.partitions()).as("level %s", l.level()).isLessThanOrEqualTo(l.segments());
            }
        }
    }
}
