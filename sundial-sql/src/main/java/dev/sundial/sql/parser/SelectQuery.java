package dev.sundial.sql.parser;

import java.util.List;

/**
 * One {@code SELECT} as written. Lists are empty (never null) when the clause is absent; {@code from},
 * {@code where}, {@code having}, {@code limit} and {@code offset} are null when absent.
 *
 * @param distinct   {@code SELECT DISTINCT}
 * @param distinctOn expressions of {@code SELECT DISTINCT ON (…)}
 * @param items      the select list
 * @param from       a table or a subquery, or null ({@code SELECT 1})
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
}
