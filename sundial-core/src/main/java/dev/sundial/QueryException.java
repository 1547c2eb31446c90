package dev.sundial;

/**
 * A SQL statement failed: a syntax error, an unknown name, a type error, a limit, a timeout, or an
 * error while reading. {@link #position()} is the 1-based character offset in the statement text
 * (0 when the error has no position); {@link #line()} and {@link #column()} are 1-based too.
 * {@link #describe()} renders the message with the statement line and a caret under the spot.
 * Immutable.
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
     *
     * A line longer than {@value #MAX_SHOWN} code points is cut to that many around the caret, with
     * "..." where it was cut, so that a generated statement of thousands of terms still gives a
     * short message.
     */
    public String describe() {
        if (sql == null || line <= 0 || column <= 0) {
            return getMessage();
        }
        String[] lines = sql.split("\r\n|\r|\n", -1);
        if (line > lines.length) {
            return getMessage();
        }
        int[] text = lines[line - 1].replace('\t', ' ').codePoints().toArray();
        int caret = Math.min(column, text.length + 1) - 1; // code points before the caret
        int from = 0;
        int to = text.length;
        if (text.length > MAX_SHOWN) {
            // a long line (a generated statement, thousands of terms) is shown around the caret only
            from = Math.max(0, Math.min(caret - SHOWN_BEFORE, text.length - MAX_SHOWN));
            to = Math.min(text.length, from + MAX_SHOWN);
        }
        String before = from > 0 ? "..." : "";
        String shown = before + new String(text, from, to - from) + (to < text.length ? "..." : "");
        return getMessage() + "\n  " + shown + "\n  " + " ".repeat(before.length() + caret - from) + "^";
    }

    /** Longest part of a statement line {@link #describe()} shows (in code points), as psql does. */
    private static final int MAX_SHOWN = 100;
    /** How much of a long line is shown before the caret. */
    private static final int SHOWN_BEFORE = 60;
}
