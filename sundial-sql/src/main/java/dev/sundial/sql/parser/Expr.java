package dev.sundial.sql.parser;

import java.util.List;

/**
 * Expression syntax as written, before names are resolved or types checked (the analyzer does
 * that). Identifiers are already case-folded to lower case unless they were double-quoted.
 * Immutable.
 */
public sealed interface Expr {
    Pos pos();

    /** A number, string, boolean or NULL literal: value is Long, Double, String, Boolean or null. */
    record Literal(Object value, Pos pos) implements Expr {
    }

    /**
     * A typed literal: {@code INTERVAL '1 hour'}, {@code TIMESTAMP '2024-01-01 00:00:00'},
     * {@code DATE '2024-01-01'}. {@code type} is upper case.
     */
    record TypedLiteral(String type, String text, Pos pos) implements Expr {
    }

    /** A column, optionally qualified by a table name or alias ({@code qualifier} may be null). */
    record ColumnRef(String qualifier, String name, Pos pos) implements Expr {
    }

    /** {@code *} or {@code t.*} in a select list ({@code qualifier} may be null). */
    record Star(String qualifier, Pos pos) implements Expr {
    }

    /** A parameter: {@code ?} (numbered left to right from 1) or {@code $n}. */
    record Parameter(int index, Pos pos) implements Expr {
    }

    /** {@code -x}, {@code +x}, {@code NOT x}: op is "-", "+" or "NOT". */
    record Unary(String op, Expr operand, Pos pos) implements Expr {
    }

    /**
     * A binary operator: {@code + - * / %}, {@code = != < <= > >=} ({@code <>} becomes "!="),
     * {@code ||}, regex match {@code ~ ~* !~ !~*}.
     */
    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /**
     * {@code a AND b AND …} or {@code a OR b OR …}: op is "AND" or "OR", with two or more operands
     * in order, none of them a {@code Logical} with the same op (chains and parenthesized groups of
     * one operator are flattened: both are associative in SQL's three-valued logic). Placed at the
     * first operator. Flat so that a chain of thousands of terms is not thousands of levels deep.
     */
    record Logical(String op, List<Expr> operands, Pos pos) implements Expr {
        public Logical {
            operands = List.copyOf(operands);
            if (operands.size() < 2 || !(op.equals("AND") || op.equals("OR"))) {
                throw new IllegalArgumentException("BUG: " + op + " of " + operands.size() + " operands");
            }
        }

        /** {@code left op right}, flattening operands that are themselves {@code op}. */
        public static Logical of(String op, Expr left, Expr right, Pos pos) {
            java.util.ArrayList<Expr> operands = new java.util.ArrayList<>();
            addFlattened(operands, op, left);
            addFlattened(operands, op, right);
            return new Logical(op, operands, pos);
        }

        /** Adds {@code e} to {@code operands}, or its operands when it is an {@code op} itself. */
        public static void addFlattened(List<Expr> operands, String op, Expr e) {
            if (e instanceof Logical l && l.op.equals(op)) {
                operands.addAll(l.operands);
            } else {
                operands.add(e);
            }
        }
    }

    /** {@code x [NOT] LIKE p} or {@code ILIKE} ({@code caseInsensitive}). */
    record Like(Expr value, Expr pattern, boolean negated, boolean caseInsensitive, Pos pos) implements Expr {
    }

    /** {@code x [NOT] IN (a, b, …)}. */
    record InList(Expr value, List<Expr> list, boolean negated, Pos pos) implements Expr {
    }

    /** {@code x [NOT] IN (SELECT …)}: the subquery returns one column. */
    record InSubquery(Expr value, QueryExpr query, boolean negated, Pos pos) implements Expr {
    }

    /** {@code EXISTS (SELECT …)} ({@code NOT EXISTS} is NOT around it). */
    record Exists(QueryExpr query, Pos pos) implements Expr {
    }

    /** {@code (SELECT …)} used as a value: one column, at most one row. */
    record ScalarSubquery(QueryExpr query, Pos pos) implements Expr {
    }

    /** {@code x [NOT] BETWEEN lo AND hi}. */
    record Between(Expr value, Expr low, Expr high, boolean negated, Pos pos) implements Expr {
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(Expr value, boolean negated, Pos pos) implements Expr {
    }

    /**
     * A function or aggregate call. {@code name} is lower case; {@code star} for {@code count(*)};
     * {@code distinct} for {@code count(DISTINCT x)}; {@code filter} the condition of
     * {@code FILTER (WHERE …)} or null; {@code withinGroup} the ordering of
     * {@code WITHIN GROUP (ORDER BY …)} (empty when absent); {@code over} the window of a window
     * function ({@code OVER …}) or null. A named window ({@code OVER w}) is already replaced by its
     * definition from the WINDOW clause.
     */
    record Call(String name, List<Expr> args, boolean distinct, boolean star, Pos pos, Expr filter,
                List<SelectQuery.OrderItem> withinGroup, Window over) implements Expr {
        public Call {
            withinGroup = withinGroup == null ? List.of() : List.copyOf(withinGroup);
        }

        public Call(String name, List<Expr> args, boolean distinct, boolean star, Pos pos) {
            this(name, args, distinct, star, pos, null, List.of(), null);
        }

        /**
         * The expressions of FILTER, WITHIN GROUP and OVER (partition, order keys, frame offsets), for
         * walks over the whole tree (parameter counting, depth checks); empty for a plain call.
         */
        public List<Expr> suffixExprs() {
            if (filter == null && withinGroup.isEmpty() && over == null) {
                return List.of();
            }
            java.util.ArrayList<Expr> out = new java.util.ArrayList<>();
            if (filter != null) {
                out.add(filter);
            }
            withinGroup.forEach(o -> out.add(o.expr()));
            if (over != null) {
                out.addAll(over.partitionBy());
                over.orderBy().forEach(o -> out.add(o.expr()));
                if (over.frame() != null) {
                    for (FrameBound b : List.of(over.frame().start(), over.frame().end())) {
                        if (b.offset() != null) {
                            out.add(b.offset());
                        }
                    }
                }
            }
            return out;
        }
    }

    /**
     * The window of a window function: {@code PARTITION BY} expressions, {@code ORDER BY} items and
     * the frame ({@code null}: PostgreSQL's default frame). Not an expression itself.
     */
    record Window(List<Expr> partitionBy, List<SelectQuery.OrderItem> orderBy, Frame frame, Pos pos) {
        public Window {
            partitionBy = List.copyOf(partitionBy);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** A window frame: {@code rows} (ROWS) or RANGE, from {@code start} to {@code end}. */
    record Frame(boolean rows, FrameBound start, FrameBound end, Pos pos) {
    }

    /** Where a frame starts or ends; {@code offset} is the n of {@code n PRECEDING/FOLLOWING}, else null. */
    record FrameBound(BoundKind kind, Expr offset, Pos pos) {
    }

    enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** {@code CAST(x AS type)} or {@code x::type}; {@code type} is upper case, e.g. "DOUBLE", "TIMESTAMP". */
    record Cast(Expr value, String type, Pos pos) implements Expr {
    }

    /**
     * {@code CASE [operand] WHEN … THEN … [ELSE …] END}; {@code operand} and {@code otherwise} may be
     * null.
     */
    record Case(Expr operand, List<When> whens, Expr otherwise, Pos pos) implements Expr {
    }

    record When(Expr condition, Expr result) {
    }
}
