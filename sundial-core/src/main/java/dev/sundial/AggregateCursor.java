package dev.sundial;

import java.time.Instant;
import java.util.List;

/**
 * The rows of one {@link Table#aggregate}, streamed: per group of tag values (in {@link #groupBy()}
 * order) and per bucket, the aggregate of each of {@link #columns()}; groups in order of their tag
 * values, each group's buckets in time order. Only buckets holding rows appear. {@link #level()}
 * says which rollup level answered. Close it (it holds a snapshot of the table). Not thread-safe.
 */
public final class AggregateCursor implements AutoCloseable {
    private final QueryResult result;
    private final List<String> groupBy;
    private final List<String> columns;
    private final boolean bucketed;
    private final long fixedNanos;

    AggregateCursor(QueryResult result, List<String> groupBy, List<String> columns, boolean bucketed, Instant start) {
        this.result = result;
        this.groupBy = groupBy;
        this.columns = columns;
        this.bucketed = bucketed;
        this.fixedNanos = DataPoint.at(start).build().timestampNanos();
    }

    /** The tags each row is grouped by, in the order {@link #tag(int)} reads them. */
    public List<String> groupBy() {
        return groupBy;
    }

    /** The value columns aggregated, in the order {@link #value(int)} reads them. */
    public List<String> columns() {
        return columns;
    }

    /**
     * The rollup level read: {@code 1m}, {@code 1h}, … (the coarsest, when levels tile the range;
     * edges, the not yet rolled-up tail and dirty buckets are read raw all the same), or {@code raw}.
     */
    public String level() {
        String l = result == null ? null : result.rollupLevel();
        return l == null ? "raw" : l;
    }

    /** Advances to the next row; false at the end. */
    public boolean next() {
        return result != null && result.next();
    }

    /** The row's bucket start (epoch nanoseconds), or the request's start without an interval. */
    public long timestampNanos() {
        return bucketed ? result.getLong(groupBy.size()) : fixedNanos;
    }

    /** Value of the i-th group-by tag; null for series without that tag. */
    public String tag(int i) {
        return result.isNull(i) ? null : result.getString(i);
    }

    /** Aggregate of the c-th column: Double, Long (count; sum, min, max, first, last of BIGINT), or null. */
    public Object value(int c) {
        int col = groupBy.size() + (bucketed ? 1 : 0) + c;
        return result.getObject(col);
    }

    @Override
    public void close() {
        if (result != null) {
            result.close();
        }
    }
}
