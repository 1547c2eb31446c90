package dev.sundial.ingest;

/**
 * A CSV record that cannot be turned into a point (bad quoting, wrong number of cells, a cell that
 * does not parse as its column's type, a missing or bad timestamp, invalid UTF-8). Thrown by
 * {@link CsvPointReader#next}; the reader is then positioned at the next record. A bad header is
 * reported the same way, as line 1, and the reader then stays at end of input.
 */
public class CsvFormatException extends IngestException {
    private static final long serialVersionUID = 1L;

    public CsvFormatException(long line, int column, String reason) {
        super(line, column, reason);
    }
}
