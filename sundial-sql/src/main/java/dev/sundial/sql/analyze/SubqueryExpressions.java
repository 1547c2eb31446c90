package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.InListEval;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import dev.sundial.sql.parser.QueryExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analyzes subquery expressions: {@code x [NOT] IN (SELECT …)}, {@code EXISTS (SELECT …)} and scalar
 * {@code (SELECT …)}.
 *
 * <p>An <b>uncorrelated</b> subquery (it names no column of an outer query) runs once, here, while
 * the statement is analyzed, and becomes a constant: a scalar value, EXISTS' boolean, or an IN list
 * of its distinct values (held in a hash set, reserved from the statement's memory budget). So the
 * planner sees {@code host IN ('a', 'b')} and prunes through the tag index, and
 * {@code ts > (SELECT max(ts) - INTERVAL '1 hour' FROM t)} narrows the time range.
 *
 * <p>A <b>correlated</b> subquery (WHERE u.host = t.host) is re-run for each distinct combination of
 * the outer values it names ({@link CorrelatedSubqueryEval}), with those values as constants, so its
 * own scan prunes by them too. Not in an aggregated query (there the outer columns are group keys).
 *
 * <p>SQL semantics: a scalar subquery with no row is NULL and with more than one row an error;
 * {@code x IN (subquery)} is true on a match, else NULL when x is NULL or the subquery returned a
 * NULL, else false ({@code NOT IN} with a NULL among the values is never true); over no rows IN is
 * false and NOT IN true, even for a NULL x. One per statement analysis; not thread-safe.
 */
final class SubqueryExpressions {
    enum Kind { SCALAR, EXISTS, IN }

    /** An analyzed subquery before it is run: its plan and the outer frame it was probed in. */
    record Probe(SelectPlan plan, Composition.Frame frame) {
    }

    private final ExprAnalyzer exprs;
    private final String sql;

    SubqueryExpressions(ExprAnalyzer exprs) {
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    Eval scalar(Expr.ScalarSubquery q, Scope scope, ExprAnalyzer.AggContext agg) {
        return subquery(q, Kind.SCALAR, q.query(), null, false, scope, agg);
    }

    Eval exists(Expr.Exists x, Scope scope, ExprAnalyzer.AggContext agg) {
        return subquery(x, Kind.EXISTS, x.query(), null, false, scope, agg);
    }

    Eval in(Expr.InSubquery in, Eval value, Scope scope, ExprAnalyzer.AggContext agg) {
        return subquery(in, Kind.IN, in.query(), value, in.negated(), scope, agg);
    }

    private Eval subquery(Expr node, Kind kind, QueryExpr query, Eval value, boolean negated, Scope scope,
                          ExprAnalyzer.AggContext agg) {
        Composition c = QueryComposer.composition(exprs, node.pos(), "a subquery");
        Eval cached = c.cachedUncorrelated(node);
        if (cached != null) {
            return cached;
        }
        Probe probe = probe(c, query, scope, null);
        SelectPlan plan = probe.plan();
        checkColumns(kind, plan, node.pos());
        SqlType keyType = kind == Kind.IN ? inType(value, plan, node.pos()) : null;
        Eval coercedValue = kind == Kind.IN ? exprs.coerce(value, keyType, node.pos()) : null;
        SqlType resultType = kind == Kind.SCALAR ? plan.outputs.get(0).type : SqlType.BOOLEAN;
        if (probe.frame().deeper) {
            // inside the probe of an enclosing correlated subquery: the plan is discarded, only its type counts
            return new ConstEval(resultType, null);
        }
        if (!probe.frame().used.isEmpty()) {
            if (agg != null) {
                throw Errors.at(sql, node.pos(), "correlated subqueries are not supported in an aggregated query: the subquery uses outer column "
                        + describe(probe.frame().used.values()) + "; move it into a FROM subquery or a WITH query");
            }
            List<Scope.Column> outer = List.copyOf(probe.frame().used.values());
            return new CorrelatedSubqueryEval(this, c, c.capture(), kind, query, coercedValue, keyType, negated, resultType,
                    scope, outer, node.pos());
        }
        Eval result = constant(kind, plan, coercedValue, keyType, negated, resultType, c.runner(), node.pos());
        if (!probe.frame().usedAny) {
            c.cacheUncorrelated(node, result);
        }
        return result;
    }

    /** Analyzes {@code query} with {@code scope} as its outer frame ({@code bound} values by slot, or a probe). */
    Probe probe(Composition c, QueryExpr query, Scope scope, Object[] bound) {
        Composition.Frame frame = c.pushFrame(scope, bound);
        try {
            SelectPlan plan = new SelectAnalyzer(c.db(), exprs).analyze(query);
            return new Probe(plan, frame);
        } finally {
            c.popFrame();
        }
    }

    private void checkColumns(Kind kind, SelectPlan plan, Pos pos) {
        if (kind != Kind.EXISTS && plan.visible != 1) {
            throw Errors.at(sql, pos, (kind == Kind.IN ? "subquery has too many columns" : "subquery must return only one column")
                    + ": it returns " + plan.visible + " (" + String.join(", ", plan.names.subList(0, plan.visible)) + ")");
        }
    }

    /** The type x and the subquery's column are compared in. */
    private SqlType inType(Eval value, SelectPlan plan, Pos pos) {
        Eval col = plan.outputs.get(0);
        Eval proxy = QueryComposer.untypedNull(col) ? col : new ColumnEval(0, col.type, "the subquery's column " + plan.names.get(0));
        return exprs.commonType(List.of(value, proxy), pos, "compare");
    }

    /** Runs an uncorrelated (or bound) subquery and returns its result as a constant expression. */
    Eval constant(Kind kind, SelectPlan plan, Eval value, SqlType keyType, boolean negated, SqlType resultType,
                  SubqueryRunner runner, Pos pos) {
        try {
            switch (kind) {
                case EXISTS -> {
                    return new ConstEval(SqlType.BOOLEAN, !runner.rows(plan, 1).isEmpty());
                }
                case SCALAR -> {
                    List<Object[]> rows = runner.rows(plan, 2);
                    if (rows.size() > 1) {
                        throw Errors.at(sql, pos, "more than one row returned by a subquery used as an expression");
                    }
                    return new ConstEval(resultType, rows.isEmpty() ? null : convert(rows.get(0)[0], resultType));
                }
                default -> {
                    List<ConstEval> values = distinctValues(runner, plan, keyType, pos);
                    if (values.isEmpty()) {
                        return new ConstEval(SqlType.BOOLEAN, negated); // x IN () is false, x NOT IN () true, even for NULL x
                    }
                    return new InListEval(value, values, negated);
                }
            }
        } catch (QueryException e) {
            throw Errors.at(sql, pos, e);
        }
    }

    /** The subquery's distinct values in {@code type}, NULL at most once; memory reserved per value. */
    List<ConstEval> distinctValues(SubqueryRunner runner, SelectPlan plan, SqlType type, Pos pos) {
        List<Object[]> rows = runner.rows(plan, Long.MAX_VALUE);
        Map<Object, ConstEval> distinct = new LinkedHashMap<>();
        boolean hasNull = false;
        for (Object[] row : rows) {
            Object v = convert(row[0], type);
            if (v == null) {
                hasNull = true;
                continue;
            }
            Object key = type == SqlType.DOUBLE ? (Object) SqlValues.doubleKey((Double) v) : v;
            if (!distinct.containsKey(key)) {
                distinct.put(key, new ConstEval(type, v));
                // a hash set entry, its boxed key and a ConstEval: about 96 bytes, plus the text
                runner.memory().reserve(96 + (v instanceof String s ? 2L * s.length() : 0), "the values of an IN subquery (" + distinct.size() + " distinct)");
            }
        }
        List<ConstEval> out = new ArrayList<>(distinct.values());
        if (hasNull) {
            out.add(new ConstEval(type, null));
        }
        return out;
    }

    /** A result value in {@code type} (BIGINT widened to DOUBLE; others as they are). */
    static Object convert(Object v, SqlType type) {
        if (v == null) {
            return null;
        }
        if (type == SqlType.DOUBLE && v instanceof Long l) {
            return (double) l;
        }
        return v;
    }

    static String describe(java.util.Collection<Scope.Column> cols) {
        List<String> names = new ArrayList<>();
        for (Scope.Column c : cols) {
            names.add((c.qualifier() == null ? "" : c.qualifier() + ".") + c.name());
        }
        return String.join(", ", names);
    }

    String sql() {
        return sql;
    }

    /**
     * Keeps WHERE conjuncts with a correlated subquery off the table scan: scans evaluate their filter
     * on worker threads, which must never wait for other scan tasks (ScanPool), and the subquery's own
     * scan would. So {@code p} then reads a plain scan of its table (with the other conjuncts, which
     * still prune) as a subquery of the same columns, and filters its rows on the consumer thread.
     */
    static void keepCorrelatedOffScans(SelectPlan p, String sql, Pos pos) {
        if (p.table == null || p.where.stream().noneMatch(SubqueryExpressions::correlated)) {
            return;
        }
        if (!p.latestBy.isEmpty()) {
            throw Errors.at(sql, pos, "LATEST BY cannot be combined with a correlated subquery in WHERE; use a FROM subquery");
        }
        SelectPlan scan = new SelectPlan();
        scan.table = p.table;
        scan.input = p.input;
        List<Eval> correlated = new ArrayList<>();
        for (Eval c : p.where) {
            (correlated(c) ? correlated : scan.where).add(c);
        }
        for (Scope.Column c : p.input.columns()) {
            scan.outputs.add(new ColumnEval(c.slot(), c.type(), c.name()));
            scan.names.add(c.name());
            scan.fills.add(SelectPlan.Fill.NONE);
        }
        scan.visible = scan.outputs.size();
        p.table = null;
        p.subquery = scan;
        p.where.clear();
        p.where.addAll(correlated);
    }

    private static boolean correlated(Eval e) {
        if (e instanceof CorrelatedSubqueryEval) {
            return true;
        }
        for (Eval c : e.children()) {
            if (correlated(c)) {
                return true;
            }
        }
        return false;
    }
}
