package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@code GROUP BY time_bucket(…) ORDER BY bucket DESC LIMIT n}: instead of aggregating the whole time
 * range, aggregates only a window ending at the range's end that should hold the newest n buckets,
 * and widens it (doubling) until it yields at least n groups or covers the range. The sort and limit
 * above it are unchanged, so the result is the same as a full scan; on a day of data the newest five
 * minutes read a few chunks instead of all of them.
 */
public final class NewestBucketsOperator extends Operator {
    private final LongFunction<Operator> aggregateFrom;
    private final long from;
    private final long firstWindowStart;
    private final long needed;
    private final long initialSpan;
    private Operator current;
    private boolean done;
    private int attempts;

    /**
     * @param aggregateFrom    builds the aggregation over [windowStart, end of range)
     * @param firstWindowStart start of the first window tried
     * @param initialSpan      how far the window grows back the first time it is too short (doubling after)
     * @param needed           groups needed (LIMIT + OFFSET)
     */
    public NewestBucketsOperator(QueryContext ctx, List<ResultColumn> columns, LongFunction<Operator> aggregateFrom, long from,
                                 long firstWindowStart, long initialSpan, long needed) {
        super(ctx, columns);
        this.aggregateFrom = aggregateFrom;
        this.from = from;
        this.firstWindowStart = firstWindowStart;
        this.needed = needed;
        this.initialSpan = initialSpan;
    }

    @Override
    protected Batch produce() {
        if (done) {
            return null;
        }
        done = true;
        long start = Math.max(from, firstWindowStart);
        long span = Math.max(1, initialSpan);
        while (true) {
            attempts++;
            current = aggregateFrom.apply(start);
            Batch b = current.next();
            int groups = b == null ? 0 : b.size;
            if (groups >= needed || start <= from) {
                return b;
            }
            current.close();
            current = null;
            long next = start - span;
            span = span > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : span * 2;
            start = next > start || next < from ? from : next; // overflow or past the range start: take it all
        }
    }

    @Override
    public List<Operator> children() {
        return current == null ? List.of() : List.of(current);
    }

    @Override
    public String explain() {
        return "NewestBuckets need=" + needed + (ctx.analyze() ? " windows tried=" + attempts : "");
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
