package dev.sundial.segment;

import dev.sundial.bytes.ByteReader;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.fs.ChecksummedFile;
import dev.sundial.fs.CorruptFileException;
import dev.sundial.head.ChunkCodec;
import dev.sundial.head.SealedChunk;
import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesRegistry;
import dev.sundial.partition.Manifest;
import dev.sundial.table.Catalog;
import dev.sundial.table.ColumnBatch;
import dev.sundial.wal.WriteRecordDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Arbitrary bytes fed to every decoder of Sundial's own storage formats: segment files (open,
 * verify, read and decode every chunk), manifest and catalog bodies inside a valid envelope (so the
 * fuzzer reaches past the checksum), and WAL write-record payloads. Each must end in a value or its
 * documented exception — never another exception, a hang or an out-of-memory.
 *
 * <p>Regression seeds: {@code src/test/resources/dev/sundial/segment/StorageFormatsFuzzTestInputs/}.
 */
class StorageFormatsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void segmentFile(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("seg-fuzz");
        try {
            Path f = dir.resolve("seg-1.sdseg");
            Files.write(f, data);
            SegmentReader r;
            try {
                r = SegmentReader.open(dev.sundial.fs.FileLayer.REAL, f);
            } catch (CorruptFileException expected) {
                return;
            }
            try {
                try {
                    r.verify();
                } catch (CorruptFileException expected) {
                    // continue: reads must still fail cleanly chunk by chunk
                }
                ColumnBatch out = new ColumnBatch(new int[] {0, 1, 2, 3}, 16);
                for (ChunkMeta m : r.allChunks()) {
                    try {
                        SealedChunk c = r.readChunk(m);
                        ChunkCodec.decode(c, out);
                    } catch (CorruptFileException | dev.sundial.codec.CorruptEncodingException expected) {
                        // the documented failures
                    }
                }
            } finally {
                r.release();
            }
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void manifestBody(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("manifest-fuzz");
        try {
            Path f = dir.resolve("manifest.sdm");
            ChecksummedFile.write(dev.sundial.fs.FileLayer.REAL, f, 0x53444D46, 1 + (data.length & 1), data, data.length); // versions 1 and 2
            try {
                Manifest.read(dev.sundial.fs.FileLayer.REAL, f, dev.sundial.table.PartitionGranularity.DAY);
            } catch (CorruptFileException expected) {
                // documented
            }
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void catalogBody(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("catalog-fuzz");
        try {
            Path f = dir.resolve("catalog.sdc");
            for (int version = 1; version <= 2; version++) { // both bodies still read
                ChecksummedFile.write(dev.sundial.fs.FileLayer.REAL, f, 0x53444341, version, data, data.length);
                try {
                    Catalog.open(dev.sundial.fs.FileLayer.REAL, f);
                } catch (CorruptFileException expected) {
                    // documented
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void seriesRegistryFile(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("series-fuzz");
        try {
            Path f = dir.resolve("series.sds");
            Files.write(f, data);
            java.util.List<SeriesKey> read = new java.util.ArrayList<>();
            try (SeriesRegistry r = SeriesRegistry.open(dev.sundial.fs.FileLayer.REAL, new dev.sundial.fs.Quarantine(dev.sundial.fs.FileLayer.REAL, f.resolveSibling("quarantine")), f, 3)) {
                for (int i = 0; i < r.size(); i++) {
                    read.add(r.key(i));
                }
                // the next append cuts what the open could not read, then appends after the good records
                if (r.find(SeriesKey.of("fuzz-new")) < 0) {
                    read.add(SeriesKey.of("fuzz-new"));
                    r.getOrCreate(SeriesKey.of("fuzz-new"));
                    r.persistPending();
                }
            } catch (CorruptFileException expected) {
                return;
            }
            // a second open finds nothing more to cut and the same series: recovery converges
            try (SeriesRegistry again = SeriesRegistry.open(dev.sundial.fs.FileLayer.REAL, new dev.sundial.fs.Quarantine(dev.sundial.fs.FileLayer.REAL, f.resolveSibling("quarantine")), f, 3)) {
                if (!again.problems().isEmpty() || !again.repairs().isEmpty() || again.size() != read.size()) {
                    throw new AssertionError("recovery did not converge: " + again.problems() + again.repairs());
                }
                for (int i = 0; i < read.size(); i++) {
                    if (!again.key(i).equals(read.get(i))) {
                        throw new AssertionError("series " + i + " changed: " + read.get(i) + " -> " + again.key(i));
                    }
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void walWriteRecord(byte[] data) {
        try {
            WriteRecordDecoder.decode(data, 0, data.length, new CountingVisitor());
        } catch (ByteReader.IndexFormatException | IllegalArgumentException expected) {
            // documented
        }
    }

    /** Accepts everything, so the decoder walks the whole input. */
    private static final class CountingVisitor implements WriteRecordDecoder.Visitor {
        long n;

        @Override
        public boolean table(int tableId) {
            return (tableId & 1) == 0;
        }

        @Override
        public void series(int seriesId, String[] tags) {
            n += tags.length;
        }

        @Override
        public void row(int seriesId, long ts) {
            n++;
        }

        @Override
        public void doubleField(int column, double v) {
            n++;
        }

        @Override
        public void longField(int column, long v) {
            n++;
        }

        @Override
        public void booleanField(int column, boolean v) {
            n++;
        }

        @Override
        public void stringField(int column, String v) {
            n += v.length();
        }

        @Override
        public void endRow() {
            n++;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
