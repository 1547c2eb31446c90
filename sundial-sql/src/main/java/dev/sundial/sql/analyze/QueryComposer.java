package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.SortKey;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import dev.sundial.sql.parser.QueryExpr;
import dev.sundial.sql.parser.SelectQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyzes what a query expression adds to a SELECT: WITH queries (defined in order, each visible
 * to the later ones and to the body) and set operations (same column count in every input, types
 * unified as PostgreSQL does: equal types stay, BIGINT with DOUBLE gives DOUBLE, a NULL literal
 * takes the others' type), with ORDER BY / LIMIT / OFFSET over the whole result by output name,
 * position or an expression of the outputs. Each result is a {@link SelectPlan} reading its input
 * through {@link SelectPlan#setOp} or {@link SelectPlan#cte}. One per statement; not thread-safe.
 */
final class QueryComposer {
    private final SelectAnalyzer selects;
    private final ExprAnalyzer exprs;
    private final String sql;

    QueryComposer(SelectAnalyzer selects, ExprAnalyzer exprs) {
        this.selects = selects;
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    SelectPlan analyze(QueryExpr q) {
        return switch (q) {
            case SelectQuery s -> selects.analyze(s);
            case QueryExpr.With w -> with(w);
            case QueryExpr.SetOperation s -> setOperation(s);
        };
    }

    static Composition composition(ExprAnalyzer exprs, Pos pos, String what) {
        Composition c = exprs.composition();
        if (c == null) {
            throw Errors.at(exprs.sql(), pos, what + " is only supported in SELECT statements");
        }
        return c;
    }

    // ---- WITH

    private SelectPlan with(QueryExpr.With w) {
        Composition c = composition(exprs, w.pos(), "WITH");
        c.pushCtes();
        try {
            for (QueryExpr.Cte cte : w.ctes()) {
                SelectPlan plan = selects.analyze(cte.query());
                if (cte.columns().size() > plan.visible) {
                    throw Errors.at(sql, cte.pos(), "WITH query \"" + cte.name() + "\" has " + plan.visible
                            + " columns available but " + cte.columns().size() + " columns specified");
                }
                List<String> names = new ArrayList<>(plan.names.subList(0, plan.visible));
                for (int i = 0; i < cte.columns().size(); i++) {
                    names.set(i, cte.columns().get(i));
                }
                c.define(new CteDefinition(cte, plan, names));
            }
            return analyze(w.body());
        } finally {
            c.popCtes();
        }
    }

    /**
     * The plan a reference to a WITH query in FROM reads (its outputs the WITH query's columns), or
     * null when {@code name} is no WITH query in scope (it is then a table).
     */
    static SelectPlan cteReference(ExprAnalyzer exprs, String name) {
        Composition c = exprs.composition();
        CteDefinition def = c == null ? null : c.cte(name);
        if (def == null) {
            return null;
        }
        def.addReference();
        SelectPlan p = new SelectPlan();
        p.cte = def;
        List<String> names = def.names();
        List<Scope.Column> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            SqlType t = def.plan().outputs.get(i).type;
            cols.add(new Scope.Column(null, names.get(i), t, i, Scope.Kind.DERIVED));
            p.outputs.add(new ColumnEval(i, t, names.get(i)));
            p.names.add(names.get(i));
            p.fills.add(SelectPlan.Fill.NONE);
        }
        p.input = new Scope(cols, "WITH query \"" + name + "\"");
        p.visible = names.size();
        return p;
    }

    /** The columns of a derived input (a subquery or WITH query) as seen through {@code qualifier}. */
    static Scope derivedScope(SelectPlan sub, String qualifier, String what) {
        List<Scope.Column> cols = new ArrayList<>();
        for (int i = 0; i < sub.visible; i++) {
            cols.add(new Scope.Column(qualifier, sub.names.get(i), sub.outputs.get(i).type, i, Scope.Kind.DERIVED));
        }
        return new Scope(cols, what);
    }

    // ---- set operations

    private SelectPlan setOperation(QueryExpr.SetOperation s) {
        String opName = s.op().sql();
        List<SelectPlan> inputs = new ArrayList<>();
        for (QueryExpr in : s.inputs()) {
            inputs.add(analyze(in));
        }
        int width = inputs.get(0).visible;
        for (int k = 1; k < inputs.size(); k++) {
            if (inputs.get(k).visible != width) {
                throw Errors.at(sql, s.inputs().get(k).pos(), "each " + opName + " query must have the same number of columns: the first has "
                        + width + ", query " + (k + 1) + " has " + inputs.get(k).visible);
            }
        }
        List<SqlType> types = new ArrayList<>();
        List<Boolean> untyped = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            types.add(columnType(s, inputs, c, opName));
            final int col = c;
            untyped.add(inputs.stream().allMatch(in -> untyped(in, col)));
        }
        SelectPlan p = new SelectPlan();
        p.setOp = new SetOpPlan(s.op(), s.all(), inputs, types, untyped);
        List<Scope.Column> cols = new ArrayList<>();
        SelectPlan first = inputs.get(0);
        for (int c = 0; c < width; c++) {
            String name = first.names.get(c);
            cols.add(new Scope.Column(null, name, types.get(c), c, Scope.Kind.DERIVED));
            p.outputs.add(new ColumnEval(c, types.get(c), name));
            p.names.add(name);
            p.fills.add(SelectPlan.Fill.NONE);
        }
        p.input = new Scope(cols, opName + " result");
        p.visible = width;
        for (SelectQuery.OrderItem o : s.orderBy()) {
            int idx = outputIndex(p, o.expr(), opName);
            boolean nullsFirst = o.nullsFirst() != null ? o.nullsFirst() : o.descending();
            p.order.add(new SortKey(idx, o.descending(), nullsFirst));
        }
        p.limit = s.limit() == null ? Long.MAX_VALUE : nonNegative(s.limit(), "LIMIT");
        p.offset = s.offset() == null ? 0 : nonNegative(s.offset(), "OFFSET");
        return p;
    }

    /** The type of column {@code c} (0-based) over all inputs. */
    private SqlType columnType(QueryExpr.SetOperation s, List<SelectPlan> inputs, int c, String opName) {
        SqlType t = null;
        for (int k = 0; k < inputs.size(); k++) {
            Eval e = inputs.get(k).outputs.get(c);
            if (untyped(inputs.get(k), c)) {
                continue;
            }
            if (t == null || t == e.type) {
                t = e.type;
            } else if ((t == SqlType.BIGINT || t == SqlType.DOUBLE) && (e.type == SqlType.BIGINT || e.type == SqlType.DOUBLE)) {
                t = SqlType.DOUBLE;
            } else {
                throw Errors.at(sql, s.inputs().get(k).pos(), opName + " types " + t.sqlName() + " and " + e.type.sqlName()
                        + " cannot be matched in column " + (c + 1) + " (\"" + inputs.get(0).names.get(c) + "\"); cast one side");
            }
        }
        return t == null ? SqlType.VARCHAR : t;
    }

    /** Column {@code c} of {@code in} is NULL without a type: a bare NULL, or such a column of a set operation. */
    static boolean untyped(SelectPlan in, int c) {
        return untypedNull(in.outputs.get(c)) || (in.setOp != null && in.setOp.untyped().get(c));
    }

    /** A bare NULL: it takes the type of the other inputs' column. */
    static boolean untypedNull(Eval e) {
        return e instanceof ConstEval k && k.value == null && k.type == SqlType.VARCHAR;
    }

    /** ORDER BY item → output index: a position, an output name, or an expression of the outputs (added hidden). */
    private int outputIndex(SelectPlan p, Expr e, String opName) {
        if (e instanceof Expr.Literal l && l.value() instanceof Long ord) {
            if (ord < 1 || ord > p.visible) {
                throw Errors.at(sql, e.pos(), "ORDER BY position " + ord + " is not in the " + opName + " result (1.." + p.visible + ")");
            }
            return (int) (ord - 1);
        }
        if (e instanceof Expr.ColumnRef c && c.qualifier() == null) {
            int i = p.names.subList(0, p.visible).indexOf(c.name());
            if (i >= 0) {
                return i;
            }
        }
        Eval x = exprs.analyze(e, p.input, null, "in ORDER BY");
        p.outputs.add(x);
        p.names.add(SelectAnalyzer.defaultName(e));
        p.fills.add(SelectPlan.Fill.NONE);
        return p.outputs.size() - 1;
    }

    private long nonNegative(Expr e, String what) {
        Eval v = exprs.analyze(e, Scope.empty());
        if (v instanceof ConstEval c && c.value instanceof Long n && n >= 0) {
            return n;
        }
        if (v instanceof ConstEval c && c.value == null) {
            return what.equals("LIMIT") ? Long.MAX_VALUE : 0;
        }
        throw Errors.at(sql, e.pos(), what + " must be a non-negative integer constant, got " + v.describe());
    }
}
