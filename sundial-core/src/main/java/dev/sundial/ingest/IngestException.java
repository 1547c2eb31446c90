package dev.sundial.ingest;

/**
 * A bad entry of an input text: names the 1-based line, the 1-based column (in bytes) and the reason.
 * The message reads {@code line L:C: reason}. Readers that throw it stay usable: the next call goes
 * on with the next line (CSV: the next record), so that a caller can skip bad entries and count them.
 *
 * <p>Immutable.
 */
public class IngestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final int column;
    private final String reason;

    /**
     * @param line   1-based line number where the problem is
     * @param column 1-based column in bytes within that line
     * @param reason what is wrong, without the position
     */
    public IngestException(long line, int column, String reason) {
        super("line " + line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** 1-based line number. */
    public long line() {
        return line;
    }

    /** 1-based column, counted in bytes from the start of the line. */
    public int column() {
        return column;
    }

    /** The reason alone, without position. */
    public String reason() {
        return reason;
    }
}
