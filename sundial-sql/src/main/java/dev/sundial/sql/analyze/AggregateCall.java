package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.function.AggregateKind;

/**
 * One aggregate of a query, resolved: its kind, argument(s) over the input columns, result type.
 *
 * @param arg      the argument, or null for count(*)
 * @param arg2     first/last: the ordering timestamp; null otherwise
 * @param fraction percentile: the requested fraction in [0, 1]
 * @param text     as written, for column names and EXPLAIN
 * @param filter   the condition of {@code FILTER (WHERE …)}, over the input columns, or null: only
 *                 rows where it is true are aggregated (push-down to chunk statistics and rollups is
 *                 then refused, they cannot honour it)
 * @param param    what else a kind needs, or null: percentile_disc its ordering (Boolean descending);
 *                 derivative its unit (Long nanoseconds); histogram its {@code double[] {min, max, n}};
 *                 time_weight its method ("LOCF" or "LINEAR")
 */
public record AggregateCall(AggregateKind kind, Eval arg, Eval arg2, double fraction, SqlType type, String text,
                            Eval filter, Object param) {

    public AggregateCall(AggregateKind kind, Eval arg, Eval arg2, double fraction, SqlType type, String text) {
        this(kind, arg, arg2, fraction, type, text, null, null);
    }

    /** The value column slot the argument reads when it is a plain column (push-down needs it), else -1. */
    public int plainColumnSlot() {
        return arg instanceof ColumnEval c ? c.slot : -1;
    }
}
