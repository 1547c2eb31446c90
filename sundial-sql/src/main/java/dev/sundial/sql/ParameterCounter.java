package dev.sundial.sql;

import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.QueryExpr;
import dev.sundial.sql.parser.SelectQuery;
import dev.sundial.sql.parser.Statement;
import java.util.List;

/** Counts the parameters of a statement: the highest {@code $n} (or number of {@code ?}). Stateless. */
final class ParameterCounter {
    private ParameterCounter() {
    }

    static int count(Statement s) {
        return switch (s) {
            case Statement.Select sel -> query(sel.query());
            case Statement.Compound c -> query(c.query());
            case Statement.Explain ex -> count(ex.statement());
            case Statement.Insert i -> i.rows().stream().mapToInt(r -> max(r)).max().orElse(0);
            case Statement.Delete d -> expr(d.where());
            default -> 0;
        };
    }

    private static int query(QueryExpr q) {
        return switch (q) {
            case SelectQuery s -> query(s);
            case QueryExpr.With w -> {
                int m = query(w.body());
                for (QueryExpr.Cte c : w.ctes()) {
                    m = Math.max(m, query(c.query()));
                }
                yield m;
            }
            case QueryExpr.SetOperation s -> {
                int m = Math.max(max(s.orderBy().stream().map(SelectQuery.OrderItem::expr).toList()),
                        Math.max(expr(s.limit()), expr(s.offset())));
                for (QueryExpr in : s.inputs()) {
                    m = Math.max(m, query(in));
                }
                yield m;
            }
        };
    }

    private static int query(SelectQuery q) {
        int m = 0;
        for (SelectQuery.SelectItem it : q.items()) {
            m = Math.max(m, expr(it.expr()));
        }
        if (q.from() instanceof SelectQuery.Subquery sq) {
            m = Math.max(m, query(sq.query()));
        }
        m = Math.max(m, join(q.from()));
        m = Math.max(m, expr(q.where()));
        m = Math.max(m, max(q.groupBy()));
        m = Math.max(m, expr(q.having()));
        m = Math.max(m, max(q.distinctOn()));
        for (SelectQuery.OrderItem o : q.orderBy()) {
            m = Math.max(m, expr(o.expr()));
        }
        m = Math.max(m, expr(q.limit()));
        return Math.max(m, expr(q.offset()));
    }

    /** Parameters in a join tree's conditions and subqueries (0 for anything else). */
    private static int join(SelectQuery.FromItem f) {
        if (f instanceof SelectQuery.Join j) {
            int m = Math.max(expr(j.on()), expr(j.tolerance()));
            for (SelectQuery.FromItem side : List.of(j.left(), j.right())) {
                m = Math.max(m, side instanceof SelectQuery.Subquery sq ? query(sq.query()) : join(side));
            }
            return m;
        }
        return 0;
    }

    private static int max(List<Expr> l) {
        int m = 0;
        for (Expr e : l) {
            m = Math.max(m, expr(e));
        }
        return m;
    }

    private static int expr(Expr e) {
        return switch (e) {
            case null -> 0;
            case Expr.Parameter p -> p.index();
            case Expr.Unary u -> expr(u.operand());
            case Expr.Binary b -> Math.max(expr(b.left()), expr(b.right()));
            case Expr.Logical l -> max(l.operands());
            case Expr.Like l -> Math.max(expr(l.value()), expr(l.pattern()));
            case Expr.InList i -> Math.max(expr(i.value()), max(i.list()));
            case Expr.InSubquery i -> Math.max(expr(i.value()), query(i.query()));
            case Expr.Exists x -> query(x.query());
            case Expr.ScalarSubquery s -> query(s.query());
            case Expr.Between b -> Math.max(expr(b.value()), Math.max(expr(b.low()), expr(b.high())));
            case Expr.IsNull i -> expr(i.value());
            case Expr.Call c -> Math.max(max(c.args()), max(c.suffixExprs()));
            case Expr.Cast c -> expr(c.value());
            case Expr.Case c -> {
                int m = Math.max(expr(c.operand()), expr(c.otherwise()));
                for (Expr.When w : c.whens()) {
                    m = Math.max(m, Math.max(expr(w.condition()), expr(w.result())));
                }
                yield m;
            }
            default -> 0;
        };
    }
}
