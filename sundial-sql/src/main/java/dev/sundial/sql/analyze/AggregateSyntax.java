package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.SelectQuery;
import java.util.List;
import java.util.Locale;

/**
 * Analysis of the aggregate-call syntax and of the aggregates added with it, for
 * {@link ExprAnalyzer}: {@code FILTER (WHERE …)} on any aggregate;
 * {@code percentile_cont(q) / percentile_disc(q) WITHIN GROUP (ORDER BY v [DESC])} with
 * PostgreSQL's semantics; and the time-series aggregates {@code rate(v [, ts])},
 * {@code delta(v [, ts])}, {@code derivative(v, unit [, ts])},
 * {@code time_weighted_avg(v, ts [, 'LOCF' | 'LINEAR'])} (also TimescaleDB Toolkit's spelling
 * {@code average(time_weight('LOCF', ts, v))}) and {@code histogram(v, min, max, n)}. Where the
 * timestamp argument is left out it is the table's timestamp column. One instance per call
 * analyzed; not thread-safe.
 */
final class AggregateSyntax {
    private static final String INSIDE = "inside another aggregate";
    private final ExprAnalyzer exprs;
    private final String sql;

    AggregateSyntax(ExprAnalyzer exprs) {
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    /** Refuses FILTER and WITHIN GROUP where they do not apply. */
    static void checkPlainCall(Expr.Call c, AggregateKind kind) {
        if (kind == null && c.filter() != null) {
            throw new QueryException("FILTER specified, but " + c.name() + "() is not an aggregate function");
        }
        if (!c.withinGroup().isEmpty() && !(c.name().equals("percentile_cont") || c.name().equals("percentile_disc"))) {
            throw new QueryException("WITHIN GROUP specified, but " + c.name()
                    + "() is not an ordered-set aggregate (WITHIN GROUP is supported for percentile_cont and percentile_disc)");
        }
    }

    /** True for the calls this class analyzes rather than ExprAnalyzer's general aggregate path. */
    static boolean handles(Expr.Call c, AggregateKind kind) {
        return !c.withinGroup().isEmpty() || switch (kind) {
            case PERCENTILE_DISC, RATE, DELTA, DERIVATIVE, TIME_WEIGHT, HISTOGRAM -> true;
            default -> false;
        };
    }

    /** The FILTER condition over the rows, or null. */
    Eval filter(Expr.Call c, Scope scope) {
        if (c.filter() == null) {
            return null;
        }
        Eval f = exprs.analyze(c.filter(), scope, null, "in FILTER");
        if (f instanceof ConstEval k && k.value == null) {
            return new ConstEval(SqlType.BOOLEAN, null);
        }
        if (f.type != SqlType.BOOLEAN) {
            throw Errors.at(sql, c.filter().pos(), "FILTER must be a BOOLEAN condition, but " + f.describe() + " is " + f.type.sqlName());
        }
        return f;
    }

    static String filterText(Eval filter) {
        return filter == null ? "" : " FILTER (WHERE " + filter.describe() + ")";
    }

    AggregateCall aggregate(Expr.Call c, AggregateKind kind, Scope scope) {
        if (c.distinct()) {
            throw Errors.at(sql, c.pos(), "DISTINCT is not supported in " + c.name() + "()");
        }
        Eval filter = filter(c, scope);
        String ft = filterText(filter);
        List<Expr> args = c.args();
        if (!c.withinGroup().isEmpty()) {
            return withinGroup(c, kind, scope, filter);
        }
        switch (kind) {
            case PERCENTILE_DISC -> {
                arity(c, 2, 2);
                Eval v = ordered(args.get(0), scope, c.name());
                double q = fraction(args.get(1), scope);
                return new AggregateCall(kind, v, null, q, v.type, text(c, List.of(v), q) + ft, filter, Boolean.FALSE);
            }
            case RATE, DELTA -> {
                arity(c, 1, 2);
                Eval v = numeric(args.get(0), scope, c.name());
                Eval ts = timestamp(c, args.size() == 2 ? args.get(1) : null, scope);
                return new AggregateCall(kind, v, ts, 0, SqlType.DOUBLE, text(c, List.of(v, ts)) + ft, filter, null);
            }
            case DERIVATIVE -> {
                arity(c, 2, 3);
                Eval v = numeric(args.get(0), scope, c.name());
                Eval unit = exprs.coerce(exprs.analyze(args.get(1), scope, null, INSIDE), SqlType.INTERVAL, args.get(1).pos());
                if (!(unit instanceof ConstEval k) || !(k.value instanceof Long nanos) || nanos <= 0) {
                    throw Errors.at(sql, args.get(1).pos(), "the unit of derivative() must be a positive constant interval without"
                            + " months, like INTERVAL '1 second', got " + unit.describe());
                }
                Eval ts = timestamp(c, args.size() == 3 ? args.get(2) : null, scope);
                return new AggregateCall(kind, v, ts, 0, SqlType.DOUBLE, text(c, List.of(v, unit, ts)) + ft, filter, nanos);
            }
            case TIME_WEIGHT -> {
                return timeWeight(c, scope, filter);
            }
            case HISTOGRAM -> {
                arity(c, 4, 4);
                Eval v = numeric(args.get(0), scope, c.name());
                double min = constantNumber(args.get(1), scope, "the minimum of histogram()");
                double max = constantNumber(args.get(2), scope, "the maximum of histogram()");
                double n = constantNumber(args.get(3), scope, "the bucket count of histogram()");
                if (!(min < max)) {
                    throw Errors.at(sql, args.get(1).pos(), "histogram() needs a minimum below its maximum, got " + min + " and " + max);
                }
                if (n != Math.rint(n) || n < 1 || n > 10_000) {
                    throw Errors.at(sql, args.get(3).pos(), "the bucket count of histogram() must be an integer from 1 to 10000, got " + n);
                }
                return new AggregateCall(kind, v, null, 0, SqlType.VARCHAR,
                        "histogram(" + v.describe() + ", " + min + ", " + max + ", " + (long) n + ")" + ft, filter, new double[] {min, max, n});
            }
            default -> throw new IllegalStateException("BUG: AggregateSyntax for " + kind);
        }
    }

    private AggregateCall withinGroup(Expr.Call c, AggregateKind kind, Scope scope, Eval filter) {
        boolean disc = kind == AggregateKind.PERCENTILE_DISC;
        arity(c, 1, 1);
        if (c.withinGroup().size() != 1) {
            throw Errors.at(sql, c.pos(), c.name() + "() WITHIN GROUP takes exactly one ORDER BY expression");
        }
        SelectQuery.OrderItem o = c.withinGroup().get(0);
        double q = fraction(c.args().get(0), scope);
        Eval v = disc ? ordered(o.expr(), scope, c.name()) : numeric(o.expr(), scope, c.name());
        String text = c.name() + "(" + q + ") WITHIN GROUP (ORDER BY " + v.describe() + (o.descending() ? " DESC" : "") + ")"
                + filterText(filter);
        if (disc) {
            return new AggregateCall(kind, v, null, q, v.type, text, filter, o.descending());
        }
        // a continuous percentile of the descending order is the (1 - q) one of the ascending order
        return new AggregateCall(AggregateKind.PERCENTILE, v, null, o.descending() ? 1 - q : q, SqlType.DOUBLE, text, filter, null);
    }

    private AggregateCall timeWeight(Expr.Call c, Scope scope, Eval filter) {
        List<Expr> args = c.args();
        Expr value;
        Expr ts;
        Expr method = null;
        if (c.name().equals("average")) {
            if (args.size() != 1 || !(args.get(0) instanceof Expr.Call tw) || !tw.name().equals("time_weight") || tw.args().size() != 3) {
                throw Errors.at(sql, c.pos(), "average() takes time_weight(method, ts, value) (TimescaleDB Toolkit's time-weighted"
                        + " average); use avg(x) for a plain average");
            }
            method = tw.args().get(0);
            ts = tw.args().get(1);
            value = tw.args().get(2);
        } else {
            arity(c, 2, 3);
            value = args.get(0);
            ts = args.get(1);
            method = args.size() == 3 ? args.get(2) : null;
        }
        String m = "LOCF";
        if (method != null) {
            Eval me = exprs.analyze(method, scope, null, INSIDE);
            if (!(me instanceof ConstEval k) || !(k.value instanceof String text)
                    || !(text.equalsIgnoreCase("locf") || text.equalsIgnoreCase("linear"))) {
                throw Errors.at(sql, method.pos(), "the time-weighting method must be 'LOCF' or 'LINEAR', got " + me.describe());
            }
            m = text.toUpperCase(Locale.ROOT);
        }
        Eval v = numeric(value, scope, c.name());
        Eval t = timestamp(c, ts, scope);
        String text = c.name().equals("average")
                ? "average(time_weight('" + m + "', " + t.describe() + ", " + v.describe() + "))"
                : "time_weighted_avg(" + v.describe() + ", " + t.describe() + ", '" + m + "')";
        return new AggregateCall(AggregateKind.TIME_WEIGHT, v, t, 0, SqlType.DOUBLE, text + filterText(filter), filter, m);
    }

    private Eval numeric(Expr e, Scope scope, String fn) {
        Eval v = exprs.analyze(e, scope, null, INSIDE);
        if (v.type != SqlType.BIGINT && v.type != SqlType.DOUBLE) {
            throw Errors.at(sql, e.pos(), "cannot apply " + fn + "() to " + v.type.sqlName() + " " + v.describe() + ": expected a number");
        }
        return v;
    }

    private Eval ordered(Expr e, Scope scope, String fn) {
        Eval v = exprs.analyze(e, scope, null, INSIDE);
        if (v.type != SqlType.BIGINT && v.type != SqlType.DOUBLE && v.type != SqlType.TIMESTAMP) {
            throw Errors.at(sql, e.pos(), "cannot apply " + fn + "() to " + v.type.sqlName() + " " + v.describe()
                    + ": expected a number or a timestamp");
        }
        return v;
    }

    /** The timestamp argument, or the table's timestamp column when none is written. */
    private Eval timestamp(Expr.Call c, Expr e, Scope scope) {
        if (e != null) {
            return exprs.coerce(exprs.analyze(e, scope, null, INSIDE), SqlType.TIMESTAMP, e.pos());
        }
        for (Scope.Column col : scope.columns()) {
            if (col.kind() == Scope.Kind.TIMESTAMP) {
                return new ColumnEval(col.slot(), SqlType.TIMESTAMP, col.name());
            }
        }
        throw Errors.at(sql, c.pos(), c.name() + "() needs the timestamp of each value here: " + c.name() + "(value, …, ts)");
    }

    private double fraction(Expr e, Scope scope) {
        Eval q = exprs.coerce(exprs.analyze(e, scope, null, INSIDE), SqlType.DOUBLE, e.pos());
        if (!(q instanceof ConstEval k) || k.value == null) {
            throw Errors.at(sql, e.pos(), "the percentile must be a constant, got " + q.describe());
        }
        double f = ((Number) k.value).doubleValue();
        if (!(f >= 0 && f <= 1)) {
            throw Errors.at(sql, e.pos(), "percentile value " + k.value + " is not between 0 and 1");
        }
        return f;
    }

    private double constantNumber(Expr e, Scope scope, String what) {
        Eval x = exprs.analyze(e, scope, null, INSIDE);
        if (x instanceof ConstEval k && k.value instanceof Number n && (x.type == SqlType.BIGINT || x.type == SqlType.DOUBLE)) {
            return n.doubleValue();
        }
        throw Errors.at(sql, e.pos(), what + " must be a constant number, got " + x.describe());
    }

    private void arity(Expr.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max || c.star()) {
            throw Errors.at(sql, c.pos(), "function " + c.name() + "() takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + (c.star() ? "*" : String.valueOf(n)));
        }
    }

    private static String text(Expr.Call c, List<Eval> args) {
        return c.name() + "(" + String.join(", ", args.stream().map(Eval::describe).toList()) + ")";
    }

    private static String text(Expr.Call c, List<Eval> args, double q) {
        return c.name() + "(" + String.join(", ", args.stream().map(Eval::describe).toList()) + ", " + q + ")";
    }
}
