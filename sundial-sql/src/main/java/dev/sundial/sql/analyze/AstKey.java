package dev.sundial.sql.analyze;

import dev.sundial.sql.parser.Expr;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * A canonical text of an expression without its positions, so that two occurrences of the same
 * expression compare equal (a GROUP BY expression repeated in the select list, a repeated aggregate
 * computed once). Built with an explicit stack and compared as a string, so that neither building
 * nor comparing recurses as deep as the expression (record equality would, several stack frames
 * per level). Names and texts are length-prefixed, so different trees never share a key. Stateless.
 */
final class AstKey {
    private AstKey() {
    }

    static String of(Expr root) {
        StringBuilder sb = new StringBuilder();
        ArrayDeque<Object> todo = new ArrayDeque<>(); // Expr nodes to write, or text to append
        children(sb, todo, root);
        while (!todo.isEmpty()) {
            Object next = todo.pop();
            if (next instanceof String text) {
                sb.append(text);
                continue;
            }
            Expr e = (Expr) next;
            sb.append('(');
            todo.push(")");
            switch (e) {
                case Expr.Literal l -> {
                    switch (l.value()) {
                        case null -> sb.append("null");
                        case Long v -> sb.append("long ").append(v);
                        case Double v -> sb.append("double ").append(v);
                        case Boolean v -> sb.append("bool ").append(v);
                        case String v -> text(sb.append("text"), v);
                        default -> text(sb.append(l.value().getClass().getSimpleName()), l.value().toString());
                    }
                }
                case Expr.TypedLiteral t -> text(text(sb.append("typed"), t.type()), t.text());
                case Expr.ColumnRef c -> text(text(sb.append("column"), c.qualifier()), c.name());
                case Expr.Star s -> text(sb.append("star"), s.qualifier());
                case Expr.Parameter p -> sb.append("param ").append(p.index());
                case Expr.Unary u -> children(text(sb.append("unary"), u.op()), todo, u.operand());
                case Expr.Binary b -> children(text(sb.append("binary"), b.op()), todo, b.left(), b.right());
                case Expr.Logical l -> children(text(sb.append("logical"), l.op()), todo, l.operands());
                case Expr.Like l -> children(sb.append("like ").append(l.negated()).append(' ').append(l.caseInsensitive()),
                        todo, l.value(), l.pattern());
                case Expr.InList i -> {
                    children(sb.append("in ").append(i.negated()), todo, i.list());
                    children(sb, todo, i.value()); // written first
                }
                // a subquery is its own statement part: the same text twice is two subqueries, told apart by position
                case Expr.InSubquery i -> children(sb.append("insubquery ").append(i.negated()).append(' ')
                        .append(i.query().pos().offset()), todo, i.value());
                case Expr.Exists x -> sb.append("exists ").append(x.query().pos().offset());
                case Expr.ScalarSubquery q -> sb.append("scalarsubquery ").append(q.query().pos().offset());
                case Expr.Between b -> children(sb.append("between ").append(b.negated()), todo, b.value(), b.low(), b.high());
                case Expr.IsNull i -> children(sb.append("isnull ").append(i.negated()), todo, i.value());
                case Expr.Call c -> children(text(text(sb.append("call"), c.name()).append(' ').append(c.distinct()).append(' ')
                        .append(c.star()), callSuffix(c)), todo, c.args());
                case Expr.Cast c -> children(text(sb.append("cast"), c.type()), todo, c.value());
                case Expr.Case c -> {
                    // written in order: operand, each WHEN's condition and result, ELSE
                    sb.append("case ").append(c.whens().size());
                    children(sb, todo, c.otherwise());
                    for (int w = c.whens().size() - 1; w >= 0; w--) {
                        children(sb, todo, c.whens().get(w).condition(), c.whens().get(w).result());
                    }
                    children(sb, todo, c.operand());
                }
            }
        }
        return sb.toString();
    }

    /**
     * The key of a call's FILTER, WITHIN GROUP and OVER parts (null when it has none), so that
     * {@code sum(x)} and {@code sum(x) OVER (…)} differ. These parts are short and not chains, so
     * their keys are built recursively.
     */
    private static String callSuffix(Expr.Call c) {
        if (c.filter() == null && c.withinGroup().isEmpty() && c.over() == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        text(sb.append("filter"), c.filter() == null ? null : of(c.filter()));
        orderItems(sb.append(" within"), c.withinGroup());
        if (c.over() != null) {
            Expr.Window w = c.over();
            sb.append(" over ").append(w.partitionBy().size());
            for (Expr p : w.partitionBy()) {
                text(sb, of(p));
            }
            orderItems(sb, w.orderBy());
            Expr.Frame f = w.frame();
            if (f != null) {
                sb.append(" frame ").append(f.rows());
                for (Expr.FrameBound b : List.of(f.start(), f.end())) {
                    text(sb.append(' ').append(b.kind()), b.offset() == null ? null : of(b.offset()));
                }
            }
        }
        return sb.toString();
    }

    private static void orderItems(StringBuilder sb, List<dev.sundial.sql.parser.SelectQuery.OrderItem> items) {
        sb.append(' ').append(items.size());
        for (dev.sundial.sql.parser.SelectQuery.OrderItem o : items) {
            text(sb.append(' ').append(o.descending()).append(' ').append(o.nullsFirst()), of(o.expr()));
        }
    }

    /** Appends a space and {@code s} length-prefixed ("~" for null). */
    private static StringBuilder text(StringBuilder sb, String s) {
        return s == null ? sb.append(" ~") : sb.append(' ').append(s.length()).append(':').append(s);
    }

    /** Schedules {@code children} (null ones as "~") to be written next, in order. */
    private static StringBuilder children(StringBuilder sb, ArrayDeque<Object> todo, Expr... children) {
        return children(sb, todo, Arrays.asList(children));
    }

    private static StringBuilder children(StringBuilder sb, ArrayDeque<Object> todo, List<Expr> children) {
        for (int i = children.size() - 1; i >= 0; i--) {
            Expr c = children.get(i);
            todo.push(c == null ? "~" : c); // popped first to last
            todo.push(" ");
        }
        return sb;
    }
}
