package dev.sundial;

/**
 * A SQL statement failed: a syntax error, an unknown name, a type error, a limit, a timeout, or an
 * error while reading. {@link #position()} is the 1-based character offset in the statement text
 * (0 when the error has no position); {@link #line()} and {@link #column()} are 1-based too.
 * {@link #describe()} renders the message with the statement line and a caret under the spot.
 */
public class QueryException extends RuntimeException {
    private final String sql;
    private final int position;
    private final int line;
    private final int column;

    public QueryException(String message) {
        this(message, null, 0, 0, 0, null);
    }

    public QueryException(String message, Throwable cause) {
        this(message, null, 0, 0, 0, cause);
    }

    public QueryException(String message, String sql, int position, int line, int column, Throwable cause) {
        super(message, cause);
        this.sql = sql;
        this.position = position;
        this.line = line;
        this.column = column;
    }

    /** 1-based character offset of the error in the statement, or 0. */
    public int position() {
        return position;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The statement, when known. */
    public String sql() {
        return sql;
    }

    /**
     * The message, then (when the position is known) the offending line of the statement and a
     * caret under the column, as psql shows it:
     *
     * <pre>
     * syntax error at line 1, column 8: unexpected 'FORM'
     *   SELECT FORM cpu
     *          ^
     * </pre>
     */
    public String describe() {
        if (sql == null || line <= 0 || column <= 0) {
            return getMessage();
        }
        String[] lines = sql.split("\r\n|\r|\n", -1);
        if (line > lines.length) {
            return getMessage();
        }
        String text = lines[line - 1].replace('\t', ' ');
        int col = Math.min(column, text.length() + 1);
        return getMessage() + "\n  " + text + "\n  " + " ".repeat(col - 1) + "^";
    }
}
