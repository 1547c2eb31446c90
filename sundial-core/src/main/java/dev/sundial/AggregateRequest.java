package dev.sundial;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregation of a table as the seed's {@code downsample}/{@code query} and the REST query ask
 * for it, run by {@link Table#aggregate}: value columns aggregated over [start, end), per bucket
 * of {@code interval} (or over the whole range), per group of tag values, over the series that
 * {@code where} selects. It is answered in SQL, so the planner picks the rollup level (DESIGN §7).
 * Immutable.
 *
 * @param start       inclusive
 * @param end         exclusive; before {@code start} is an error, equal to it an empty answer
 * @param interval    bucket width ({@code time_bucket}: buckets start at multiples of the width since
 *                    1970-01-01T00:00:00Z, rows ≥ {@code start} only); null: one value per group over
 *                    the whole range, stamped {@code start}
 * @param groupBy     tag columns to group by; null: every tag column (one group per series, as
 *                    {@code downsample}); empty: all selected series together
 * @param where       which series (tag predicates only, so rollups stay usable)
 * @param columns     value columns to aggregate; empty: every DOUBLE and BIGINT column. Other types
 *                    only with {@code count}
 * @param aggregation the aggregate
 * @param limit       most rows returned (ask for one more than you accept to learn there are more)
 */
public record AggregateRequest(Instant start, Instant end, Duration interval, List<String> groupBy, TagFilter where,
                               List<String> columns, RollupAggregation aggregation, long limit) {
    public AggregateRequest {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(aggregation, "aggregation");
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        columns = List.copyOf(columns);
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("cannot aggregate with interval " + interval + ": it must be positive");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("cannot aggregate [start=" + start + ", end=" + end + "): start is after end");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("cannot aggregate with limit " + limit + ": it must be positive");
        }
    }

    /** The statement, its parameters and what its result columns are. */
    record Sql(String text, Object[] params, List<String> groupBy, List<String> columns) {
    }

    /**
     * The SQL statement answering this request on a table of {@code schema}; throws
     * IllegalArgumentException naming an unknown tag or column, or a column the aggregate cannot read.
     * Rows are ordered by group, then time: series then time, as {@code downsample} promises.
     */
    Sql toSql(String table, TableSchema schema) {
        List<String> tags = groupBy == null ? schema.tags() : groupBy;
        for (String t : tags) {
            if (schema.tagIndex(t) < 0) {
                throw new IllegalArgumentException("cannot group table " + table + " by " + t + ": no such tag column (tags: "
                        + schema.tags() + ")");
            }
        }
        List<String> cols = new ArrayList<>();
        if (columns.isEmpty()) {
            for (ColumnDef c : schema.values()) {
                if (numeric(c.type())) {
                    cols.add(c.name());
                }
            }
        } else {
            for (String c : columns) {
                int i = schema.valueIndex(c);
                if (i < 0) {
                    throw new IllegalArgumentException("cannot aggregate column " + c + " of table " + table
                            + ": no such value column (columns: " + schema.values().stream().map(ColumnDef::name).toList() + ")");
                }
                ColumnType type = schema.value(i).type();
                if (!numeric(type) && aggregation != RollupAggregation.COUNT) {
                    throw new IllegalArgumentException("cannot aggregate column " + c + " of table " + table + " with "
                            + aggregation + ": it is " + type + " (only count reads BOOLEAN and VARCHAR columns)");
                }
                cols.add(c);
            }
        }
        String ts = quote(schema.timestampColumn());
        List<Object> params = new ArrayList<>(List.of(start, end));
        List<String> keys = new ArrayList<>();
        for (String t : tags) {
            keys.add(quote(t));
        }
        if (interval != null) {
            keys.add("time_bucket('" + interval.toNanos() + " nanoseconds', " + ts + ")");
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String k : keys) {
            sql.append(k).append(", ");
        }
        for (String c : cols) {
            sql.append(aggregation.sql(quote(c), ts)).append(", ");
        }
        sql.setLength(sql.length() - 2);
        sql.append(" FROM ").append(quote(table)).append(" WHERE ").append(ts).append(" >= $1 AND ").append(ts).append(" < $2");
        for (TagFilter.Predicate p : where.predicates()) {
            if (schema.tagIndex(p.tag()) < 0) {
                throw new IllegalArgumentException("cannot filter table " + table + " by " + p.tag() + ": no such tag column (tags: "
                        + schema.tags() + ")");
            }
            sql.append(" AND ").append(predicate(p, params));
        }
        if (!keys.isEmpty()) {
            String list = String.join(", ", keys);
            sql.append(" GROUP BY ").append(list).append(" ORDER BY ").append(list);
        }
        if (limit != Long.MAX_VALUE) {
            sql.append(" LIMIT ").append(limit);
        }
        return new Sql(sql.toString(), params.toArray(), tags, cols);
    }

    private static boolean numeric(ColumnType t) {
        return t == ColumnType.DOUBLE || t == ColumnType.BIGINT;
    }

    /**
     * A tag predicate in SQL with its values as parameters. {@code !=} and {@code NOT IN} also match
     * series without the tag, as {@link TagFilter} defines them (SQL alone would drop the NULLs);
     * a regex must match the whole value, as {@link TagFilter.Matches} does.
     */
    private static String predicate(TagFilter.Predicate p, List<Object> params) {
        String tag = quote(p.tag());
        return switch (p) {
            case TagFilter.Equals e -> tag + " = " + param(params, e.value());
            case TagFilter.NotEquals e -> "(" + tag + " IS NULL OR " + tag + " <> " + param(params, e.value()) + ")";
            case TagFilter.In in -> tag + " IN (" + list(in.values(), params) + ")";
            case TagFilter.NotIn in -> "(" + tag + " IS NULL OR " + tag + " NOT IN (" + list(in.values(), params) + "))";
            case TagFilter.Matches m -> tag + " ~ " + param(params, "^(?:" + m.pattern().pattern() + ")$");
        };
    }

    private static String list(java.util.Set<String> values, List<Object> params) {
        if (values.isEmpty()) {
            return "NULL"; // IN (NULL) matches nothing, as an empty set should
        }
        List<String> refs = new ArrayList<>();
        for (String v : values.stream().sorted().toList()) {
            refs.add(param(params, v));
        }
        return String.join(", ", refs);
    }

    private static String param(List<Object> params, Object value) {
        params.add(value);
        return "$" + params.size();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
