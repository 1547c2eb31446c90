package dev.sundial.cli;

import dev.sundial.bytes.CountingInputStream;
import dev.sundial.ingest.CsvPointReader;
import dev.sundial.ingest.CsvReadOptions;
import dev.sundial.ingest.IngestException;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A file being imported, whatever its format: yields parsed points, how many bytes of the file
 * (compressed bytes for .gz) were consumed, for the progress bar, and how many bytes of text were
 * decoded, for bounding the size of a batch.
 */
abstract class PointSource implements Closeable {
    protected final CountingInputStream counted;
    private boolean csv;

    PointSource(CountingInputStream counted) {
        this.counted = counted;
    }

    /** Whether the source reads CSV (whose series come only from the tag columns it was told of). */
    boolean csv() {
        return csv;
    }

    abstract boolean next(ParsedPoint into) throws IOException, IngestException;

    long bytesRead() {
        return counted.count();
    }

    /** Bytes of (uncompressed) text the reader has taken from the stream so far, read-ahead included. */
    abstract long textBytes();

    static PointSource open(String name, String format, Precision precision, String table, List<String> tags,
                            String timestampColumn, int maxLineBytes) throws IOException {
        InputStream raw = name.equals("-") ? System.in : Files.newInputStream(Path.of(name));
        return open(name, raw, format, precision, table, tags, timestampColumn, maxLineBytes);
    }

    /**
     * Opens a source over an already open stream (closed with the source); a line (line protocol) or
     * record (CSV) longer than {@code maxLineBytes} is a bad line, skipped without being held whole.
     */
    static PointSource open(String name, InputStream raw, String format, Precision precision, String table, List<String> tags,
                            String timestampColumn, int maxLineBytes) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        InputStream in = new BufferedInputStream(counted, 1 << 16);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        String fmt = format.equals("auto") ? (base.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? "csv" : "lp") : format;
        switch (fmt) {
            case "lp":
                LineProtocolReader lp = new LineProtocolReader(in, precision, maxLineBytes);
                return new ReaderSource(counted, lp::next, lp::bytesRead, lp);
            case "csv":
                String t = table != null ? table : Path.of(base).getFileName().toString().replaceFirst("\\.[^.]*$", "");
                CsvReadOptions o = CsvReadOptions.of(t).withPrecision(precision).withMaxRecordBytes(maxLineBytes);
                if (tags != null) {
                    o = o.withTagColumns(tags);
                }
                if (timestampColumn != null) {
                    o = o.withTimestampColumn(timestampColumn);
                }
                CsvPointReader csv = new CsvPointReader(in, o);
                PointSource src = new ReaderSource(counted, csv::next, csv::bytesRead, csv);
                src.csv = true;
                return src;
            default:
                in.close();
                throw new IllegalArgumentException("cannot import " + name + ": unknown --format '" + format + "' (lp, csv or auto)");
        }
    }

    /** The next-point method of the line-protocol or the CSV reader. */
    @FunctionalInterface
    private interface NextPoint {
        boolean next(ParsedPoint into) throws IOException, IngestException;
    }

    private static final class ReaderSource extends PointSource {
        private final NextPoint next;
        private final LongSupplier textBytes;
        private final Closeable reader;

        ReaderSource(CountingInputStream counted, NextPoint next, LongSupplier textBytes, Closeable reader) {
            super(counted);
            this.next = next;
            this.textBytes = textBytes;
            this.reader = reader;
        }

        @Override
        boolean next(ParsedPoint into) throws IOException, IngestException {
            return next.next(into);
        }

        @Override
        long textBytes() {
            return textBytes.getAsLong();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
