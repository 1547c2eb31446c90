package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.WindowColumnEval;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Expr.BoundKind;
import dev.sundial.sql.parser.Pos;
import dev.sundial.sql.parser.SelectQuery;
import dev.sundial.table.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the window functions of one SELECT ({@code f(…) OVER (…)}) into {@link WindowCall}s:
 * checks the function and its arguments, analyzes PARTITION BY / ORDER BY over the window's input
 * (the rows, or the groups when the query aggregates, so {@code sum(count(*)) OVER ()} works),
 * resolves the frame with PostgreSQL's rules and errors, and hands back a
 * {@link WindowColumnEval} reading the result. Window functions are allowed only in the select
 * list and ORDER BY, and cannot nest. Repeated calls (same text) are computed once. One instance
 * per SELECT; not thread-safe.
 */
public final class WindowAnalyzer {
    private static final String SELECT_LIST = "in the select list";
    private static final String ORDER_BY = "in ORDER BY";

    private final ExprAnalyzer exprs;
    private final String sql;
    private final List<WindowCall> calls = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private boolean inside;

    public WindowAnalyzer(ExprAnalyzer exprs) {
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    public List<WindowCall> calls() {
        return calls;
    }

    /** Fixes the result slots: the window operator appends its columns after {@code inputWidth} input columns. */
    public void assignSlots(int inputWidth) {
        for (int i = 0; i < calls.size(); i++) {
            calls.get(i).assignSlot(inputWidth + i);
        }
    }

    /** The dispatch from {@link ExprAnalyzer}: {@code windows} null where window functions are not allowed. */
    static Eval resolve(WindowAnalyzer windows, Expr.Call c, Scope scope, ExprAnalyzer.AggContext agg, String clause) {
        if (windows != null && windows.inside) {
            throw Errors.at(windows.sql, c.pos(), "window function calls cannot be nested");
        }
        if (windows == null || !(clause.equals(SELECT_LIST) || clause.equals(ORDER_BY))) {
            if (clause.equals("inside another aggregate")) {
                throw new dev.sundial.QueryException("aggregate function calls cannot contain window function calls");
            }
            throw new dev.sundial.QueryException("window functions are not allowed " + clause);
        }
        windows.inside = true;
        try {
            return windows.call(c, scope, agg);
        } finally {
            windows.inside = false;
        }
    }

    private Eval call(Expr.Call c, Scope scope, ExprAnalyzer.AggContext agg) {
        String key = AstKey.of(c);
        int existing = keys.indexOf(key);
        if (existing >= 0) {
            return new WindowColumnEval(calls.get(existing));
        }
        String clause = "in a window function";
        Expr.Window w = c.over();
        if (!c.withinGroup().isEmpty()) {
            throw Errors.at(sql, c.pos(), "OVER is not supported for ordered-set aggregate " + c.name() + "()");
        }
        List<Eval> partition = new ArrayList<>();
        for (Expr e : w.partitionBy()) {
            partition.add(exprs.analyze(e, scope, agg, clause));
        }
        List<Eval> order = new ArrayList<>();
        boolean[] desc = new boolean[w.orderBy().size()];
        boolean[] nullsFirst = new boolean[desc.length];
        for (int i = 0; i < desc.length; i++) {
            SelectQuery.OrderItem o = w.orderBy().get(i);
            order.add(exprs.analyze(o.expr(), scope, agg, clause));
            desc[i] = o.descending();
            nullsFirst[i] = o.nullsFirst() != null ? o.nullsFirst() : o.descending();
        }
        WindowFrame frame = frame(w, order);
        List<Eval> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(exprs.analyze(a, scope, agg, clause));
        }
        Eval filter = null;
        if (c.filter() != null) {
            filter = exprs.analyze(c.filter(), scope, agg, "in FILTER");
            if (filter.type != SqlType.BOOLEAN && !(filter instanceof ConstEval k && k.value == null)) {
                throw Errors.at(sql, c.filter().pos(), "FILTER must be a BOOLEAN condition, but " + filter.describe() + " is " + filter.type.sqlName());
            }
        }
        String name = c.name();
        WindowCall.Function fn;
        AggregateKind kind = null;
        long param = 0;
        double fraction = 0;
        SqlType type;
        switch (name) {
            case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist" -> {
                arity(c, 0, 0);
                fn = WindowCall.Function.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                type = name.equals("percent_rank") || name.equals("cume_dist") ? SqlType.DOUBLE : SqlType.BIGINT;
            }
            case "ntile" -> {
                arity(c, 1, 1);
                fn = WindowCall.Function.NTILE;
                param = positiveConstant(args.get(0), c.args().get(0).pos(), "argument of ntile");
                type = SqlType.BIGINT;
            }
            case "lag", "lead" -> {
                arity(c, 1, 3);
                fn = name.equals("lag") ? WindowCall.Function.LAG : WindowCall.Function.LEAD;
                type = args.get(0).type;
                if (args.size() >= 2) {
                    args.set(1, exprs.coerce(args.get(1), SqlType.BIGINT, c.args().get(1).pos()));
                }
                if (args.size() == 3) {
                    SqlType t = exprs.commonType(List.of(args.get(0), args.get(2)), c.pos(), "mix");
                    args.set(0, exprs.coerce(args.get(0), t, c.args().get(0).pos()));
                    args.set(2, exprs.coerce(args.get(2), t, c.args().get(2).pos()));
                    type = t;
                }
            }
            case "first_value", "last_value" -> {
                arity(c, 1, 1);
                fn = name.equals("first_value") ? WindowCall.Function.FIRST_VALUE : WindowCall.Function.LAST_VALUE;
                type = args.get(0).type;
            }
            case "nth_value" -> {
                arity(c, 2, 2);
                fn = WindowCall.Function.NTH_VALUE;
                param = positiveConstant(args.get(1), c.args().get(1).pos(), "argument of nth_value");
                type = args.get(0).type;
            }
            case "delta", "rate", "derivative" -> {
                arity(c, 1, name.equals("derivative") ? 2 : 1);
                fn = WindowCall.Function.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                requireNumeric(args.get(0), c.args().get(0).pos(), name);
                if (!fn.equals(WindowCall.Function.DELTA) && (order.size() != 1 || order.get(0).type != SqlType.TIMESTAMP || desc[0])) {
                    throw Errors.at(sql, c.pos(), name + "() OVER (…) needs one ascending TIMESTAMP in the window's ORDER BY"
                            + " (e.g. OVER (PARTITION BY host ORDER BY timestamp))");
                }
                if (fn == WindowCall.Function.DERIVATIVE) {
                    param = unitArg(args.get(1), c.args().get(1).pos());
                }
                type = fn == WindowCall.Function.DELTA ? args.get(0).type : SqlType.DOUBLE;
            }
            default -> {
                kind = AggregateKind.of(name, c.distinct(), c.star());
                if (kind == null) {
                    throw Errors.at(sql, c.pos(), "OVER specified, but " + name + "() is not a window function nor an aggregate function");
                }
                fn = WindowCall.Function.AGGREGATE;
                type = aggregateType(c, kind, args);
                if (kind == AggregateKind.PERCENTILE) {
                    fraction = name.equals("median") ? 0.5 : percentileFraction(args.get(1), c.args().get(1).pos(), name);
                }
            }
        }
        if (c.distinct() && fn != WindowCall.Function.AGGREGATE || (kind == AggregateKind.COUNT_DISTINCT)) {
            throw Errors.at(sql, c.pos(), "DISTINCT is not implemented for window functions");
        }
        if (filter != null && fn != WindowCall.Function.AGGREGATE) {
            throw Errors.at(sql, c.filter().pos(), "FILTER is not implemented for non-aggregate window functions");
        }
        String text = c.name() + "(" + (c.star() ? "*" : String.join(", ", args.stream().map(Eval::describe).toList())) + ")"
                + (filter == null ? "" : " FILTER (WHERE " + filter.describe() + ")") + " OVER (" + windowText(partition, order, desc, frame, w) + ")";
        WindowCall call = new WindowCall(fn, kind, List.copyOf(args), filter, List.copyOf(partition), List.copyOf(order), desc,
                nullsFirst, frame, param, fraction, type, text, new int[] {-1});
        keys.add(key);
        calls.add(call);
        return new WindowColumnEval(call);
    }

    private static String windowText(List<Eval> partition, List<Eval> order, boolean[] desc, WindowFrame frame, Expr.Window w) {
        StringBuilder sb = new StringBuilder();
        if (!partition.isEmpty()) {
            sb.append("PARTITION BY ").append(String.join(", ", partition.stream().map(Eval::describe).toList()));
        }
        if (!order.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append("ORDER BY ");
            for (int i = 0; i < order.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(order.get(i).describe()).append(desc[i] ? " DESC" : "");
            }
        }
        if (w.frame() != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(frame.describe());
        }
        return sb.toString();
    }

    private SqlType aggregateType(Expr.Call c, AggregateKind kind, List<Eval> args) {
        if (kind == AggregateKind.COUNT_STAR) {
            arity(c, 0, 0);
            return SqlType.BIGINT;
        }
        int n = switch (kind) {
            case FIRST, LAST -> 2;
            case PERCENTILE -> c.name().equals("median") ? 1 : 2;
            case COUNT, SUM, AVG, MIN, MAX, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP, COUNT_DISTINCT -> 1;
            default -> throw Errors.at(sql, c.pos(), c.name() + "() is not supported as a window function"
                    + (kind == AggregateKind.PERCENTILE_DISC ? "" : "; use it as an aggregate with GROUP BY"));
        };
        arity(c, n, n);
        Eval arg = args.get(0);
        if (arg.type == SqlType.INTERVAL) {
            throw Errors.at(sql, c.args().get(0).pos(), "cannot aggregate INTERVAL values");
        }
        return switch (kind) {
            case COUNT, COUNT_DISTINCT -> SqlType.BIGINT;
            case SUM -> {
                requireNumeric(arg, c.args().get(0).pos(), "sum");
                yield arg.type;
            }
            case AVG, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP, PERCENTILE -> {
                requireNumeric(arg, c.args().get(0).pos(), c.name());
                yield SqlType.DOUBLE;
            }
            case FIRST, LAST -> {
                args.set(1, exprs.coerce(args.get(1), SqlType.TIMESTAMP, c.args().get(1).pos()));
                yield arg.type;
            }
            default -> arg.type;
        };
    }

    private double percentileFraction(Eval q, Pos pos, String name) {
        if (!(q instanceof ConstEval k) || !(k.value instanceof Number num)) {
            throw Errors.at(sql, pos, "the fraction of " + name + "() must be a constant");
        }
        double f = num.doubleValue();
        if (f > 1 && f <= 100) {
            f /= 100;
        }
        if (!(f >= 0 && f <= 1)) {
            throw Errors.at(sql, pos, "the fraction of " + name + "() must be between 0 and 1 (or 0 and 100), got " + k.value);
        }
        return f;
    }

    private long unitArg(Eval e, Pos pos) {
        Eval i = exprs.coerce(e, SqlType.INTERVAL, pos);
        if (i instanceof ConstEval k && k.value instanceof Long nanos && nanos > 0) {
            return nanos;
        }
        throw Errors.at(sql, pos, "the unit of derivative() must be a positive constant interval without months, like INTERVAL '1 second', got "
                + e.describe());
    }

    private long positiveConstant(Eval e, Pos pos, String what) {
        if (e instanceof ConstEval k && k.value instanceof Long n) {
            if (n <= 0) {
                throw Errors.at(sql, pos, what + " must be greater than zero");
            }
            return n;
        }
        throw Errors.at(sql, pos, what + " must be a constant integer, got " + e.describe());
    }

    private void requireNumeric(Eval e, Pos pos, String what) {
        if (e.type != SqlType.BIGINT && e.type != SqlType.DOUBLE) {
            throw Errors.at(sql, pos, "cannot apply " + what + "() to " + e.type.sqlName() + " " + e.describe());
        }
    }

    private void arity(Expr.Call c, int min, int max) {
        int n = c.args().size();
        if (c.star() && !c.name().equals("count")) {
            throw Errors.at(sql, c.pos(), c.name() + "(*) is not a function; only count(*) takes *");
        }
        if (n < min || n > max) {
            throw Errors.at(sql, c.pos(), "function " + c.name() + "() takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /** The frame with PostgreSQL's checks; offsets must be non-negative constants. */
    private WindowFrame frame(Expr.Window w, List<Eval> order) {
        Expr.Frame f = w.frame();
        if (f == null) {
            return WindowFrame.DEFAULT;
        }
        BoundKind s = f.start().kind();
        BoundKind e = f.end().kind();
        if (s == BoundKind.UNBOUNDED_FOLLOWING) {
            throw Errors.at(sql, f.start().pos(), "frame start cannot be UNBOUNDED FOLLOWING");
        }
        if (e == BoundKind.UNBOUNDED_PRECEDING) {
            throw Errors.at(sql, f.end().pos(), "frame end cannot be UNBOUNDED PRECEDING");
        }
        if (s == BoundKind.CURRENT_ROW && e == BoundKind.PRECEDING) {
            throw Errors.at(sql, f.end().pos(), "frame starting from current row cannot have preceding rows");
        }
        if (s == BoundKind.FOLLOWING && (e == BoundKind.PRECEDING || e == BoundKind.CURRENT_ROW)) {
            throw Errors.at(sql, f.end().pos(), e == BoundKind.PRECEDING ? "frame starting from following row cannot have preceding rows"
                    : "frame starting from following row cannot end with current row");
        }
        boolean offsets = s == BoundKind.PRECEDING || s == BoundKind.FOLLOWING || e == BoundKind.PRECEDING || e == BoundKind.FOLLOWING;
        SqlType keyType = null;
        if (!f.rows() && offsets) {
            if (order.size() != 1) {
                throw Errors.at(sql, f.pos(), "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
            }
            keyType = order.get(0).type;
            if (keyType != SqlType.BIGINT && keyType != SqlType.DOUBLE && keyType != SqlType.TIMESTAMP) {
                throw Errors.at(sql, f.pos(), "RANGE with offset PRECEDING/FOLLOWING is not supported for ORDER BY type " + keyType.sqlName());
            }
        }
        return new WindowFrame(f.rows(), s, offset(f.start(), f.rows(), keyType), e, offset(f.end(), f.rows(), keyType));
    }

    private Number offset(Expr.FrameBound b, boolean rows, SqlType keyType) {
        if (b.offset() == null) {
            return null;
        }
        Eval v = exprs.analyze(b.offset(), Scope.empty(), null, "in a window frame");
        if (!(v instanceof ConstEval k) || k.value == null) {
            throw Errors.at(sql, b.offset().pos(), "the frame offset must be a constant, got " + v.describe());
        }
        Number n;
        if (rows) {
            if (!(k.value instanceof Long l)) {
                throw Errors.at(sql, b.offset().pos(), "a ROWS frame offset must be an integer, got " + v.describe());
            }
            n = l;
        } else if (keyType == SqlType.TIMESTAMP) {
            Eval i = k.type == SqlType.VARCHAR ? exprs.coerce(k, SqlType.INTERVAL, b.offset().pos()) : k;
            if (i.type != SqlType.INTERVAL) {
                throw Errors.at(sql, b.offset().pos(), "a RANGE offset over a TIMESTAMP must be an INTERVAL such as INTERVAL '5 minutes', got "
                        + v.describe());
            }
            Object iv = ((ConstEval) i).value;
            if (iv instanceof Interval cal) {
                throw Errors.at(sql, b.offset().pos(), "RANGE offsets of months or years are not supported, got " + cal);
            }
            n = (Long) iv;
        } else {
            if (!(k.value instanceof Number num) || k.type == SqlType.INTERVAL) {
                throw Errors.at(sql, b.offset().pos(), "a RANGE offset over " + keyType.sqlName() + " must be a number, got " + v.describe());
            }
            n = keyType == SqlType.BIGINT && num instanceof Long ? num : (Number) num.doubleValue();
        }
        if (n.doubleValue() < 0 || Double.isNaN(n.doubleValue())) {
            throw Errors.at(sql, b.offset().pos(), "frame offset must not be negative, got " + v.describe());
        }
        return n;
    }
}
