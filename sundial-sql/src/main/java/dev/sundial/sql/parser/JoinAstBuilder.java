package dev.sundial.sql.parser;

import dev.sundial.sql.parser.SelectQuery.FromItem;
import dev.sundial.sql.parser.SelectQuery.JoinKind;
import dev.sundial.sql.parser.SundialSqlParser.AsofJoinContext;
import dev.sundial.sql.parser.SundialSqlParser.CrossJoinContext;
import dev.sundial.sql.parser.SundialSqlParser.FromClauseContext;
import dev.sundial.sql.parser.SundialSqlParser.IdentifierContext;
import dev.sundial.sql.parser.SundialSqlParser.JoinPartContext;
import dev.sundial.sql.parser.SundialSqlParser.JoinSourceContext;
import dev.sundial.sql.parser.SundialSqlParser.JoinTypeContext;
import dev.sundial.sql.parser.SundialSqlParser.JoinedTableContext;
import dev.sundial.sql.parser.SundialSqlParser.NaturalJoinContext;
import dev.sundial.sql.parser.SundialSqlParser.QualifiedJoinContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the FROM clause's AST: tables and subqueries (through {@link AstBuilder#fromItem}) joined
 * left to right into {@link SelectQuery.Join} trees; a comma is a CROSS join. Refuses, with what is
 * unsupported, the forms Sundial does not run (NATURAL joins, JOIN without ON or USING). Used by
 * one {@link AstBuilder}; not thread-safe.
 */
final class JoinAstBuilder {
    private final AstBuilder ast;
    private final String sql;

    JoinAstBuilder(AstBuilder ast, String sql) {
        this.ast = ast;
        this.sql = sql;
    }

    FromItem fromClause(FromClauseContext ctx) {
        FromItem from = joinedTable(ctx.joinedTable(0));
        for (int i = 1; i < ctx.joinedTable().size(); i++) {
            JoinedTableContext t = ctx.joinedTable(i);
            from = new SelectQuery.Join(JoinKind.CROSS, from, joinedTable(t), null, List.of(), null, AstBuilder.pos(t.start));
        }
        return from;
    }

    private FromItem joinedTable(JoinedTableContext ctx) {
        FromItem left = source(ctx.joinSource());
        for (JoinPartContext part : ctx.joinPart()) {
            left = join(left, part);
        }
        return left;
    }

    private FromItem source(JoinSourceContext ctx) {
        return ctx.fromItem() != null ? ast.fromItem(ctx.fromItem()) : joinedTable(ctx.joinedTable());
    }

    private FromItem join(FromItem left, JoinPartContext part) {
        Pos pos = AstBuilder.pos(part.start);
        return switch (part) {
            case CrossJoinContext c -> new SelectQuery.Join(JoinKind.CROSS, left, source(c.joinSource()), null, List.of(), null, pos);
            case NaturalJoinContext n -> throw SyntaxError.at(sql, n.start,
                    "NATURAL JOIN is not supported; name the columns with JOIN … USING (column, …)");
            case QualifiedJoinContext q -> {
                JoinKind kind = kind(q.joinType());
                FromItem right = source(q.joinSource());
                if (q.joinSpec() == null) {
                    throw SyntaxError.at(sql, q.JOIN().getSymbol(), kind.sql + " needs ON condition or USING (column, …); "
                            + "write CROSS JOIN for every combination");
                }
                if (q.joinSpec().ON() != null) {
                    yield new SelectQuery.Join(kind, left, right, ast.expr(q.joinSpec().expr()), List.of(), null, pos);
                }
                List<String> using = new ArrayList<>();
                for (IdentifierContext id : q.joinSpec().identifier()) {
                    String name = ast.name(id);
                    if (using.contains(name)) {
                        throw SyntaxError.at(sql, id.start, "column \"" + name + "\" appears more than once in USING");
                    }
                    using.add(name);
                }
                yield new SelectQuery.Join(kind, left, right, null, List.copyOf(using), null, pos);
            }
            case AsofJoinContext a -> new SelectQuery.Join(a.LEFT() != null ? JoinKind.ASOF_LEFT : JoinKind.ASOF, left,
                    source(a.joinSource()), a.ON() == null ? null : ast.expr(a.expr(0)), List.of(),
                    a.tolerance == null ? null : ast.expr(a.tolerance), pos);
            default -> throw new IllegalStateException("BUG: no AST for join " + part.getClass().getSimpleName());
        };
    }

    private static JoinKind kind(JoinTypeContext t) {
        if (t == null || t.INNER() != null) {
            return JoinKind.INNER;
        }
        return t.LEFT() != null ? JoinKind.LEFT : t.RIGHT() != null ? JoinKind.RIGHT : JoinKind.FULL;
    }
}
