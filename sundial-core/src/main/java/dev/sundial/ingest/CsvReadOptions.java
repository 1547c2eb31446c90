package dev.sundial.ingest;

import java.util.List;
import java.util.Objects;

/**
 * Options of {@link CsvPointReader}. Immutable; build with {@link #of(String)} and the {@code with}
 * methods.
 *
 * @param measurement     table (measurement) of every point, e.g. derived from the file name; required
 * @param tagColumns      columns to read as tags besides those annotated {@code :tag}
 * @param timestampColumn the timestamp column, or null: the one annotated {@code :timestamp}, else the
 *                        one named {@code timestamp}, else the one named {@code time}; when there is
 *                        none, points carry no timestamp and the caller supplies the time
 * @param precision       unit of integer timestamps (ISO-8601 text is always accepted)
 * @param maxRecordBytes  longest record accepted; a longer one is reported and skipped
 */
public record CsvReadOptions(String measurement, List<String> tagColumns, String timestampColumn, Precision precision,
                             int maxRecordBytes) {
    /** Default longest record: 4 MiB, as {@link LineProtocolReader#DEFAULT_MAX_ENTRY_BYTES} (see there why). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 << 20;

    public CsvReadOptions {
        if (measurement == null || measurement.isEmpty()) {
            throw new IllegalArgumentException("cannot read CSV: a measurement (table) name is required");
        }
        tagColumns = List.copyOf(tagColumns);
        Objects.requireNonNull(precision, "precision");
        if (maxRecordBytes < 16) {
            throw new IllegalArgumentException("cannot read CSV: maxRecordBytes=" + maxRecordBytes + " < 16");
        }
    }

    /** Options for {@code measurement}: no extra tags, automatic timestamp column, nanoseconds. */
    public static CsvReadOptions of(String measurement) {
        return new CsvReadOptions(measurement, List.of(), null, Precision.NANOSECONDS, DEFAULT_MAX_RECORD_BYTES);
    }

    public CsvReadOptions withTagColumns(List<String> tags) {
        return new CsvReadOptions(measurement, tags, timestampColumn, precision, maxRecordBytes);
    }

    public CsvReadOptions withTimestampColumn(String column) {
        return new CsvReadOptions(measurement, tagColumns, column, precision, maxRecordBytes);
    }

    public CsvReadOptions withPrecision(Precision p) {
        return new CsvReadOptions(measurement, tagColumns, timestampColumn, p, maxRecordBytes);
    }

    public CsvReadOptions withMaxRecordBytes(int max) {
        return new CsvReadOptions(measurement, tagColumns, timestampColumn, precision, max);
    }
}
