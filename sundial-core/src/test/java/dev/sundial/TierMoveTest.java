package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.index.TagFilter;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier moves ({@code cold_after}): the {@code tiers} task rewrites exactly the partitions older than
 * the threshold into cold (zstd) segments, one per step, keeping every value bit for bit (random
 * double bit patterns, NaN payloads, -0.0, upserts across segments), across a reopen, with
 * {@code check} verifying the cold files; late data makes a cold partition due again; a cursor
 * opened before a move finishes on the old files; a damaged cold chunk is reported with its file and
 * offset.
 */
class TierMoveTest {
    private static final long SEC = 1_000_000_000L;
    private static final long HOUR = 3600 * SEC;
    private static final long DAY = 24 * HOUR;
    private static final long BASE = 1_700_000_000_000_000_000L / DAY * DAY;

    @TempDir
    Path dir;

    private static Table create(Sundial db) throws IOException {
        TableSchema schema = TableSchema.builder("cpu").tag("host").value("v", ColumnType.DOUBLE).value("n", ColumnType.BIGINT)
                .value("s", ColumnType.VARCHAR).build();
        return db.createTable(schema, TableOptions.DEFAULTS.with(Map.of("cold_after", "2d")));
    }

    private static double randomDouble(Random rnd, long k) {
        return switch ((int) (k % 5)) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong()); // any bit pattern, NaN payloads included
            case 1 -> -0.0;
            default -> Math.round(rnd.nextDouble() * 10000) / 100.0; // decimals: the decimal codec's case
        };
    }

    /** Every row as "host ts" -> raw bits of every column, the way a bit-exact comparison needs. */
    private static TreeMap<String, String> contents(Table t) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
            while (c.hasNext()) {
                SeriesRows r = c.next();
                ColumnBatch b = r.rows();
                for (int i = 0; i < b.size; i++) {
                    StringBuilder row = new StringBuilder();
                    for (ValueVector v : b.columns) {
                        if (v == null || (v.present != null && !v.present[i])) {
                            row.append("null ");
                        } else if (v.doubles != null) {
                            row.append(Long.toHexString(Double.doubleToRawLongBits(v.doubles[i]))).append(' ');
                        } else {
                            row.append(v.get(i)).append(' ');
                        }
                    }
                    out.put(r.key() + " " + b.timestamps[i], row.toString());
                }
            }
        }
        return out;
    }

    private static List<Long> coldDays(Table t) {
        List<Long> out = new ArrayList<>();
        for (SegmentReader r : t.storage().segments().segments()) {
            if (r.isCold()) {
                out.add((r.partitionStart() - BASE) / DAY);
            }
        }
        return out;
    }

    @Test
    void movesExactlyThePartitionsPastColdAfterBitForBit() throws IOException {
        long seed = System.nanoTime();
        System.out.println("TierMoveTest seed=" + seed);
        Random rnd = new Random(seed);
        SettableClock clock = new SettableClock(BASE + 10 * DAY + HOUR);
        TreeMap<String, String> before;
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db);
            List<DataPoint> pts = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                for (long k = 0; k < 10 * 24 * 6; k++) { // every 10 minutes for 10 days
                    DataPoint.Builder b = DataPoint.at(BASE + k * 600 * SEC).tag("host", "h" + h).field("v", randomDouble(rnd, k))
                            .field("n", rnd.nextLong());
                    if (k % 3 == 0) {
                        b.field("s", "state-" + rnd.nextInt(5));
                    }
                    pts.add(b.build());
                }
            }
            t.insert(pts);
            db.flush();
            // upserts into day 3 in a second segment: the move must fold them, later winning
            List<DataPoint> late = new ArrayList<>();
            for (long k = 0; k < 50; k++) {
                late.add(DataPoint.at(BASE + 3 * DAY + k * 1200 * SEC).tag("host", "h1").field("v", Double.longBitsToDouble(rnd.nextLong()))
                        .build());
            }
            t.insert(late);
            db.flush();
            before = contents(t);
            long v1Bytes = t.tierStats().get(Tier.WARM).bytes();

            // now = day 10 01:00; cold_after = 2d: partitions ending by day 8 01:00 are due: days 0..7
            assertThat(db.tierTask().pending()).containsExactly("table cpu: 8 partitions to move cold");
            int steps = 0;
            String did;
            while ((did = db.tierTask().runStep()) != null) {
                assertThat(did).startsWith("table cpu: moved partition");
                steps++;
            }
            assertThat(steps).isEqualTo(8);
            assertThat(coldDays(t)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(t.storage().segments().segments()).hasSize(10);
            assertThat(db.tierTask().pending()).isEmpty();
            assertThat(contents(t)).isEqualTo(before);
            assertThat(db.check().problems()).isEmpty();

            TierStats ts = t.tierStats();
            assertThat(ts.get(Tier.COLD).partitions()).isEqualTo(8);
            assertThat(ts.get(Tier.WARM).partitions()).isEqualTo(1); // day 8
            assertThat(ts.get(Tier.HOT).partitions()).isEqualTo(1); // day 9: within the last day
            assertThat(ts.get(Tier.COLD).rows()).isEqualTo(3 * 8 * 144);
            assertThat(ts.get(Tier.COLD).bytes()).isLessThan(v1Bytes);
        }
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = db.table("cpu");
            assertThat(db.problems()).isEmpty();
            assertThat(coldDays(t)).hasSize(8);
            assertThat(contents(t)).isEqualTo(before);
            assertThat(db.check().problems()).isEmpty();

            // late data into a cold partition: the partition is due again, and the later write wins
            t.insert(DataPoint.at(BASE + 2 * DAY).tag("host", "h0").field("v", 42.0).build());
            db.flush();
            assertThat(db.tierTask().pending()).containsExactly("table cpu: 1 partition to move cold");
            List<SegmentReader> day2 = t.storage().segments().segments().stream()
                    .filter(r -> r.partitionStart() == BASE + 2 * DAY).toList();
            assertThat(day2).hasSize(2);
            // a cursor opened before the move reads the old files to the end
            TreeMap<String, String> expected = contents(t);
            TreeMap<String, String> got = new TreeMap<>();
            try (SeriesCursor c = t.scan(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())) {
                assertThat(db.tierTask().runStep()).contains("2 segments");
                while (c.hasNext()) {
                    got.put(c.next().key().toString(), "");
                }
            }
            assertThat(got).hasSize(3);
            assertThat(contents(t)).isEqualTo(expected);
            assertThat(expected.get("[h0] " + (BASE + 2 * DAY))).startsWith(Long.toHexString(Double.doubleToRawLongBits(42.0)));
            assertThat(coldDays(t)).hasSize(8);
            assertThat(db.check().problems()).isEmpty();
        }
    }

    /** Regression: a cold chunk stored smaller than one of its decompressed parts must open (index bounds). */
    @Test
    void aColdChunkMuchSmallerThanItsPartsOpens() throws IOException {
        SettableClock clock = new SettableClock(BASE + 10 * DAY);
        Random rnd = new Random(7);
        double[] cycle = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db);
            List<DataPoint> pts = new ArrayList<>();
            for (long k = 0; k < 4000; k++) { // XOR of a repeating cycle: the type codec cannot see it, zstd can
                pts.add(DataPoint.at(BASE + k * 10 * SEC).tag("host", "h").field("v", cycle[(int) (k % 4)]).build());
            }
            t.insert(pts);
            db.flush();
            TreeMap<String, String> before = contents(t);
            assertThat(db.tierTask().runStep()).isNotNull();
            SegmentReader cold = t.storage().segments().segments().get(0);
            var m = cold.allChunks().get(0);
            long parts = m.tsLength();
            for (var b : m.blocks()) {
                parts += b.presenceLength() + b.valuesLength();
            }
            assertThat((long) m.length()).isLessThan(parts / 2);
            assertThat(contents(t)).isEqualTo(before);
        }
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            assertThat(db.problems()).isEmpty();
            assertThat(contents(db.table("cpu"))).hasSize(4000);
            assertThat(db.check().problems()).isEmpty();
        }
    }

    @Test
    void aDamagedColdChunkIsReportedWithFileAndOffset() throws IOException {
        SettableClock clock = new SettableClock(BASE + 10 * DAY);
        Path file;
        long offset;
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = create(db);
            List<DataPoint> pts = new ArrayList<>();
            for (long k = 0; k < 2000; k++) {
                pts.add(DataPoint.at(BASE + k * 60 * SEC).tag("host", "h").field("v", k * 0.25).field("n", k).build());
            }
            t.insert(pts);
            db.flush();
            assertThat(db.tierTask().runStep()).isNotNull();
            SegmentReader cold = t.storage().segments().segments().get(0);
            assertThat(cold.isCold()).isTrue();
            file = cold.file();
            offset = cold.allChunks().get(0).offset();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset + 10);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            ch.write(b.flip(), offset + 10);
        }
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withFlushIntervalMillis(0).withClock(clock).withBackgroundMaintenance(false))) {
            Table t = db.table("cpu");
            assertThatThrownBy(() -> contents(t)).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasRootCauseInstanceOf(CorruptFileException.class)
                    .rootCause().hasMessageContaining(file.getFileName().toString()).hasMessageContaining(String.valueOf(offset))
                    .hasMessageContaining("chunk checksum mismatch");
            assertThat(db.check().problems()).anySatisfy(p -> assertThat(p).contains(file.getFileName().toString())
                    .contains(String.valueOf(offset)).contains("chunk checksum mismatch"));
        }
    }
}
