package dev.sundial.sql.analyze;

import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an expression with every position set to {@link Pos#NONE}, so that two occurrences of the
 * same expression compare equal (a GROUP BY expression repeated in the select list, a repeated
 * aggregate computed once). Stateless.
 */
final class AstStripper {
    private AstStripper() {
    }

    static Expr strip(Expr e) {
        Pos n = Pos.NONE;
        return switch (e) {
            case null -> null;
            case Expr.Literal l -> new Expr.Literal(l.value(), n);
            case Expr.TypedLiteral t -> new Expr.TypedLiteral(t.type(), t.text(), n);
            case Expr.ColumnRef c -> new Expr.ColumnRef(c.qualifier(), c.name(), n);
            case Expr.Star s -> new Expr.Star(s.qualifier(), n);
            case Expr.Parameter p -> new Expr.Parameter(p.index(), n);
            case Expr.Unary u -> new Expr.Unary(u.op(), strip(u.operand()), n);
            case Expr.Binary b -> new Expr.Binary(b.op(), strip(b.left()), strip(b.right()), n);
            case Expr.Like l -> new Expr.Like(strip(l.value()), strip(l.pattern()), l.negated(), l.caseInsensitive(), n);
            case Expr.InList i -> new Expr.InList(strip(i.value()), stripAll(i.list()), i.negated(), n);
            case Expr.Between b -> new Expr.Between(strip(b.value()), strip(b.low()), strip(b.high()), b.negated(), n);
            case Expr.IsNull i -> new Expr.IsNull(strip(i.value()), i.negated(), n);
            case Expr.Call c -> new Expr.Call(c.name(), stripAll(c.args()), c.distinct(), c.star(), n);
            case Expr.Cast c -> new Expr.Cast(strip(c.value()), c.type(), n);
            case Expr.Case c -> {
                List<Expr.When> ws = new ArrayList<>();
                for (Expr.When w : c.whens()) {
                    ws.add(new Expr.When(strip(w.condition()), strip(w.result())));
                }
                yield new Expr.Case(strip(c.operand()), ws, strip(c.otherwise()), n);
            }
        };
    }

    static List<Expr> stripAll(List<Expr> l) {
        List<Expr> out = new ArrayList<>(l.size());
        for (Expr e : l) {
            out.add(strip(e));
        }
        return out;
    }
}
