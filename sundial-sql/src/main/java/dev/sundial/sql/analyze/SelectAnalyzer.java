package dev.sundial.sql.analyze;

import dev.sundial.Sundial;
import dev.sundial.SqlType;
import dev.sundial.Table;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.LogicalEval;
import dev.sundial.sql.exec.SortKey;
import dev.sundial.sql.function.AggregateKind;
import dev.sundial.sql.function.TimeBucketEval;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.QueryExpr;
import dev.sundial.sql.parser.SelectQuery;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyzes a SELECT into a {@link SelectPlan}: resolves the FROM (table or subquery), expands
 * {@code *}, resolves GROUP BY items (ordinals, select aliases, expressions), checks that
 * non-aggregated columns are grouped, and places ORDER BY / DISTINCT ON items on output columns
 * (adding hidden ones for expressions not selected). Stateless apart from the statement's
 * {@link ExprAnalyzer}.
 */
public final class SelectAnalyzer {
    private final Sundial db;
    private final ExprAnalyzer exprs;
    private final String sql;

    public SelectAnalyzer(Sundial db, ExprAnalyzer exprs) {
        this.db = db;
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    /** Looks up a table or fails with a "did you mean". */
    public static Table table(Sundial db, String name, String sql, dev.sundial.sql.parser.Pos pos) {
        Table t = db.table(name);
        if (t == null) {
            List<String> names = db.tables().stream().map(Table::name).toList();
            String hint = Scope.closest(name, names);
            throw Errors.at(sql, pos, "table \"" + name + "\" does not exist" + (hint == null ? "" : "; did you mean \"" + hint + "\"?"));
        }
        return t;
    }

    /** The scope of a table: slot 0 the timestamp, then the tags, then the value columns. */
    public static Scope tableScope(Table t, String qualifier) {
        TableSchema s = t.schema();
        List<Scope.Column> cols = new ArrayList<>();
        cols.add(new Scope.Column(qualifier, s.timestampColumn(), SqlType.TIMESTAMP, 0, Scope.Kind.TIMESTAMP));
        for (int i = 0; i < s.tagCount(); i++) {
            cols.add(new Scope.Column(qualifier, s.tags().get(i), SqlType.VARCHAR, 1 + i, Scope.Kind.TAG));
        }
        for (int i = 0; i < s.valueCount(); i++) {
            ColumnDef c = s.value(i);
            SqlType type = switch (c.type()) {
                case DOUBLE -> SqlType.DOUBLE;
                case BIGINT -> SqlType.BIGINT;
                case BOOLEAN -> SqlType.BOOLEAN;
                case VARCHAR -> SqlType.VARCHAR;
            };
            cols.add(new Scope.Column(qualifier, c.name(), type, 1 + s.tagCount() + i, Scope.Kind.VALUE));
        }
        return new Scope(cols, "table \"" + t.name() + "\"");
    }

    /** A query expression: a SELECT, or WITH and set operations ({@link QueryComposer}). */
    public SelectPlan analyze(QueryExpr q) {
        return q instanceof SelectQuery s ? analyze(s) : new QueryComposer(this, exprs).analyze(q);
    }

    public SelectPlan analyze(SelectQuery q) {
        // window functions belong to the select list and ORDER BY of this SELECT only
        WindowAnalyzer outerWindows = exprs.windows(null);
        try {
            return analyzeSelect(q);
        } finally {
            exprs.windows(outerWindows);
        }
    }

    private SelectPlan analyzeSelect(SelectQuery q) {
        SelectPlan p = new SelectPlan();
        // FROM
        if (q.from() instanceof SelectQuery.Join j) {
            p.join = new JoinAnalyzer(this, exprs).analyze(j);
            p.input = p.join.scope;
        } else {
            fromItem(q.from(), p);
        }
        // WHERE
        if (q.where() != null) {
            Eval w = exprs.analyze(q.where(), p.input, null, "in WHERE");
            if (w.type != SqlType.BOOLEAN && !(w instanceof ConstEval c && c.value == null)) {
                throw Errors.at(sql, q.where().pos(), "WHERE must be a BOOLEAN condition, but " + w.describe() + " is " + w.type.sqlName());
            }
            if (p.join != null) {
                new JoinPushDown(exprs, p.join).where(q.where(), p.where);
            } else {
                splitConjuncts(w, p.where);
            }
        }
        // select items (with * expanded)
        List<Expr> items = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SelectQuery.SelectItem it : q.items()) {
            if (it.expr() instanceof Expr.Star star) {
                if (star.qualifier() != null && p.input.columns().stream().noneMatch(c -> star.qualifier().equals(c.qualifier()))) {
                    p.input.resolve(new Expr.ColumnRef(star.qualifier(), "*", star.pos()), sql); // names the unknown qualifier
                }
                for (Scope.Column c : p.input.columns()) {
                    if (star.qualifier() == null ? !c.qualifiedOnly() : star.qualifier().equals(c.qualifier())) {
                        items.add(new Expr.ColumnRef(c.qualifier(), c.name(), star.pos()));
                        names.add(c.name());
                    }
                }
                if (p.input.columns().isEmpty()) {
                    throw Errors.at(sql, star.pos(), "SELECT * needs a FROM clause");
                }
                continue;
            }
            items.add(it.expr());
            names.add(it.alias() != null ? it.alias() : defaultName(it.expr()));
        }
        // LATEST BY
        for (Expr e : q.latestBy()) {
            if (!(e instanceof Expr.ColumnRef c)) {
                throw Errors.at(sql, e.pos(), "LATEST BY takes column names");
            }
            if (p.table == null) {
                throw Errors.at(sql, e.pos(), "LATEST BY needs a table in FROM");
            }
            p.latestBy.add(p.input.resolve(c, sql).slot());
        }
        // aggregation?
        boolean hasAgg = q.having() != null || !q.groupBy().isEmpty();
        for (Expr e : items) {
            hasAgg |= containsAggregate(e);
        }
        p.aggregate = hasAgg;
        if (hasAgg && !p.latestBy.isEmpty()) {
            throw Errors.at(sql, q.pos(), "LATEST BY cannot be combined with GROUP BY or aggregates; use a subquery");
        }
        ExprAnalyzer.AggContext agg = hasAgg ? new ExprAnalyzer.AggContext() : null;
        p.agg = agg;
        if (hasAgg) {
            for (Expr g : q.groupBy()) {
                Expr resolved = g;
                if (g instanceof Expr.Literal l && l.value() instanceof Long ord) {
                    if (ord < 1 || ord > items.size()) {
                        throw Errors.at(sql, g.pos(), "GROUP BY position " + ord + " is not in the select list (1.." + items.size() + ")");
                    }
                    resolved = items.get((int) (ord - 1));
                } else if (g instanceof Expr.ColumnRef c && c.qualifier() == null && !hasColumn(p.input, c.name())) {
                    int i = names.indexOf(c.name());
                    if (i >= 0) {
                        resolved = items.get(i);
                    }
                }
                if (containsAggregate(resolved)) {
                    throw Errors.at(sql, g.pos(), "aggregate functions are not allowed in GROUP BY");
                }
                Eval key = exprs.analyze(resolved, p.input, null, "in GROUP BY");
                agg.addKey(resolved, key);
                if (key instanceof TimeBucketEval tb && tb.isGapfill()) {
                    p.gapfillKey = agg.keys().size() - 1;
                    if (resolved instanceof Expr.Call call && call.args().size() >= 4) {
                        int at = call.args().size() - 2; // (width, ts [, zone], start, finish)
                        p.gapfillStart = constantTimestamp(call.args().get(at), p.input);
                        p.gapfillEnd = constantTimestamp(call.args().get(at + 1), p.input);
                    }
                }
            }
        }
        // outputs
        WindowAnalyzer windows = new WindowAnalyzer(exprs);
        exprs.windows(windows);
        for (int i = 0; i < items.size(); i++) {
            Expr e = items.get(i);
            SelectPlan.Fill fill = SelectPlan.Fill.NONE;
            if (e instanceof Expr.Call c && (c.name().equals("locf") || c.name().equals("interpolate")) && c.args().size() == 1) {
                if (p.gapfillKey < 0) {
                    throw Errors.at(sql, c.pos(), c.name() + "() needs GROUP BY time_bucket_gapfill(…)");
                }
                fill = c.name().equals("locf") ? SelectPlan.Fill.LOCF : SelectPlan.Fill.INTERPOLATE;
                e = c.args().get(0);
            }
            Eval out = exprs.analyze(e, p.input, agg, "in the select list");
            if (fill == SelectPlan.Fill.INTERPOLATE && out.type != SqlType.DOUBLE && out.type != SqlType.BIGINT) {
                throw Errors.at(sql, e.pos(), "interpolate() needs a numeric value, got " + out.type.sqlName());
            }
            p.outputs.add(out);
            p.names.add(names.get(i));
            p.fills.add(fill);
        }
        p.visible = p.outputs.size();
        if (q.having() != null) {
            Eval h = exprs.analyze(q.having(), p.input, agg, "in HAVING");
            if (h.type != SqlType.BOOLEAN) {
                throw Errors.at(sql, q.having().pos(), "HAVING must be a BOOLEAN condition");
            }
            p.having = h;
        }
        p.distinct = q.distinct();
        for (Expr e : q.distinctOn()) {
            p.distinctOn.add(outputIndex(p, e, items, agg));
        }
        for (SelectQuery.OrderItem o : q.orderBy()) {
            int idx = outputIndex(p, o.expr(), items, agg);
            boolean nullsFirst = o.nullsFirst() != null ? o.nullsFirst() : o.descending();
            p.order.add(new SortKey(idx, o.descending(), nullsFirst));
        }
        if (p.distinct && p.outputs.size() > p.visible) {
            throw Errors.at(sql, q.pos(), "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
        }
        windows.assignSlots(hasAgg ? agg.keys().size() + agg.aggregates().size() : p.input.columns().size());
        p.windows.addAll(windows.calls());
        exprs.windows(null);
        p.limit = q.limit() == null ? Long.MAX_VALUE : nonNegative(q.limit(), "LIMIT");
        p.offset = q.offset() == null ? 0 : nonNegative(q.offset(), "OFFSET");
        SubqueryExpressions.keepCorrelatedOffScans(p, sql, q.pos());
        return p;
    }

    /**
     * Sets what {@code p} reads from a table or a subquery (or nothing, for null): {@code p.table} or
     * {@code p.subquery}, and {@code p.input}. Joins call it for each side.
     */
    void fromItem(SelectQuery.FromItem from, SelectPlan p) {
        SelectPlan cte;
        if (from instanceof SelectQuery.TableRef ref && (cte = QueryComposer.cteReference(exprs, ref.name())) != null) {
            // a WITH query shadows a table of the same name
            p.subquery = cte;
            p.input = QueryComposer.derivedScope(cte, ref.alias() != null ? ref.alias() : ref.name(), "WITH query \"" + ref.name() + "\"");
        } else if (from instanceof SelectQuery.TableRef ref) {
            p.table = table(db, ref.name(), sql, ref.pos());
            p.input = tableScope(p.table, ref.alias() != null ? ref.alias() : ref.name());
        } else if (from instanceof SelectQuery.Subquery sq) {
            p.subquery = analyze(sq.query());
            List<Scope.Column> cols = new ArrayList<>();
            for (int i = 0; i < p.subquery.visible; i++) {
                cols.add(new Scope.Column(sq.alias(), p.subquery.names.get(i), p.subquery.outputs.get(i).type, i, Scope.Kind.DERIVED));
            }
            p.input = new Scope(cols, "subquery" + (sq.alias() == null ? "" : " \"" + sq.alias() + "\""));
        } else {
            p.input = Scope.empty();
        }
    }

    private Long constantTimestamp(Expr e, Scope scope) {
        Eval v = exprs.coerce(exprs.analyze(e, scope), SqlType.TIMESTAMP, e.pos());
        if (v instanceof ConstEval c && c.value != null) {
            return (Long) c.value;
        }
        throw Errors.at(sql, e.pos(), "the start and end of time_bucket_gapfill() must be constant timestamps");
    }

    private static boolean hasColumn(Scope s, String name) {
        return s.columns().stream().anyMatch(c -> c.name().equals(name));
    }

    /** ORDER BY / DISTINCT ON item → output index: ordinal, output name, or an expression (added hidden). */
    private int outputIndex(SelectPlan p, Expr e, List<Expr> items, ExprAnalyzer.AggContext agg) {
        if (e instanceof Expr.Literal l && l.value() instanceof Long ord) {
            if (ord < 1 || ord > p.visible) {
                throw Errors.at(sql, e.pos(), "ORDER BY position " + ord + " is not in the select list (1.." + p.visible + ")");
            }
            return (int) (ord - 1);
        }
        if (e instanceof Expr.ColumnRef c && c.qualifier() == null) {
            int i = p.names.subList(0, p.visible).indexOf(c.name());
            if (i >= 0) {
                return i;
            }
        }
        String key = AstKey.of(e);
        for (int i = 0; i < items.size() && i < p.visible; i++) {
            if (AstKey.of(items.get(i)).equals(key)) {
                return i;
            }
        }
        Eval x = exprs.analyze(e, p.input, agg, "in ORDER BY");
        p.outputs.add(x);
        p.names.add(defaultName(e));
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

    /** Adds the AND-ed parts of {@code e} to {@code out}. */
    public static void splitConjuncts(Eval e, List<Eval> out) {
        if (e instanceof LogicalEval l && l.kind == LogicalEval.Kind.AND) {
            for (Eval c : l.children()) {
                splitConjuncts(c, out);
            }
        } else {
            out.add(e);
        }
    }

    static boolean containsAggregate(Expr e) {
        return switch (e) {
            case null -> false;
            // a window function is not an aggregate, but its arguments and window may hold some
            case Expr.Call c when c.over() != null -> c.args().stream().anyMatch(SelectAnalyzer::containsAggregate)
                    || containsAggregate(c.filter())
                    || c.over().partitionBy().stream().anyMatch(SelectAnalyzer::containsAggregate)
                    || c.over().orderBy().stream().anyMatch(o -> containsAggregate(o.expr()));
            case Expr.Call c -> AggregateKind.of(c.name(), c.distinct(), c.star()) != null
                    || c.args().stream().anyMatch(SelectAnalyzer::containsAggregate);
            case Expr.Unary u -> containsAggregate(u.operand());
            case Expr.Binary b -> containsAggregate(b.left()) || containsAggregate(b.right());
            case Expr.Logical l -> l.operands().stream().anyMatch(SelectAnalyzer::containsAggregate);
            case Expr.Like l -> containsAggregate(l.value());
            case Expr.InList i -> containsAggregate(i.value()) || i.list().stream().anyMatch(SelectAnalyzer::containsAggregate);
            case Expr.InSubquery i -> containsAggregate(i.value());
            case Expr.Between b -> containsAggregate(b.value()) || containsAggregate(b.low()) || containsAggregate(b.high());
            case Expr.IsNull i -> containsAggregate(i.value());
            case Expr.Cast c -> containsAggregate(c.value());
            case Expr.Case c -> containsAggregate(c.operand()) || containsAggregate(c.otherwise())
                    || c.whens().stream().anyMatch(w -> containsAggregate(w.condition()) || containsAggregate(w.result()));
            default -> false;
        };
    }

    /** PostgreSQL's default column names: the column, the function name, or "?column?". */
    static String defaultName(Expr e) {
        return switch (e) {
            case Expr.ColumnRef c -> c.name();
            // locf()/interpolate() take their argument's name; with no argument the analyzer reports
            // the arity error later, so the name only must not fail here.
            case Expr.Call c -> (c.name().equals("locf") || c.name().equals("interpolate")) && !c.args().isEmpty()
                    ? defaultName(c.args().get(0)) : c.name();
            case Expr.Cast c -> defaultName(c.value());
            default -> "?column?";
        };
    }
}
