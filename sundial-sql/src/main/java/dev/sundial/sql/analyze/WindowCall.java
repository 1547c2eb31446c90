package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.function.AggregateKind;
import java.util.List;

/**
 * One window function of a query, resolved: what it computes, its arguments, PARTITION BY and
 * ORDER BY expressions (all over the window's input: the table's or subquery's rows, or the groups
 * of an aggregation) and its frame. {@link #slot} is the input column the
 * {@link dev.sundial.sql.exec.WindowOperator} writes the result to, fixed once the query's
 * analysis knows the input's width. Immutable after analysis.
 *
 * @param function    the window function, or AGGREGATE for an aggregate over the frame
 * @param aggregate   the aggregate of an AGGREGATE, else null
 * @param args        arguments as written (lag's value, offset and default; nth_value's value and n)
 * @param filter      FILTER (WHERE …) of a window aggregate, or null
 * @param orderDesc   per ORDER BY key, descending
 * @param nullsFirst  per ORDER BY key, NULLs first
 * @param param       ntile's bucket count, nth_value's n, derivative's unit in nanoseconds
 * @param fraction    percentile / median: the fraction in [0, 1]
 * @param text        as written, for column names and EXPLAIN
 */
public record WindowCall(Function function, AggregateKind aggregate, List<Eval> args, Eval filter, List<Eval> partition,
                         List<Eval> order, boolean[] orderDesc, boolean[] nullsFirst, WindowFrame frame, long param,
                         double fraction, SqlType type, String text, int[] slotHolder) {

    /** The functions that are not aggregates. */
    public enum Function {
        ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
        DELTA, RATE, DERIVATIVE, AGGREGATE;

        /** True when the result depends on the frame (the others see the whole partition). */
        public boolean usesFrame() {
            return this == FIRST_VALUE || this == LAST_VALUE || this == NTH_VALUE || this == AGGREGATE;
        }
    }

    /** The input column the result is written to. */
    public int slot() {
        if (slotHolder[0] < 0) {
            throw new IllegalStateException("BUG: window function " + text + " has no slot");
        }
        return slotHolder[0];
    }

    void assignSlot(int slot) {
        slotHolder[0] = slot;
    }

    /** A key equal for calls with the same PARTITION BY and ORDER BY: they share one sort. */
    public String sortKey() {
        StringBuilder sb = new StringBuilder();
        for (Eval p : partition) {
            sb.append(p.describe()).append('\u0001');
        }
        sb.append('|');
        for (int i = 0; i < order.size(); i++) {
            sb.append(order.get(i).describe()).append(orderDesc[i] ? " d" : " a").append(nullsFirst[i] ? "f" : "l").append('\u0001');
        }
        return sb.toString();
    }
}
