package dev.sundial.ingest;

/**
 * A line-protocol entry that cannot be decoded (syntax, invalid UTF-8, value out of range, duplicate
 * tag key, entry too long). Thrown by {@link LineProtocolReader#next}; the reader is then positioned
 * at the line after the bad one.
 */
public class LineProtocolException extends IngestException {
    private static final long serialVersionUID = 1L;

    public LineProtocolException(long line, int column, String reason) {
        super(line, column, reason);
    }
}
