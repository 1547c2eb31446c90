package dev.sundial.sql.parser;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helpers: AST constructors without positions, position-blind comparison, and a compact
 * prefix notation of expressions ("(+ a (* b c))") for precedence tests.
 */
final class Ast {
    private Ast() {
    }

    /** The record's text with every position removed, so ASTs compare regardless of Pos. */
    static String noPos(Object ast) {
        return String.valueOf(ast)
                .replaceAll("Pos\\[line=\\d+, column=\\d+, offset=\\d+]", "P")
                .replaceAll(", (namePos|tablePos)=P", "")
                .replaceAll(", optionPositions=\\{[^}]*}", "")
                .replaceAll(", columnPositions=\\[[^\\]]*]", "")
                .replaceAll("(, )?pos=P", "");
    }

    static Expr col(String name) {
        return new Expr.ColumnRef(null, name, Pos.NONE);
    }

    static Expr col(String qualifier, String name) {
        return new Expr.ColumnRef(qualifier, name, Pos.NONE);
    }

    static Expr lit(Object value) {
        return new Expr.Literal(value, Pos.NONE);
    }

    /** A binary operator; AND and OR become a flat {@link Expr.Logical}, as the parser builds them. */
    static Expr bin(String op, Expr left, Expr right) {
        if (op.equals("AND") || op.equals("OR")) {
            return Expr.Logical.of(op, left, right, Pos.NONE);
        }
        return new Expr.Binary(op, left, right, Pos.NONE);
    }

    static Expr call(String name, Expr... args) {
        return new Expr.Call(name, List.of(args), false, false, Pos.NONE);
    }

    static Expr param(int index) {
        return new Expr.Parameter(index, Pos.NONE);
    }

    static SelectQuery.SelectItem item(Expr e, String alias) {
        return new SelectQuery.SelectItem(e, alias, Pos.NONE);
    }

    static Expr expr(String text) {
        Statement s = SqlParser.parse("SELECT " + text);
        return ((Statement.Select) s).query().items().get(0).expr();
    }

    static SelectQuery query(String sql) {
        return ((Statement.Select) SqlParser.parse(sql)).query();
    }

    /** Prefix notation: (op operands…); names and literals as themselves, strings in quotes. */
    static String sexp(Expr e) {
        return switch (e) {
            case Expr.Literal l -> l.value() instanceof String s ? "'" + s + "'" : String.valueOf(l.value());
            case Expr.TypedLiteral t -> t.type() + "'" + t.text() + "'";
            case Expr.ColumnRef c -> c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name();
            case Expr.Star s -> s.qualifier() == null ? "*" : s.qualifier() + ".*";
            case Expr.Parameter p -> "$" + p.index();
            case Expr.Unary u -> "(" + u.op() + " " + sexp(u.operand()) + ")";
            case Expr.Binary b -> "(" + b.op() + " " + sexp(b.left()) + " " + sexp(b.right()) + ")";
            case Expr.Logical l -> "(" + l.op() + " " + l.operands().stream().map(Ast::sexp).collect(Collectors.joining(" ")) + ")";
            case Expr.Like l -> "(" + (l.negated() ? "NOT " : "") + (l.caseInsensitive() ? "ILIKE " : "LIKE ")
                    + sexp(l.value()) + " " + sexp(l.pattern()) + ")";
            case Expr.InList i -> "(" + (i.negated() ? "NOT " : "") + "IN " + sexp(i.value()) + " ["
                    + i.list().stream().map(Ast::sexp).collect(Collectors.joining(" ")) + "])";
            case Expr.InSubquery i -> "(" + (i.negated() ? "NOT " : "") + "IN " + sexp(i.value()) + " (SELECT …))";
            case Expr.Exists x -> "(EXISTS (SELECT …))";
            case Expr.ScalarSubquery q -> "(SELECT …)";
            case Expr.Between b -> "(" + (b.negated() ? "NOT " : "") + "BETWEEN " + sexp(b.value()) + " "
                    + sexp(b.low()) + " " + sexp(b.high()) + ")";
            case Expr.IsNull n -> "(" + (n.negated() ? "IS-NOT-NULL " : "IS-NULL ") + sexp(n.value()) + ")";
            case Expr.Call c -> c.name() + "(" + (c.distinct() ? "DISTINCT " : "") + (c.star() ? "*" : "")
                    + c.args().stream().map(Ast::sexp).collect(Collectors.joining(" ")) + ")";
            case Expr.Cast c -> "(:: " + sexp(c.value()) + " " + c.type() + ")";
            case Expr.Case c -> "(CASE" + (c.operand() == null ? "" : " " + sexp(c.operand()))
                    + c.whens().stream().map(w -> " (WHEN " + sexp(w.condition()) + " " + sexp(w.result()) + ")")
                    .collect(Collectors.joining())
                    + (c.otherwise() == null ? "" : " (ELSE " + sexp(c.otherwise()) + ")") + ")";
        };
    }

    static String sexp(String exprText) {
        return sexp(expr(exprText));
    }
}
