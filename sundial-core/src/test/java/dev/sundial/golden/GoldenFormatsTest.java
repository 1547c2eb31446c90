package dev.sundial.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.codec.Compression;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.SealedChunk;
import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesRegistry;
import dev.sundial.partition.Manifest;
import dev.sundial.partition.RewriteRecord;
import dev.sundial.table.PartitionGranularity;
import dev.sundial.bytes.GrowableBytes;
import dev.sundial.segment.SegmentReader;
import dev.sundial.segment.SegmentWriter;
import dev.sundial.table.Catalog;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import dev.sundial.table.ValueVector;
import dev.sundial.wal.RecordingVisitor;
import dev.sundial.wal.WriteRecordDecoder;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files pin every on-disk format (segment, manifest, catalog, series registry, WAL write
 * record, rewrite record; version 1, and the catalog's and manifest's version 2): each golden file must still read back to the expected content, and writing
 * that content again must give the identical bytes. A failing byte comparison means the format
 * changed: bump its version and add a reader instead of editing a released format. Regenerate only
 * for a new version, with {@code -Dsundial.writeGolden=true}.
 */
class GoldenFormatsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final long T0 = 1_451_606_400_000_000_000L; // 2016-01-01T00:00:00Z

    @TempDir
    Path tmp;

    private static void compareOrWrite(Path golden, byte[] actual) throws IOException {
        if (Boolean.getBoolean("sundial.writeGolden")) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, actual);
        }
        assertThat(golden).as("golden file (generate with -Dsundial.writeGolden=true)").exists();
        assertThat(actual).as("bytes written today differ from " + golden + ": the format changed").isEqualTo(Files.readAllBytes(golden));
    }

    private static ColumnBatch rows() {
        ColumnBatch b = new ColumnBatch(new int[] {0, 1, 2, 3}, 16);
        ValueVector d = b.vector(0, ColumnType.DOUBLE);
        ValueVector l = b.vector(1, ColumnType.BIGINT);
        ValueVector z = b.vector(2, ColumnType.BOOLEAN);
        ValueVector s = b.vector(3, ColumnType.VARCHAR);
        for (int r = 0; r < 16; r++) {
            b.timestamps[r] = T0 + r * 10_000_000_000L;
            d.doubles[r] = r == 5 ? Double.NaN : 20.5 + r * 0.25;
            d.present[r] = r != 7;
            l.longs[r] = r % 3 == 0 ? Long.MIN_VALUE : r * 1000L;
            l.present[r] = true;
            z.booleans[r] = r % 2 == 0;
            z.present[r] = r < 8;
            s.strings[r] = "state-" + (r % 4);
            s.present[r] = r % 5 != 0;
        }
        b.size = 16;
        return b;
    }

    private static final ColumnType[] TYPES = {ColumnType.DOUBLE, ColumnType.BIGINT, ColumnType.BOOLEAN, ColumnType.VARCHAR};

    @Test
    void segmentV1() throws IOException {
        Path f = tmp.resolve("seg-7.sdseg");
        SealedChunk c = ChunkCodec.encode(rows(), 0, 16, TYPES, Compression.AUTO);
        try (SegmentWriter w = SegmentWriter.create(dev.sundial.fs.FileLayer.REAL, f, 3, T0, 7)) {
            w.addChunk(0, c);
            w.addChunk(5, c);
            w.finish();
        }
        compareOrWrite(GOLDEN.resolve("segment/v1.sdseg"), Files.readAllBytes(f));
        SegmentReader r = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("segment/v1.sdseg"));
        try {
            assertThat(r.formatVersion()).isEqualTo(1);
            assertThat(r.isCold()).isFalse();
            assertGoldenSegment(r);
        } finally {
            r.release();
        }
    }

    /**
     * The cold format: the same chunks zstd-compressed, plus a one-row chunk that zstd cannot shrink
     * (stored as it is). The written bytes depend on the zstd library's encoder; should an upgrade
     * of zstd-jni change them, the file written here differs while the golden file must still read.
     */
    @Test
    void segmentV2Cold() throws IOException {
        Path f = tmp.resolve("seg-8.sdseg");
        SealedChunk c = ChunkCodec.encode(rows(), 0, 16, TYPES, Compression.AUTO);
        SealedChunk one = ChunkCodec.encode(rows(), 0, 1, TYPES, Compression.AUTO);
        try (SegmentWriter w = SegmentWriter.createCold(dev.sundial.fs.FileLayer.REAL, f, 3, T0, 8)) {
            w.addChunk(0, c);
            w.addChunk(5, c);
            w.addChunk(6, one);
            w.finish();
        }
        compareOrWrite(GOLDEN.resolve("segment/v2-cold.sdseg"), Files.readAllBytes(f));
        SegmentReader r = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("segment/v2-cold.sdseg"));
        try {
            assertThat(r.formatVersion()).isEqualTo(2);
            assertThat(r.isCold()).isTrue();
            assertGoldenSegment(r);
            SegmentReader warm = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("segment/v1.sdseg"));
            try {
                assertThat(r.chunks(0).get(0).length()).as("the 16-row chunk is compressed").isLessThan(warm.chunks(0).get(0).length());
            } finally {
                warm.release();
            }
            ColumnBatch out = new ColumnBatch(new int[] {0, 1, 2, 3}, 16);
            ChunkCodec.decode(r.readChunk(r.chunks(6).get(0)), out);
            assertThat(out.size).isEqualTo(1);
            assertThat(out.timestamps[0]).isEqualTo(T0);
            byte[] bytes = Files.readAllBytes(GOLDEN.resolve("segment/v2-cold.sdseg"));
            assertThat(bytes[(int) r.chunks(0).get(0).offset()]).as("mode byte: zstd").isEqualTo((byte) 1);
            assertThat(bytes[(int) r.chunks(6).get(0).offset()]).as("mode byte: stored").isEqualTo((byte) 0);
        } finally {
            r.release();
        }
    }

    /** Version 3 (rollup levels): version 1 chunks, an index with value counts and no statistics. */
    @Test
    void segmentV3WithoutStatistics() throws IOException {
        Path f = tmp.resolve("seg-9.sdseg");
        SealedChunk c = ChunkCodec.encode(rows(), 0, 16, TYPES, Compression.AUTO);
        try (SegmentWriter w = SegmentWriter.createWithoutStats(dev.sundial.fs.FileLayer.REAL, f, 3, T0, 9)) {
            w.addChunk(0, c);
            w.addChunk(5, c);
            w.finish();
        }
        compareOrWrite(GOLDEN.resolve("segment/v3-no-stats.sdseg"), Files.readAllBytes(f));
        SegmentReader r = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("segment/v3-no-stats.sdseg"));
        SegmentReader warm = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("segment/v1.sdseg"));
        try {
            r.verify();
            assertThat(r.formatVersion()).isEqualTo(3);
            assertThat(r.seriesIds()).containsExactly(0, 5);
            for (int series : new int[] {0, 5}) {
                ColumnBatch out = new ColumnBatch(new int[] {0, 1, 2, 3}, 16);
                ChunkCodec.decode(r.readChunk(r.chunks(series).get(0)), out);
                ColumnBatch exp = rows();
                assertThat(out.size).isEqualTo(16);
                for (int row = 0; row < 16; row++) {
                    assertThat(out.timestamps[row]).isEqualTo(exp.timestamps[row]);
                    Object e = exp.columns[0].get(row);
                    Object a = out.columns[0].get(row);
                    if (e == null) {
                        assertThat(a).isNull();
                    } else {
                        assertThat(Double.doubleToRawLongBits((Double) a)).isEqualTo(Double.doubleToRawLongBits((Double) e));
                    }
                    for (int col = 1; col < 4; col++) {
                        assertThat(out.columns[col].get(row)).isEqualTo(exp.columns[col].get(row));
                    }
                }
                // the value counts are kept, the statistics are not
                assertThat(r.chunks(series).get(0).stats(0).count()).isEqualTo(warm.chunks(series).get(0).stats(0).count());
                assertThat(r.chunks(series).get(0).stats(1).longSumOverflow()).isFalse();
            }
            assertThat(Files.size(GOLDEN.resolve("segment/v3-no-stats.sdseg"))).isLessThan(Files.size(GOLDEN.resolve("segment/v1.sdseg")));
        } finally {
            r.release();
            warm.release();
        }
    }

    /** What both golden segments hold: series 0 and 5, each the 16 rows of {@link #rows()}. */
    private static void assertGoldenSegment(SegmentReader r) throws IOException {
        r.verify();
        assertThat(r.seriesIds()).contains(0, 5);
        assertThat(r.tableId()).isEqualTo(3);
        assertThat(r.partitionStart()).isEqualTo(T0);
        for (int series : new int[] {0, 5}) {
            ColumnBatch out = new ColumnBatch(new int[] {0, 1, 2, 3}, 16);
            ChunkCodec.decode(r.readChunk(r.chunks(series).get(0)), out);
            ColumnBatch exp = rows();
            assertThat(out.size).isEqualTo(16);
            for (int row = 0; row < 16; row++) {
                assertThat(out.timestamps[row]).isEqualTo(exp.timestamps[row]);
                for (int col = 0; col < 4; col++) {
                    Object e = exp.columns[col].get(row);
                    Object a = out.columns[col].get(row);
                    if (e instanceof Double de) {
                        assertThat(Double.doubleToRawLongBits((Double) a)).isEqualTo(Double.doubleToRawLongBits(de));
                    } else {
                        assertThat(a).isEqualTo(e);
                    }
                }
            }
        }
        assertThat(r.chunks(5).get(0).stats(1).longSumOverflow()).isTrue();
        assertThat(r.chunks(5).get(0).stats(0).nanCount()).isEqualTo(1);
    }

    private static final long DAY = 86_400_000_000_000L;

    /** Version 1 (no spans) is no longer written, but still read: each span is one partition of the table's granularity. */
    @Test
    void manifestV1() throws IOException {
        Manifest expected = new Manifest(42, 9, List.of(new Manifest.Entry(T0, T0 + DAY, 7, 1234, 16, 60, 2, T0, T0 + 150_000_000_000L),
                new Manifest.Entry(T0 + DAY, T0 + 2 * DAY, 8, 99, 1, 1, 1, T0 + DAY, T0 + DAY)));
        assertThat(Manifest.read(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("manifest/v1.sdm"), PartitionGranularity.DAY))
                .isEqualTo(expected);
    }

    /** Version 2: each entry carries its span; the second one a compacted segment spanning 31 days. */
    @Test
    void manifestV2() throws IOException {
        Manifest m = new Manifest(42, 9, List.of(new Manifest.Entry(T0, T0 + DAY, 7, 1234, 16, 60, 2, T0, T0 + 150_000_000_000L),
                new Manifest.Entry(T0 + DAY, T0 + 32 * DAY, 8, 99, 1, 1, 1, T0 + DAY, T0 + 20 * DAY)));
        Path f = tmp.resolve("manifest.sdm");
        m.write(dev.sundial.fs.FileLayer.REAL, f);
        compareOrWrite(GOLDEN.resolve("manifest/v2.sdm"), Files.readAllBytes(f));
        assertThat(Manifest.read(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("manifest/v2.sdm"), PartitionGranularity.HOUR))
                .as("spans come from the file, not from the granularity").isEqualTo(m);
    }

    @Test
    void rewriteRecordV1() throws IOException {
        RewriteRecord r = new RewriteRecord(12, List.of(new RewriteRecord.Replaced(T0, 7), new RewriteRecord.Replaced(T0 + DAY, 8)),
                List.of(new RewriteRecord.Written(T0, T0 + 2 * DAY, 11)));
        Path f = tmp.resolve("rewrite-12.sdrw");
        r.write(dev.sundial.fs.FileLayer.REAL, f);
        compareOrWrite(GOLDEN.resolve("rewrite-record/v1.sdrw"), Files.readAllBytes(f));
        assertThat(RewriteRecord.read(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("rewrite-record/v1.sdrw"))).isEqualTo(r);
    }

    private static Catalog twoTables(Path f) throws IOException {
        Catalog c = Catalog.open(dev.sundial.fs.FileLayer.REAL, f);
        c.create(TableSchema.builder("cpu").tag("host").tag("region").value("usage_user", ColumnType.DOUBLE)
                .value("count", ColumnType.BIGINT).value("ok", ColumnType.BOOLEAN).value("msg", ColumnType.VARCHAR).build(), TableOptions.DEFAULTS);
        c.create(TableSchema.builder("metrics").timestamp("ts").tag("host").value("value", ColumnType.DOUBLE).build(),
                TableOptions.DEFAULTS.with(Map.of("partition_by", "hour", "compression", "gorilla", "retention_raw", "7d",
                        "retention_1m", "30d")));
        return c;
    }

    /** Version 1 is no longer written (version 2 added the dropped-table WAL mark), but still read. */
    @Test
    void catalogV1() throws IOException {
        Catalog expected = twoTables(tmp.resolve("catalog.sdc"));
        Catalog g = Catalog.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("catalog/v1.sdc"));
        assertThat(g.tables()).isEqualTo(expected.tables());
        assertThat(g.nextTableId()).isEqualTo(2);
        assertThat(g.droppedThroughSequence()).isZero();
    }

    @Test
    void catalogV2() throws IOException {
        Path f = tmp.resolve("catalog.sdc");
        Catalog c = twoTables(f);
        c.create(TableSchema.builder("gone").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
        c.drop("gone", 4242);
        compareOrWrite(GOLDEN.resolve("catalog/v2.sdc"), Files.readAllBytes(f));
        Catalog g = Catalog.open(dev.sundial.fs.FileLayer.REAL, GOLDEN.resolve("catalog/v2.sdc"));
        assertThat(g.tables()).isEqualTo(c.tables()).hasSize(2);
        assertThat(g.nextTableId()).isEqualTo(3);
        assertThat(g.droppedThroughSequence()).isEqualTo(4242);
    }

    @Test
    void seriesRegistryV1() throws IOException {
        Path f = tmp.resolve("series.sds");
        try (SeriesRegistry r = SeriesRegistry.open(dev.sundial.fs.FileLayer.REAL, new dev.sundial.fs.Quarantine(dev.sundial.fs.FileLayer.REAL, f.resolveSibling("quarantine")), f, 3)) {
            r.getOrCreate(SeriesKey.of("host_0", "eu"));
            r.getOrCreate(SeriesKey.of("host_1", null));
            r.getOrCreate(SeriesKey.of("h ö,=\"x", "us"));
            r.persistPending();
        }
        compareOrWrite(GOLDEN.resolve("series/v1.sds"), Files.readAllBytes(f));
        Path copy = tmp.resolve("copy.sds");
        Files.copy(GOLDEN.resolve("series/v1.sds"), copy);
        try (SeriesRegistry r = SeriesRegistry.open(dev.sundial.fs.FileLayer.REAL, new dev.sundial.fs.Quarantine(dev.sundial.fs.FileLayer.REAL, copy.resolveSibling("quarantine")), copy, 3)) {
            assertThat(r.size()).isEqualTo(3);
            assertThat(r.key(1)).isEqualTo(SeriesKey.of("host_1"));
            assertThat(r.key(2)).isEqualTo(SeriesKey.of("h ö,=\"x", "us"));
            assertThat(r.problems()).isEmpty();
        }
    }

    @Test
    void walWriteRecordV1() throws IOException {
        WriteRecordEncoder e = new WriteRecordEncoder();
        WriteRecordEncoder.TableRows t = e.table(3);
        t.beginRow(0, T0, 2);
        t.putDouble(0, -0.0);
        t.putLong(1, Long.MAX_VALUE);
        t.endRow();
        t.beginRow(1, T0 - 5, 2);
        t.putBoolean(2, true);
        t.putString(3, "héllo");
        t.endRow();
        GrowableBytes g = e.finish(new int[] {0}, new WriteRecordEncoder.SeriesDefinitions[] {id -> new String[] {"a" + id, null}});
        compareOrWrite(GOLDEN.resolve("wal-record/v1.bin"), g.toByteArray());
        byte[] golden = Files.readAllBytes(GOLDEN.resolve("wal-record/v1.bin"));
        RecordingVisitor recorder = new RecordingVisitor(true);
        WriteRecordDecoder.decode(golden, 0, golden.length, recorder);
        List<String> seen = recorder.calls;
        assertThat(seen).containsExactly("table 3", "series 0 [a0, null]", "series 1 [a1, null]", "row 0 " + T0,
                "d 0 " + Double.doubleToRawLongBits(-0.0), "l 1 " + Long.MAX_VALUE, "end", "row 1 " + (T0 - 5), "b 2 true", "s 3 héllo", "end");
    }
}
