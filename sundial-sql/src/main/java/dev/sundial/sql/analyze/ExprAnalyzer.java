package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.ArithmeticEval;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.CaseEval;
import dev.sundial.sql.exec.CastEval;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ComparisonEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.InListEval;
import dev.sundial.sql.exec.LogicalEval;
import dev.sundial.sql.exec.NullTestEval;
import dev.sundial.sql.exec.PatternMatchEval;
import dev.sundial.sql.exec.Vec;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.function.AtTimeZoneEval;
import dev.sundial.sql.function.CalendarShiftEval;
import dev.sundial.sql.function.DatePartEval;
import dev.sundial.sql.function.EpochBucketEval;
import dev.sundial.sql.function.IntervalText;
import dev.sundial.sql.function.MathEval;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.function.TextEval;
import dev.sundial.sql.function.TimeBucketEval;
import dev.sundial.sql.function.TimeZoneNames;
import dev.sundial.sql.function.ZoneOffsetFieldEval;
import dev.sundial.sql.function.ToTimestampEval;
import dev.sundial.sql.function.VariadicEval;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import dev.sundial.table.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns expression syntax into typed {@link Eval} trees: resolves names in a {@link Scope}, checks
 * and coerces types (BIGINT widens to DOUBLE; text constants convert to the other side's type as
 * PostgreSQL's untyped literals do; integers compared with timestamps are epoch nanoseconds), folds
 * constant subexpressions ({@code now() - INTERVAL '1 hour'} becomes one timestamp), and — in
 * aggregate context — collects aggregate calls and maps GROUP BY expressions to key slots.
 *
 * <p>One instance per statement execution; not thread-safe.
 */
public final class ExprAnalyzer {
    static final Set<String> SCALAR_FUNCTIONS = Set.of("time_bucket", "time_bucket_gapfill", "date_trunc", "now",
            "current_timestamp", "to_timestamp", "extract", "date_part", "timezone", "abs", "ceil", "ceiling", "floor",
            "round", "trunc", "sign", "sqrt", "ln", "log", "log10", "exp", "power", "pow", "coalesce", "greatest", "least",
            "concat", "lower", "upper", "length",
            "locf", "interpolate", "count", "sum", "avg", "min", "max", "first", "last", "stddev", "stddev_samp",
            "stddev_pop", "variance", "var_samp", "var_pop", "percentile", "percentile_cont", "quantile", "median");

    private final String sql;
    private final Object[] params;
    private final long now;
    private final ScalarCalls scalars = new ScalarCalls(this);
    /** WITH queries, outer queries and the subquery runner of a SELECT statement; null for other statements. */
    private Composition composition;
    private SubqueryExpressions subqueries;
    /** The session's time zone ({@code SET timezone}), or null for UTC. */
    private final java.time.ZoneId zone;
    /** The window functions of the SELECT whose select list is being analyzed, or null where none are allowed. */
    private WindowAnalyzer windows;

    /** Aggregate context: GROUP BY keys and the aggregates found so far. */
    public static final class AggContext {
        /** {@link AstKey}s of the GROUP BY expressions, parallel to {@code keys}. */
        final List<String> keyAsts = new ArrayList<>();
        final List<Eval> keys = new ArrayList<>();
        /** {@link AstKey}s of the aggregate calls, parallel to {@code aggs}. */
        final List<String> aggAsts = new ArrayList<>();
        final List<AggregateCall> aggs = new ArrayList<>();

        public List<Eval> keys() {
            return keys;
        }

        public List<AggregateCall> aggregates() {
            return aggs;
        }

        /** Registers a GROUP BY key (analyzed over the input scope). */
        void addKey(Expr ast, Eval key) {
            keyAsts.add(AstKey.of(ast));
            keys.add(key);
        }
    }

    public ExprAnalyzer(String sql, Object[] params, long nowNanos) {
        this(sql, params, nowNanos, null);
    }

    /**
     * @param zone the session's time zone, or null for UTC: text timestamps without an offset are
     *             read in it, {@code date_trunc} and {@code extract} follow its wall-clock time
     */
    public ExprAnalyzer(String sql, Object[] params, long nowNanos, java.time.ZoneId zone) {
        this.sql = sql;
        this.params = params;
        this.now = nowNanos;
        this.zone = zone;
    }

    /** The session's time zone, or null for UTC. */
    public java.time.ZoneId zone() {
        return zone;
    }

    public String sql() {
        return sql;
    }

    public long now() {
        return now;
    }

    /** Enables WITH and subquery expressions for this statement (see {@link Composition}). */
    public void compose(Composition c) {
        this.composition = c;
        this.subqueries = new SubqueryExpressions(this);
    }

    /** The statement's composition state, or null when WITH and subqueries are not available. */
    public Composition composition() {
        return composition;
    }

    /** Where window functions are resolved from now on (null: not allowed); returns the previous one. */
    public WindowAnalyzer windows(WindowAnalyzer w) {
        WindowAnalyzer previous = windows;
        windows = w;
        return previous;
    }

    /** Analyzes {@code e} over {@code scope}; aggregates are an error here. */
    public Eval analyze(Expr e, Scope scope) {
        return analyze(e, scope, null, "here");
    }

    /**
     * Analyzes {@code e}. With {@code agg}, the result reads the aggregation's output (keys, then
     * aggregates); {@code clause} names the clause for "not allowed" errors.
     */
    public Eval analyze(Expr e, Scope scope, AggContext agg, String clause) {
        try {
            return fold(build(e, scope, agg, clause));
        } catch (QueryException q) {
            throw Errors.at(sql, e.pos(), q);
        }
    }

    private Eval build(Expr e, Scope scope, AggContext agg, String clause) {
        if (agg != null && !agg.keyAsts.isEmpty()) {
            int k = agg.keyAsts.indexOf(AstKey.of(e));
            if (k >= 0) {
                return new ColumnEval(k, agg.keys.get(k).type, agg.keys.get(k).describe());
            }
        }
        return switch (e) {
            case Expr.Literal l -> literal(l.value());
            case Expr.TypedLiteral t -> typedLiteral(t);
            case Expr.Parameter p -> parameter(p);
            case Expr.ColumnRef c -> column(c, scope, agg);
            case Expr.Star s -> throw Errors.at(sql, s.pos(), "* is only allowed in the select list and count(*)");
            case Expr.Unary u -> unary(u, scope, agg, clause);
            case Expr.Binary b -> binary(b, scope, agg, clause);
            case Expr.Logical l -> logical(l, scope, agg, clause);
            case Expr.Like l -> like(l, scope, agg, clause);
            case Expr.InList i -> inList(i, scope, agg, clause);
            case Expr.Between b -> between(b, scope, agg, clause);
            case Expr.IsNull i -> new NullTestEval(sub(i.value(), scope, agg, clause), i.negated());
            case Expr.Cast c -> cast(c, scope, agg, clause);
            case Expr.Case c -> caseExpr(c, scope, agg, clause);
            case Expr.Call c -> call(c, scope, agg, clause);
            case Expr.InSubquery i -> subqueries(i).in(i, sub(i.value(), scope, agg, clause), scope, agg);
            case Expr.Exists x -> subqueries(x).exists(x, scope, agg);
            case Expr.ScalarSubquery q -> subqueries(q).scalar(q, scope, agg);
        };
    }

    private Eval cast(Expr.Cast c, Scope scope, AggContext agg, String clause) {
        Eval v = sub(c.value(), scope, agg, clause);
        Eval special = scalars.cast(v, c.type(), c.pos()); // NUMERIC(p, s), DATE, TIME
        return special != null ? special : coerceExplicit(v, castType(c.type(), c.pos()), c.pos());
    }

    private Eval sub(Expr e, Scope scope, AggContext agg, String clause) {
        try {
            return fold(build(e, scope, agg, clause));
        } catch (QueryException q) {
            throw Errors.at(sql, e.pos(), q);
        }
    }

    private SubqueryExpressions subqueries(Expr e) {
        if (subqueries == null) {
            throw Errors.at(sql, e.pos(), "subqueries are only supported in SELECT statements");
        }
        return subqueries;
    }

    private Eval column(Expr.ColumnRef c, Scope scope, AggContext agg) {
        Eval outer = composition == null ? null : composition.outerColumn(c, scope, sql);
        if (outer != null) {
            return outer; // a column of a query this subquery sits in (Composition)
        }
        Scope.Column col = scope.resolve(c, sql);
        if (agg != null) {
            for (int k = 0; k < agg.keys.size(); k++) {
                if (agg.keys.get(k) instanceof ColumnEval ce && ce.slot == col.slot()) {
                    return new ColumnEval(k, col.type(), col.name());
                }
            }
            throw Errors.at(sql, c.pos(), "column \"" + c.name() + "\" must appear in the GROUP BY clause or be used in an aggregate function");
        }
        return new ColumnEval(col.slot(), col.type(), col.name());
    }

    static ConstEval literal(Object v) {
        return switch (v) {
            case null -> new ConstEval(SqlType.VARCHAR, null);
            case Long l -> new ConstEval(SqlType.BIGINT, l);
            case Integer i -> new ConstEval(SqlType.BIGINT, (long) i);
            case Short s -> new ConstEval(SqlType.BIGINT, (long) s);
            case Double d -> new ConstEval(SqlType.DOUBLE, d);
            case Float f -> new ConstEval(SqlType.DOUBLE, (double) f);
            case String s -> new ConstEval(SqlType.VARCHAR, s);
            case Boolean b -> new ConstEval(SqlType.BOOLEAN, b);
            case Instant i -> new ConstEval(SqlType.TIMESTAMP, SqlValues.toNanos(i));
            case java.math.BigDecimal d -> new ConstEval(SqlType.DOUBLE, d.doubleValue());
            default -> throw new QueryException("cannot use a parameter of type " + v.getClass().getSimpleName()
                    + " (use Long, Integer, Double, String, Boolean, Instant or null)");
        };
    }

    private Eval typedLiteral(Expr.TypedLiteral t) {
        try {
            return switch (t.type()) {
                case "INTERVAL" -> intervalConst(IntervalText.parse(t.text()));
                case "TIMESTAMP", "TIMESTAMPTZ" -> new ConstEval(SqlType.TIMESTAMP, SqlValues.parseTimestamp(t.text(), zone));
                case "DATE" -> new ConstEval(SqlType.TIMESTAMP, dev.sundial.sql.function.DateCast.truncate(SqlValues.parseTimestamp(t.text(), zone), zone));
                default -> throw Errors.at(sql, t.pos(), "cannot use a " + t.type() + " literal: unknown type");
            };
        } catch (IllegalArgumentException e) {
            throw Errors.at(sql, t.pos(), e.getMessage());
        }
    }

    static ConstEval intervalConst(Interval i) {
        return new ConstEval(SqlType.INTERVAL, i.months() == 0 ? (Object) i.nanos() : i);
    }

    private Eval parameter(Expr.Parameter p) {
        if (p.index() < 1 || p.index() > params.length) {
            throw Errors.at(sql, p.pos(), "no value for parameter $" + p.index() + " (" + params.length + " given)");
        }
        return literal(params[p.index() - 1]);
    }

    private Eval unary(Expr.Unary u, Scope scope, AggContext agg, String clause) {
        Eval x = sub(u.operand(), scope, agg, clause);
        switch (u.op()) {
            case "NOT":
                return new LogicalEval(LogicalEval.Kind.NOT, requireBoolean(x, u.operand().pos()), null);
            case "+":
                requireNumeric(x, u.pos(), "unary +");
                return x;
            case "-":
                if (x.type == SqlType.INTERVAL && x instanceof ConstEval c) {
                    return c.value instanceof Interval iv ? intervalConst(new Interval(-iv.months(), -iv.nanos()))
                            : new ConstEval(SqlType.INTERVAL, -((Long) c.value));
                }
                requireNumeric(x, u.pos(), "unary -");
                return new ArithmeticEval('*', x, new ConstEval(x.type, x.type == SqlType.DOUBLE ? (Object) (-1.0) : (Object) (-1L)), x.type);
            default:
                throw new IllegalStateException("BUG: unary " + u.op());
        }
    }

    private Eval logical(Expr.Logical l, Scope scope, AggContext agg, String clause) {
        List<Eval> operands = new ArrayList<>(l.operands().size());
        for (Expr e : l.operands()) {
            operands.add(requireBoolean(sub(e, scope, agg, clause), e.pos()));
        }
        return new LogicalEval(l.op().equals("AND") ? LogicalEval.Kind.AND : LogicalEval.Kind.OR, operands);
    }

    private Eval binary(Expr.Binary b, Scope scope, AggContext agg, String clause) {
        Eval bucket = epochBucket(b, scope, agg, clause);
        if (bucket != null) {
            return bucket;
        }
        Eval l = sub(b.left(), scope, agg, clause);
        Eval r = sub(b.right(), scope, agg, clause);
        String op = b.op();
        switch (op) {
            case "=", "!=", "<", "<=", ">", ">=":
                return compare(op, l, r, b.pos());
            case "||":
                return new VariadicEval("||", List.of(toText(l), toText(r)), SqlType.VARCHAR);
            case "~", "~*", "!~", "!~*": {
                Eval value = coerce(l, SqlType.VARCHAR, b.left().pos());
                String pattern = constantText(r, b.right().pos(), "a regular expression");
                return new PatternMatchEval(value, pattern, false, op.contains("*"), op.startsWith("!"));
            }
            case "+", "-", "*", "/", "%":
                return arithmetic(op.charAt(0), l, r, b.pos());
            case "IS DISTINCT FROM", "IS NOT DISTINCT FROM":
                return scalars.distinctFrom(l, r, op.startsWith("IS NOT"), b.pos());
            default:
                throw Errors.at(sql, b.pos(), "unknown operator " + op);
        }
    }

    Eval toText(Eval e) {
        return e.type == SqlType.VARCHAR ? e : fold(new CastEval(e, SqlType.VARCHAR, zone));
    }

    private Eval arithmetic(char op, Eval l, Eval r, Pos pos) {
        SqlType lt = l.type;
        SqlType rt = r.type;
        if (lt == SqlType.TIMESTAMP && rt == SqlType.VARCHAR && r instanceof ConstEval) {
            r = coerce(r, op == '-' ? SqlType.INTERVAL : SqlType.INTERVAL, pos);
            rt = r.type;
        }
        if (lt == SqlType.TIMESTAMP && rt == SqlType.INTERVAL && (op == '+' || op == '-')) {
            return shift(l, r, op == '+' ? 1 : -1, pos);
        }
        if (lt == SqlType.INTERVAL && rt == SqlType.TIMESTAMP && op == '+') {
            return shift(r, l, 1, pos);
        }
        if (lt == SqlType.TIMESTAMP && rt == SqlType.TIMESTAMP && op == '-') {
            return new ArithmeticEval('-', l, r, SqlType.INTERVAL);
        }
        if (lt == SqlType.INTERVAL && rt == SqlType.INTERVAL && (op == '+' || op == '-')) {
            return new ArithmeticEval(op, l, r, SqlType.INTERVAL);
        }
        if (lt == SqlType.VARCHAR && l instanceof ConstEval && isNumeric(rt)) {
            l = coerce(l, rt, pos);
            lt = rt;
        }
        if (rt == SqlType.VARCHAR && r instanceof ConstEval && isNumeric(lt)) {
            r = coerce(r, lt, pos);
            rt = lt;
        }
        if (!isNumeric(lt) || !isNumeric(rt)) {
            throw Errors.at(sql, pos, "cannot apply operator " + op + " to " + lt.sqlName() + " and " + rt.sqlName()
                    + " in " + l.describe() + " " + op + " " + r.describe());
        }
        SqlType t = lt == SqlType.DOUBLE || rt == SqlType.DOUBLE ? SqlType.DOUBLE : SqlType.BIGINT;
        return new ArithmeticEval(op, coerce(l, t, pos), coerce(r, t, pos), t);
    }

    private Eval shift(Eval ts, Eval interval, int sign, Pos pos) {
        if (interval instanceof ConstEval c && c.value instanceof Interval iv) {
            return new CalendarShiftEval(ts, iv, sign);
        }
        return new ArithmeticEval(sign > 0 ? '+' : '-', ts, interval, SqlType.TIMESTAMP);
    }

    private static boolean isNumeric(SqlType t) {
        return t == SqlType.BIGINT || t == SqlType.DOUBLE;
    }

    private Eval compare(String op, Eval l, Eval r, Pos pos) {
        SqlType t = commonType(List.of(l, r), pos, "compare");
        ComparisonEval.Op o = switch (op) {
            case "=" -> ComparisonEval.Op.EQ;
            case "!=" -> ComparisonEval.Op.NE;
            case "<" -> ComparisonEval.Op.LT;
            case "<=" -> ComparisonEval.Op.LE;
            case ">" -> ComparisonEval.Op.GT;
            default -> ComparisonEval.Op.GE;
        };
        return new ComparisonEval(o, coerce(l, t, pos), coerce(r, t, pos));
    }

    /**
     * The type several expressions are brought to: equal types stay; BIGINT and DOUBLE give DOUBLE;
     * a text constant (or NULL) takes the other side's type; BIGINT with TIMESTAMP gives TIMESTAMP.
     */
    SqlType commonType(List<Eval> es, Pos pos, String what) {
        SqlType t = null;
        for (Eval e : es) {
            if (e instanceof ConstEval c && c.type == SqlType.VARCHAR && (c.value == null || t == null)) {
                continue;
            }
            if (t == null || t == e.type) {
                t = e.type;
            } else if (isNumeric(t) && isNumeric(e.type)) {
                t = SqlType.DOUBLE;
            } else if ((t == SqlType.TIMESTAMP && e.type == SqlType.BIGINT) || (t == SqlType.BIGINT && e.type == SqlType.TIMESTAMP)) {
                t = SqlType.TIMESTAMP;
            } else if (e instanceof ConstEval c && c.type == SqlType.VARCHAR) {
                continue;
            } else {
                throw Errors.at(sql, pos, "cannot " + what + " " + t.sqlName() + " with " + e.type.sqlName() + " in "
                        + String.join(", ", es.stream().map(Eval::describe).toList()));
            }
        }
        if (t == null) {
            return SqlType.VARCHAR;
        }
        if (t != SqlType.VARCHAR) {
            for (Eval e : es) {
                if (e.type == SqlType.VARCHAR && !(e instanceof ConstEval)) {
                    throw Errors.at(sql, pos, "cannot " + what + " " + t.sqlName() + " with VARCHAR " + e.describe());
                }
            }
        }
        return t;
    }

    /** Implicit conversion to {@code t}; constants convert by value, columns only widen. */
    Eval coerce(Eval e, SqlType t, Pos pos) {
        if (e.type == t) {
            return e;
        }
        if (e instanceof ConstEval c) {
            if (t == SqlType.INTERVAL && c.type == SqlType.VARCHAR && c.value != null) {
                try {
                    return intervalConst(IntervalText.parse((String) c.value));
                } catch (IllegalArgumentException ex) {
                    throw Errors.at(sql, pos, ex.getMessage());
                }
            }
            try {
                return fold(new CastEval(e, t, zone));
            } catch (QueryException q) {
                throw Errors.at(sql, pos, q);
            }
        }
        if ((e.type == SqlType.BIGINT && (t == SqlType.DOUBLE || t == SqlType.TIMESTAMP))) {
            return new CastEval(e, t, zone);
        }
        throw Errors.at(sql, pos, "expected " + t.sqlName() + " but " + e.describe() + " is " + e.type.sqlName());
    }

    Eval coerceExplicit(Eval e, SqlType t, Pos pos) {
        if (e.type == t) {
            return e;
        }
        if (t == SqlType.INTERVAL) {
            return coerce(e, t, pos);
        }
        if (e.type == SqlType.INTERVAL && t != SqlType.VARCHAR && t != SqlType.BIGINT) {
            throw Errors.at(sql, pos, "cannot cast INTERVAL to " + t.sqlName());
        }
        return new CastEval(e, t, zone);
    }

    private SqlType castType(String type, Pos pos) {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "TIMESTAMP", "TIMESTAMPTZ", "DATE" -> SqlType.TIMESTAMP;
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT", "FLOAT8", "FLOAT4", "REAL", "NUMERIC", "DECIMAL" -> SqlType.DOUBLE;
            case "BIGINT", "INT", "INTEGER", "INT8", "INT4", "SMALLINT", "LONG" -> SqlType.BIGINT;
            case "VARCHAR", "TEXT", "STRING", "CHAR" -> SqlType.VARCHAR;
            case "BOOLEAN", "BOOL" -> SqlType.BOOLEAN;
            case "INTERVAL" -> SqlType.INTERVAL;
            default -> throw Errors.at(sql, pos, "cannot cast to " + type + ": unknown type (use TIMESTAMP, DOUBLE, BIGINT, VARCHAR, BOOLEAN or INTERVAL)");
        };
    }

    private Eval requireBoolean(Eval e, Pos pos) {
        if (e.type == SqlType.BOOLEAN) {
            return e;
        }
        if (e instanceof ConstEval c && c.value == null) {
            return new ConstEval(SqlType.BOOLEAN, null);
        }
        throw Errors.at(sql, pos, "expected a BOOLEAN condition but " + e.describe() + " is " + e.type.sqlName());
    }

    private void requireNumeric(Eval e, Pos pos, String what) {
        if (!isNumeric(e.type)) {
            throw Errors.at(sql, pos, "cannot apply " + what + " to " + e.type.sqlName() + " " + e.describe());
        }
    }

    private String constantText(Eval e, Pos pos, String what) {
        if (e instanceof ConstEval c && c.type == SqlType.VARCHAR && c.value != null) {
            return (String) c.value;
        }
        throw Errors.at(sql, pos, "expected a constant text for " + what + ", got " + e.describe());
    }

    private Eval like(Expr.Like l, Scope scope, AggContext agg, String clause) {
        Eval v = coerce(sub(l.value(), scope, agg, clause), SqlType.VARCHAR, l.value().pos());
        String p = constantText(sub(l.pattern(), scope, agg, clause), l.pattern().pos(), "the LIKE pattern");
        return new PatternMatchEval(v, p, true, l.caseInsensitive(), l.negated());
    }

    private Eval inList(Expr.InList in, Scope scope, AggContext agg, String clause) {
        Eval v = sub(in.value(), scope, agg, clause);
        List<Eval> items = new ArrayList<>();
        for (Expr e : in.list()) {
            items.add(sub(e, scope, agg, clause));
        }
        List<Eval> all = new ArrayList<>(items);
        all.add(v);
        SqlType t = commonType(all, in.pos(), "compare");
        boolean constant = items.stream().allMatch(e -> e instanceof ConstEval);
        if (constant) {
            List<ConstEval> cs = new ArrayList<>();
            for (int k = 0; k < items.size(); k++) {
                cs.add((ConstEval) coerce(items.get(k), t, in.list().get(k).pos()));
            }
            return new InListEval(coerce(v, t, in.value().pos()), cs, in.negated());
        }
        List<Eval> tests = new ArrayList<>(items.size());
        for (Eval item : items) {
            tests.add(new ComparisonEval(in.negated() ? ComparisonEval.Op.NE : ComparisonEval.Op.EQ, coerce(v, t, in.pos()), coerce(item, t, in.pos())));
        }
        return tests.size() == 1 ? tests.get(0) : new LogicalEval(in.negated() ? LogicalEval.Kind.AND : LogicalEval.Kind.OR, tests);
    }

    private Eval between(Expr.Between b, Scope scope, AggContext agg, String clause) {
        Eval v = sub(b.value(), scope, agg, clause);
        Eval lo = sub(b.low(), scope, agg, clause);
        Eval hi = sub(b.high(), scope, agg, clause);
        if (b.negated()) {
            return new LogicalEval(LogicalEval.Kind.OR, compare("<", v, lo, b.pos()), compare(">", v, hi, b.pos()));
        }
        return new LogicalEval(LogicalEval.Kind.AND, compare(">=", v, lo, b.pos()), compare("<=", v, hi, b.pos()));
    }

    private Eval caseExpr(Expr.Case c, Scope scope, AggContext agg, String clause) {
        Eval operand = c.operand() == null ? null : sub(c.operand(), scope, agg, clause);
        List<Eval> conds = new ArrayList<>();
        List<Eval> results = new ArrayList<>();
        for (Expr.When w : c.whens()) {
            Eval cond = sub(w.condition(), scope, agg, clause);
            conds.add(operand == null ? requireBoolean(cond, w.condition().pos()) : compare("=", operand, cond, w.condition().pos()));
            results.add(sub(w.result(), scope, agg, clause));
        }
        Eval otherwise = c.otherwise() == null ? new ConstEval(SqlType.VARCHAR, null) : sub(c.otherwise(), scope, agg, clause);
        List<Eval> all = new ArrayList<>(results);
        all.add(otherwise);
        SqlType t = commonType(all, c.pos(), "mix");
        List<Eval> rs = new ArrayList<>();
        for (Eval r : results) {
            rs.add(coerce(r, t, c.pos()));
        }
        return new CaseEval(conds, rs, coerce(otherwise, t, c.pos()), t);
    }

    private Eval call(Expr.Call c, Scope scope, AggContext agg, String clause) {
        if (c.over() != null) {
            return WindowAnalyzer.resolve(windows, c, scope, agg, clause);
        }
        String name = c.name();
        AggregateKind kind = AggregateKind.of(name, c.distinct(), c.star());
        AggregateSyntax.checkPlainCall(c, kind);
        if (kind != null) {
            if (agg == null) {
                throw Errors.at(sql, c.pos(), "aggregate function " + name + "() is not allowed " + clause);
            }
            return aggregate(c, kind, scope, agg);
        }
        List<Expr> args = c.args();
        if (ScalarCalls.handles(name, args.size())) {
            List<Eval> es = new ArrayList<>(args.size());
            for (Expr a : args) {
                es.add(sub(a, scope, agg, clause));
            }
            return scalars.build(c, es);
        }
        switch (name) {
            case "now", "current_timestamp":
                arity(c, 0, 0);
                return new ConstEval(SqlType.TIMESTAMP, now);
            case "time_bucket", "time_bucket_gapfill":
                return timeBucket(c, scope, agg, clause);
            case "date_trunc": {
                arity(c, 2, 3);
                String unit = constantText(sub(args.get(0), scope, agg, clause), args.get(0).pos(), "the date_trunc unit");
                Eval ts = coerce(sub(args.get(1), scope, agg, clause), SqlType.TIMESTAMP, args.get(1).pos());
                // PostgreSQL truncates a timestamptz in the session's zone unless a zone is given
                java.time.ZoneId z = args.size() == 3 ? zoneArg(sub(args.get(2), scope, agg, clause), args.get(2).pos()) : zone;
                return TimeBucketEval.dateTrunc(unit, ts, z);
            }
            case "to_timestamp": {
                arity(c, 1, 2);
                if (args.size() == 2) {
                    throw Errors.at(sql, c.pos(),
                            "to_timestamp(text, format) is not supported yet; to_timestamp(seconds) converts epoch seconds");
                }
                Eval x = sub(args.get(0), scope, agg, clause);
                if (!isNumeric(x.type) && !(x instanceof ConstEval k && k.type == SqlType.VARCHAR)) {
                    throw Errors.at(sql, args.get(0).pos(), "cannot apply to_timestamp() to " + x.type.sqlName() + " " + x.describe()
                            + ": expected epoch seconds (a number)");
                }
                return new ToTimestampEval(coerce(x, SqlType.DOUBLE, args.get(0).pos()));
            }
            case "extract", "date_part": {
                arity(c, 2, 2);
                String field = constantText(sub(args.get(0), scope, agg, clause), args.get(0).pos(), "the " + name + " field");
                return datePart(name, field, sub(args.get(1), scope, agg, clause), args.get(0).pos(), args.get(1).pos());
            }
            case "timezone": {
                arity(c, 2, 2);
                return atTimeZone(sub(args.get(0), scope, agg, clause), sub(args.get(1), scope, agg, clause), args.get(0).pos(),
                        args.get(1).pos());
            }
            case "abs", "ceil", "ceiling", "floor", "sign", "trunc": {
                arity(c, 1, 1);
                Eval x = sub(args.get(0), scope, agg, clause);
                requireNumeric(x, args.get(0).pos(), name + "()");
                return new MathEval(name, x, null, name.equals("trunc") ? SqlType.DOUBLE : x.type);
            }
            case "round": {
                arity(c, 1, 2);
                Eval x = sub(args.get(0), scope, agg, clause);
                requireNumeric(x, args.get(0).pos(), "round()");
                if (args.size() == 2) {
                    Eval d = coerce(sub(args.get(1), scope, agg, clause), SqlType.BIGINT, args.get(1).pos());
                    return new MathEval("round", coerce(x, SqlType.DOUBLE, c.pos()), d, SqlType.DOUBLE);
                }
                return new MathEval("round", x, null, x.type);
            }
            case "sqrt", "ln", "log", "log10", "exp": {
                arity(c, 1, 1);
                Eval x = sub(args.get(0), scope, agg, clause);
                requireNumeric(x, args.get(0).pos(), name + "()");
                return new MathEval(name, coerce(x, SqlType.DOUBLE, c.pos()), null, SqlType.DOUBLE);
            }
            case "power", "pow": {
                arity(c, 2, 2);
                Eval x = sub(args.get(0), scope, agg, clause);
                Eval y = sub(args.get(1), scope, agg, clause);
                requireNumeric(x, args.get(0).pos(), name + "()");
                requireNumeric(y, args.get(1).pos(), name + "()");
                return new MathEval("power", coerce(x, SqlType.DOUBLE, c.pos()), coerce(y, SqlType.DOUBLE, c.pos()), SqlType.DOUBLE);
            }
            case "coalesce", "greatest", "least": {
                arity(c, 1, 1000);
                List<Eval> es = new ArrayList<>();
                for (Expr a : args) {
                    es.add(sub(a, scope, agg, clause));
                }
                SqlType t = commonType(es, c.pos(), "mix");
                List<Eval> co = new ArrayList<>();
                for (int k = 0; k < es.size(); k++) {
                    co.add(coerce(es.get(k), t, args.get(k).pos()));
                }
                return new VariadicEval(name, co, t);
            }
            case "concat": {
                List<Eval> es = new ArrayList<>();
                for (Expr a : args) {
                    es.add(toText(sub(a, scope, agg, clause)));
                }
                return new VariadicEval("concat", es, SqlType.VARCHAR);
            }
            case "lower", "upper", "length": {
                arity(c, 1, 1);
                return new TextEval(name, coerce(sub(args.get(0), scope, agg, clause), SqlType.VARCHAR, args.get(0).pos()));
            }
            case "locf", "interpolate":
                throw Errors.at(sql, c.pos(), name + "() is only allowed around an aggregate at the top of a select item of a query grouped by time_bucket_gapfill()");
            default: {
                List<String> known = new ArrayList<>(SCALAR_FUNCTIONS);
                known.addAll(ScalarCalls.NAMES);
                String hint = Scope.closest(name, known);
                throw Errors.at(sql, c.pos(), "function " + name + "() does not exist" + (hint == null ? "" : "; did you mean " + hint + "()?"));
            }
        }
    }

    /**
     * {@code time_bucket(width, ts [, origin | offset])} and TimescaleDB's zoned form
     * {@code time_bucket(width, ts, zone [, origin [, offset]])}; {@code time_bucket_gapfill(width,
     * ts [, zone] [, start, finish])}. A text third argument is a zone when it names one, else an
     * origin (Sundial's older reading of {@code time_bucket('1d', ts, '2000-01-01')}). No session
     * zone applies: TimescaleDB buckets in UTC unless given a zone.
     */
    private Eval timeBucket(Expr.Call c, Scope scope, AggContext agg, String clause) {
        String name = c.name();
        boolean gapfill = name.equals("time_bucket_gapfill");
        List<Expr> args = c.args();
        arity(c, 2, 5);
        Interval width = intervalArg(sub(args.get(0), scope, agg, clause), args.get(0).pos());
        Eval ts = coerce(sub(args.get(1), scope, agg, clause), SqlType.TIMESTAMP, args.get(1).pos());
        long origin = width.months() != 0 ? TimeBucketEval.DEFAULT_MONTH_ORIGIN : TimeBucketEval.DEFAULT_ORIGIN;
        boolean defaultOrigin = true;
        long offset = 0;
        java.time.ZoneId z = null;
        int next = 2;
        if (args.size() > 2) {
            Eval third = sub(args.get(2), scope, agg, clause);
            if (third.type == SqlType.VARCHAR && third instanceof ConstEval k && k.value instanceof String text
                    && (args.size() != 4 || !gapfill)) {
                try {
                    z = TimeZoneNames.resolve(text);
                    next = 3;
                } catch (QueryException notAZone) {
                    if (args.size() > 3 || gapfill) {
                        throw Errors.at(sql, args.get(2).pos(), notAZone.getMessage());
                    }
                }
            }
        }
        if (gapfill) {
            if (args.size() - next != 0 && args.size() - next != 2) {
                throw Errors.at(sql, c.pos(), "function time_bucket_gapfill() takes (width, ts [, zone] [, start, finish]), got "
                        + args.size() + " arguments");
            }
            return new TimeBucketEval(name, width, origin, ts, true, z, true, 0);
        }
        for (int i = next; i < args.size(); i++) {
            Eval a = sub(args.get(i), scope, agg, clause);
            if (a instanceof ConstEval k && k.value == null) {
                continue; // TimescaleDB's origin => NULL: the default
            }
            if (a.type == SqlType.INTERVAL) {
                Interval iv = intervalArg(a, args.get(i).pos());
                if (iv.months() != 0) {
                    throw Errors.at(sql, args.get(i).pos(), "cannot use offset " + iv + " in time_bucket(): months are not supported"
                            + " in an offset (use an origin)");
                }
                offset = iv.nanos();
            } else if (i == next + 1 && i == 4) {
                throw Errors.at(sql, args.get(i).pos(), "the fifth argument of time_bucket() is the offset, an INTERVAL");
            } else {
                origin = timestampArg(a, args.get(i).pos());
                defaultOrigin = false;
            }
        }
        return new TimeBucketEval(name, width, origin, ts, false, z, defaultOrigin, offset);
    }

    /** A constant zone name argument. */
    private java.time.ZoneId zoneArg(Eval e, Pos pos) {
        if (!(e instanceof ConstEval k) || !(k.value instanceof String text)) {
            throw Errors.at(sql, pos, "expected a constant time zone name such as 'Europe/Paris', got " + e.describe());
        }
        try {
            return TimeZoneNames.resolve(text);
        } catch (QueryException q) {
            throw Errors.at(sql, pos, q.getMessage());
        }
    }

    /** {@code extract(field FROM x)} / {@code date_part('field', x)} of a TIMESTAMP, or the epoch of an INTERVAL. */
    private Eval datePart(String spelling, String fieldText, Eval x, Pos fieldPos, Pos pos) {
        DatePartEval.Field field = DatePartEval.field(fieldText);
        if (field == null) {
            throw Errors.at(sql, fieldPos, "cannot extract '" + fieldText + "': unknown field (use " + DatePartEval.FIELD_LIST + ")");
        }
        if (x instanceof ConstEval c && c.value == null) {
            return new ConstEval(SqlType.DOUBLE, null);
        }
        if (x.type == SqlType.VARCHAR && x instanceof ConstEval) {
            x = coerce(x, SqlType.TIMESTAMP, pos);
        }
        if (x.type == SqlType.INTERVAL) {
            if (field != DatePartEval.Field.EPOCH) {
                throw Errors.at(sql, pos, "cannot extract " + field.sqlName() + " from INTERVAL " + x.describe()
                        + ": only epoch (its length in seconds) is defined for intervals");
            }
            if (x instanceof ConstEval c && c.value instanceof Interval iv) {
                // PostgreSQL's length of a calendar interval: a year is 365.25 days, a month 30 days
                double secs = iv.months() / 12 * 31_557_600.0 + iv.months() % 12 * 2_592_000.0 + DatePartEval.seconds(iv.nanos());
                return new ConstEval(SqlType.DOUBLE, secs);
            }
            return new DatePartEval(spelling, field, x);
        }
        if (x.type != SqlType.TIMESTAMP) {
            throw Errors.at(sql, pos, "cannot extract " + field.sqlName() + " from " + x.type.sqlName() + " " + x.describe()
                    + ": expected a TIMESTAMP or an INTERVAL" + (isNumeric(x.type) ? " (to_timestamp(x) reads epoch seconds)" : ""));
        }
        if (zone != null && field != DatePartEval.Field.EPOCH) {
            // PostgreSQL reads a timestamptz's fields in the session's zone: the wall-clock time there
            return switch (field) {
                case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> new ZoneOffsetFieldEval(spelling, field, x, zone);
                default -> new DatePartEval(spelling, field, new AtTimeZoneEval(x, zone, "'" + zone.getId() + "'"));
            };
        }
        return new DatePartEval(spelling, field, x);
    }

    /**
     * {@code ts AT TIME ZONE zone} = {@code timezone(zone, ts)}: the zone a name (constant or per
     * row) or a constant INTERVAL offset (east positive).
     */
    private Eval atTimeZone(Eval zone, Eval ts, Pos zonePos, Pos tsPos) {
        if ((ts instanceof ConstEval a && a.value == null) || (zone instanceof ConstEval b && b.value == null)) {
            return new ConstEval(SqlType.TIMESTAMP, null);
        }
        if (ts.type == SqlType.VARCHAR && ts instanceof ConstEval) {
            ts = coerce(ts, SqlType.TIMESTAMP, tsPos);
        }
        if (ts.type != SqlType.TIMESTAMP) {
            throw Errors.at(sql, tsPos, "cannot apply AT TIME ZONE to " + ts.type.sqlName() + " " + ts.describe()
                    + ": expected a TIMESTAMP");
        }
        if (zone.type == SqlType.INTERVAL) {
            if (!(zone instanceof ConstEval c) || !(c.value instanceof Long nanos)) {
                throw Errors.at(sql, zonePos, "cannot use " + zone.describe() + " as a time zone: expected a constant interval of"
                        + " hours and minutes such as INTERVAL '2 hours'");
            }
            if (nanos % 1_000_000_000L != 0 || Math.abs(nanos) > 18 * 3_600_000_000_000L) {
                throw Errors.at(sql, zonePos, "cannot use " + zone.describe() + " as a time zone: the offset must be whole seconds"
                        + " of at most 18 hours");
            }
            return nanos == 0 ? ts
                    : new AtTimeZoneEval(ts, java.time.ZoneOffset.ofTotalSeconds((int) (nanos / 1_000_000_000L)), zone.describe());
        }
        if (zone.type != SqlType.VARCHAR) {
            throw Errors.at(sql, zonePos, "cannot use " + zone.type.sqlName() + " " + zone.describe()
                    + " as a time zone: expected a zone name such as 'Europe/Paris' or an INTERVAL");
        }
        if (zone instanceof ConstEval c) {
            java.time.ZoneId z;
            try {
                z = TimeZoneNames.resolve((String) c.value);
            } catch (QueryException q) {
                throw Errors.at(sql, zonePos, q.getMessage());
            }
            // AT TIME ZONE 'UTC' (Grafana writes it) is the timestamp itself: so time ranges, buckets
            // and rollups still see the column
            boolean utc = z.getRules().isFixedOffset() && z.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0;
            return utc ? ts : new AtTimeZoneEval(ts, z, c.describe());
        }
        return new AtTimeZoneEval(ts, zone);
    }

    /**
     * Recognizes Grafana's {@code floor(extract(epoch from ts) / w) * w} (also spelled with
     * {@code date_part('epoch', ts)}), with the same positive constant {@code w} twice and a
     * timestamp {@code ts}, as a time bucket ({@link EpochBucketEval}); null for anything else. Not
     * over aggregated rows: there a part of the expression may be a GROUP BY key (GROUP BY
     * extract(epoch from ts)) that only the general path finds; GROUP BY keys themselves are
     * analyzed over the rows, and select items equal to a key read the key.
     */
    private Eval epochBucket(Expr.Binary b, Scope scope, AggContext agg, String clause) {
        if (agg != null || !b.op().equals("*") || !(b.right() instanceof Expr.Literal w2) || !(b.left() instanceof Expr.Call floor)
                || !floor.name().equals("floor") || floor.args().size() != 1 || floor.distinct() || floor.star()
                || !(floor.args().get(0) instanceof Expr.Binary div) || !div.op().equals("/")
                || !(div.right() instanceof Expr.Literal w1) || !(div.left() instanceof Expr.Call extract)
                || !(extract.name().equals("extract") || extract.name().equals("date_part")) || extract.args().size() != 2
                || !(extract.args().get(0) instanceof Expr.Literal field) || !(field.value() instanceof String f)
                || DatePartEval.field(f) != DatePartEval.Field.EPOCH) {
            return null;
        }
        if (!(w1.value() instanceof Number n1) || !(w2.value() instanceof Number n2) || n1.doubleValue() != n2.doubleValue()) {
            return null;
        }
        double seconds = n1.doubleValue();
        double nanos = seconds * 1e9;
        long width = Math.round(nanos);
        if (!(seconds > 0) || width <= 0 || Math.abs(nanos - width) > 1e-3 || nanos >= 9.2e18) {
            return null; // not a whole number of nanoseconds: leave it to DOUBLE arithmetic
        }
        Eval ts = sub(extract.args().get(1), scope, agg, clause);
        if (ts.type != SqlType.TIMESTAMP) {
            return null;
        }
        String text = "floor(extract(epoch from " + ts.describe() + ") / " + w1.value() + ") * " + w2.value();
        return new EpochBucketEval(new TimeBucketEval("time_bucket", new Interval(0, width), 0, ts, false), text);
    }

    private void arity(Expr.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            throw Errors.at(sql, c.pos(), "function " + c.name() + "() takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    private Interval intervalArg(Eval e, Pos pos) {
        Eval i = coerce(e, SqlType.INTERVAL, pos);
        if (i instanceof ConstEval c && c.value != null) {
            return c.value instanceof Interval iv ? iv : new Interval(0, (Long) c.value);
        }
        throw Errors.at(sql, pos, "expected a constant interval like '5m' or INTERVAL '5 minutes', got " + e.describe());
    }

    private long timestampArg(Eval e, Pos pos) {
        Eval t = coerce(e, SqlType.TIMESTAMP, pos);
        if (t instanceof ConstEval c && c.value != null) {
            return (Long) c.value;
        }
        throw Errors.at(sql, pos, "expected a constant timestamp, got " + e.describe());
    }

    private Eval aggregate(Expr.Call c, AggregateKind kind, Scope scope, AggContext agg) {
        String key = AstKey.of(c);
        int existing = agg.aggAsts.indexOf(key);
        if (existing >= 0) {
            AggregateCall a = agg.aggs.get(existing);
            return new ColumnEval(agg.keys.size() + existing, a.type(), a.text());
        }
        if (AggregateSyntax.handles(c, kind)) {
            AggregateCall a = new AggregateSyntax(this).aggregate(c, kind, scope);
            agg.aggAsts.add(key);
            agg.aggs.add(a);
            return new ColumnEval(agg.keys.size() + agg.aggs.size() - 1, a.type(), a.text());
        }
        String text = c.name() + "(" + (c.star() ? "*" : (c.distinct() ? "DISTINCT " : "")
                + String.join(", ", c.args().stream().map(a -> sub(a, scope, null, "inside another aggregate").describe()).toList())) + ")";
        Eval arg = null;
        Eval arg2 = null;
        double fraction = 0;
        SqlType type;
        List<Expr> args = c.args();
        if (kind == AggregateKind.COUNT_STAR) {
            if (!args.isEmpty()) {
                throw Errors.at(sql, c.pos(), "count(*) takes no other argument");
            }
            type = SqlType.BIGINT;
        } else {
            int min = switch (kind) {
                case FIRST, LAST -> 2;
                case PERCENTILE -> c.name().equals("median") ? 1 : 2;
                default -> 1;
            };
            arity(c, min, min);
            arg = sub(args.get(0), scope, null, "inside another aggregate");
            switch (kind) {
                case COUNT, COUNT_DISTINCT -> type = SqlType.BIGINT;
                case SUM -> {
                    requireNumeric(arg, args.get(0).pos(), "sum()");
                    type = arg.type;
                }
                case AVG, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> {
                    requireNumeric(arg, args.get(0).pos(), c.name() + "()");
                    type = SqlType.DOUBLE;
                }
                case MIN, MAX -> type = arg.type;
                case FIRST, LAST -> {
                    arg2 = coerce(sub(args.get(1), scope, null, "inside another aggregate"), SqlType.TIMESTAMP, args.get(1).pos());
                    type = arg.type;
                }
                case PERCENTILE -> {
                    requireNumeric(arg, args.get(0).pos(), c.name() + "()");
                    if (c.name().equals("median")) {
                        fraction = 0.5;
                    } else {
                        Eval q = coerce(sub(args.get(1), scope, null, "inside another aggregate"), SqlType.DOUBLE, args.get(1).pos());
                        if (!(q instanceof ConstEval qc) || qc.value == null) {
                            throw Errors.at(sql, args.get(1).pos(), "the fraction of " + c.name() + "() must be a constant");
                        }
                        fraction = ((Number) qc.value).doubleValue();
                        if (fraction > 1 && fraction <= 100) {
                            fraction /= 100; // percentile(v, 95) means the 95th percentile
                        }
                        if (!(fraction >= 0 && fraction <= 1)) {
                            throw Errors.at(sql, args.get(1).pos(), "the fraction of " + c.name() + "() must be between 0 and 1 (or 0 and 100), got " + qc.value);
                        }
                    }
                    type = SqlType.DOUBLE;
                }
                default -> throw new IllegalStateException("BUG: aggregate " + kind);
            }
            if (arg.type == SqlType.INTERVAL) {
                throw Errors.at(sql, args.get(0).pos(), "cannot aggregate INTERVAL values");
            }
        }
        Eval filter = new AggregateSyntax(this).filter(c, scope);
        text += AggregateSyntax.filterText(filter);
        agg.aggAsts.add(key);
        agg.aggs.add(new AggregateCall(kind, arg, arg2, fraction, type, text, filter, null));
        return new ColumnEval(agg.keys.size() + agg.aggs.size() - 1, type, text);
    }

    /** Replaces a constant expression by its value (so ranges and patterns become literals). */
    public Eval fold(Eval e) {
        if (e instanceof ConstEval || !e.isConstant()) {
            return e;
        }
        Vec v = e.eval(new Batch(1, new Vec[0]));
        if (e.type == SqlType.INTERVAL && !v.isNull(0)) {
            return new ConstEval(SqlType.INTERVAL, v.getLong(0));
        }
        return new ConstEval(e.type, v.get(0));
    }
}
