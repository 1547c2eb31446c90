package dev.sundial.sql.analyze;

import dev.sundial.sql.parser.Expr.BoundKind;

/**
 * A window frame after analysis: ROWS or RANGE, and its two bounds with their offsets (a Long —
 * rows, a BIGINT or nanoseconds of an INTERVAL for a TIMESTAMP ORDER BY — or a Double; null for
 * UNBOUNDED and CURRENT ROW). {@link #DEFAULT} is PostgreSQL's default frame, RANGE BETWEEN
 * UNBOUNDED PRECEDING AND CURRENT ROW; without ORDER BY every row is a peer, so it is the whole
 * partition. Immutable.
 */
public record WindowFrame(boolean rows, BoundKind startKind, Number startOffset, BoundKind endKind, Number endOffset) {
    public static final WindowFrame DEFAULT = new WindowFrame(false, BoundKind.UNBOUNDED_PRECEDING, null, BoundKind.CURRENT_ROW, null);

    /** The frame as SQL, for EXPLAIN. */
    public String describe() {
        return (rows ? "ROWS" : "RANGE") + " BETWEEN " + bound(startKind, startOffset) + " AND " + bound(endKind, endOffset);
    }

    private static String bound(BoundKind k, Number offset) {
        return switch (k) {
            case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
            case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
            case CURRENT_ROW -> "CURRENT ROW";
            case PRECEDING -> offset + " PRECEDING";
            case FOLLOWING -> offset + " FOLLOWING";
        };
    }
}
