package dev.sundial.sql.parser;

import java.util.List;

/**
 * One {@code SELECT} as written. Lists are empty (never null) when the clause is absent; {@code from},
 * {@code where}, {@code having}, {@code limit} and {@code offset} are null when absent.
 *
 * @param distinct   {@code SELECT DISTINCT}
 * @param distinctOn expressions of {@code SELECT DISTINCT ON (…)}
 * @param items      the select list
 * @param from       a table, a subquery or a {@link Join} of them, or null ({@code SELECT 1})
 * @param latestBy   columns of {@code LATEST BY a, b} (QuestDB-style: the last row per combination)
 * @param groupBy    GROUP BY expressions (names, aliases, ordinals as integer literals, expressions)
 * @param pos        position of the SELECT keyword
 */
public record SelectQuery(boolean distinct, List<Expr> distinctOn, List<SelectItem> items, FromItem from,
                          Expr where, List<Expr> latestBy, List<Expr> groupBy, Expr having,
                          List<OrderItem> orderBy, Expr limit, Expr offset, Pos pos) implements QueryExpr {

    /** One select-list entry; {@code alias} is null when not given. {@code expr} may be a {@link Expr.Star}. */
    public record SelectItem(Expr expr, String alias, Pos pos) {
    }

    /** {@code expr [ASC|DESC] [NULLS FIRST|LAST]}; {@code nullsFirst} null means the default (PostgreSQL: last for ASC, first for DESC). */
    public record OrderItem(Expr expr, boolean descending, Boolean nullsFirst, Pos pos) {
    }

    /** What a query reads from. */
    public sealed interface FromItem {
        Pos pos();
    }

    /** A table by name, with an optional alias. */
    public record TableRef(String name, String alias, Pos pos) implements FromItem {
    }

    /** {@code (query) [AS] alias}: a SELECT, or a set operation or WITH ({@link QueryExpr}). */
    public record Subquery(QueryExpr query, String alias, Pos pos) implements FromItem {
    }

    /** How a {@link Join} combines its sides. */
    public enum JoinKind {
        INNER("JOIN"), LEFT("LEFT JOIN"), RIGHT("RIGHT JOIN"), FULL("FULL JOIN"), CROSS("CROSS JOIN"),
        ASOF("ASOF JOIN"), ASOF_LEFT("ASOF LEFT JOIN");

        public final String sql;

        JoinKind(String sql) {
            this.sql = sql;
        }

        public boolean asof() {
            return this == ASOF || this == ASOF_LEFT;
        }
    }

    /**
     * {@code left JOIN right …}: {@code on} is the ON condition (null for CROSS, USING, and QuestDB's
     * ASOF JOIN without ON); {@code using} the USING columns (empty unless given); {@code tolerance}
     * the expression after ASOF's TOLERANCE, or null. A comma in FROM is a CROSS join.
     */
    public record Join(JoinKind kind, FromItem left, FromItem right, Expr on, List<String> using, Expr tolerance,
                       Pos pos) implements FromItem {
    }
}
