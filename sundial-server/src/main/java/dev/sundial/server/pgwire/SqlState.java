package dev.sundial.server.pgwire;

import dev.sundial.QueryException;
import dev.sundial.server.http.HttpError;

/**
 * SQLSTATE codes, and the code of an engine error. The engine's {@link QueryException} carries a
 * message and a position but no code, so the code is read from the message: each rule below
 * matches a wording that the engine produces in exactly one place in {@code sundial-sql} (named in
 * the comment), and {@code PgWireJdbcTest} runs statements of the common rules through pgjdbc. A
 * wording that matches no rule is {@code XX000} (internal error): a client still sees the message.
 * When the engine gains error codes, this class reads them instead. Stateless and thread-safe.
 */
final class SqlState {
    static final String SYNTAX_ERROR = "42601";
    static final String UNDEFINED_TABLE = "42P01";
    static final String UNDEFINED_COLUMN = "42703";
    static final String AMBIGUOUS_COLUMN = "42702";
    static final String UNDEFINED_FUNCTION = "42883";
    static final String DIVISION_BY_ZERO = "22012";
    static final String NUMERIC_OUT_OF_RANGE = "22003";
    static final String INVALID_TEXT_REPRESENTATION = "22P02";
    static final String BAD_COPY_FILE_FORMAT = "22P04";
    static final String QUERY_CANCELED = "57014";
    static final String INSUFFICIENT_RESOURCES = "53000";
    static final String OUT_OF_MEMORY = "53200";
    static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    static final String STATEMENT_TOO_COMPLEX = "54001";
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String INVALID_SQL_STATEMENT_NAME = "26000";
    static final String INVALID_CURSOR_NAME = "34000";
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    static final String CANNOT_CONNECT_NOW = "57P03";
    static final String IDLE_SESSION_TIMEOUT = "57P05";
    static final String INTERNAL_ERROR = "XX000";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String CARDINALITY_VIOLATION = "21000";
    static final String DATATYPE_MISMATCH = "42804";
    static final String WINDOWING_ERROR = "42P20";

    private SqlState() {
    }

    /** The SQLSTATE of an error thrown while a statement was prepared or run. */
    static String of(RuntimeException e) {
        if (e instanceof HttpError h) {
            // QuerySlots (no slot within limits.query_queue_ms) and DatabaseSlot (opening, closing)
            return h.status() == 503 ? INSUFFICIENT_RESOURCES : INTERNAL_ERROR;
        }
        if (e instanceof dev.sundial.server.pgwire.catalog.UnsupportedCatalogQuery) {
            return FEATURE_NOT_SUPPORTED;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("syntax error") && (m.contains(": window frames with GROUPS are not supported")
                || m.contains(": window frames with EXCLUDE are not supported"))) { // parser.WindowSyntax
            return FEATURE_NOT_SUPPORTED;
        }
        if (m.startsWith("window functions are not allowed") || m.startsWith("window function calls cannot be nested")
                || m.startsWith("aggregate function calls cannot contain window function calls")) { // analyze.WindowAnalyzer
            return WINDOWING_ERROR;
        }
        if (m.startsWith("syntax error") && m.contains(": statement nested too deeply")) { // parser.NestingGuard
            return STATEMENT_TOO_COMPLEX;
        }
        if (m.startsWith("syntax error")) { // parser.SyntaxError
            return SYNTAX_ERROR;
        }
        if (m.startsWith("table \"") && m.contains("\" does not exist")) { // analyze.SelectAnalyzer
            return UNDEFINED_TABLE;
        }
        if (m.startsWith("missing FROM-clause entry for table")) { // analyze.Scope.resolve: an unknown qualifier
            return UNDEFINED_TABLE;
        }
        if (m.startsWith("column \"") && m.contains("\" does not exist")) { // analyze.Scope.resolve
            return UNDEFINED_COLUMN;
        }
        if (m.startsWith("column reference \"") && m.contains("is ambiguous")) { // analyze.Scope.resolve
            return AMBIGUOUS_COLUMN;
        }
        if (m.startsWith("function ") && m.contains("() does not exist")) { // analyze.ExprAnalyzer
            return UNDEFINED_FUNCTION;
        }
        if (m.startsWith("division by zero")) { // exec, four operators
            return DIVISION_BY_ZERO;
        }
        if (m.startsWith("canceling statement")) { // timeout and interruption, worded as PostgreSQL's
            return QUERY_CANCELED;
        }
        if (m.startsWith("query needs more memory than its limit")) { // exec.MemoryBudget
            return OUT_OF_MEMORY;
        }
        if (m.startsWith("stack depth limit exceeded") || m.startsWith("expression too deeply nested")) {
            return STATEMENT_TOO_COMPLEX;
        }
        if (m.startsWith("bigint out of range") || m.startsWith("timestamp out of range")) {
            return NUMERIC_OUT_OF_RANGE;
        }
        if (m.startsWith("cannot cast '")) { // a text that is not a value of the target type
            return INVALID_TEXT_REPRESENTATION;
        }
        if (m.startsWith("numeric field overflow")) { // analyze.ScalarCalls: NUMERIC(p, s) casts
            return NUMERIC_OUT_OF_RANGE;
        }
        if (m.startsWith("cannot parse '") && m.contains("' with format '")) { // function.DateTimeTemplate
            return "22007"; // invalid_datetime_format
        }
        // query composition (analyze.SubqueryExpressions, analyze.QueryComposer, analyze.CorrelatedSubqueryEval)
        if (m.startsWith("more than one row returned by a subquery")) {
            return CARDINALITY_VIOLATION;
        }
        if (m.matches("(?s)^each (UNION|INTERSECT|EXCEPT) query must have the same number of columns.*")
                || m.startsWith("subquery has too many columns") || m.startsWith("subquery must return only one column")) {
            return SYNTAX_ERROR;
        }
        if (m.matches("(?s)^(UNION|INTERSECT|EXCEPT) types \\S+ and \\S+ cannot be matched.*")) {
            return DATATYPE_MISMATCH;
        }
        if (m.startsWith("correlated subqueries are not supported")) {
            return FEATURE_NOT_SUPPORTED;
        }
        if (m.startsWith("cannot run correlated subquery: more than")) {
            return PROGRAM_LIMIT_EXCEEDED;
        }
        return INTERNAL_ERROR;
    }

    /** An engine error as a {@link PgError}; {@code positionOffset} is added to a known position. */
    static PgError toPgError(RuntimeException e, int positionOffset) {
        if (e instanceof PgError p) {
            return p;
        }
        int position = e instanceof QueryException q && q.position() > 0 ? q.position() + positionOffset : 0;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return PgError.error(of(e), position > 0 ? withoutLineAndColumn(message) : message, position, e);
    }

    /**
     * The engine's message without the line and column it names (analyze.Errors, parser.SyntaxError,
     * parser.ExpressionDepth): they count from the start of the one statement, while the position
     * field counts from the start of the whole Query message, and a client shows that one (psql's
     * {@code LINE 2:} and caret); both would disagree after a first statement.
     */
    static String withoutLineAndColumn(String m) {
        return m.replaceFirst("^syntax error at line \\d+, column \\d+:", "syntax error:")
                .replaceFirst("^(expression too deeply nested: \\d+ levels) at line \\d+, column \\d+", "$1")
                .replaceFirst(" \\(line \\d+, column \\d+\\)$", "");
    }
}
