package dev.sundial.sql.parser;

import java.util.List;

/**
 * A query expression as written: one {@link SelectQuery}, a set operation over query expressions,
 * or a {@code WITH} around one. A plain SELECT is always a bare {@link SelectQuery} (with its own
 * ORDER BY and LIMIT), so code that handles SELECTs only sees nothing new. Immutable.
 */
public sealed interface QueryExpr permits SelectQuery, QueryExpr.SetOperation, QueryExpr.With {
    Pos pos();

    /** The set operators; INTERSECT binds tighter than UNION and EXCEPT. */
    enum SetOp {
        UNION, INTERSECT, EXCEPT;

        public String sql() {
            return name();
        }
    }

    /**
     * {@code inputs[0] op inputs[1] op …} folded left to right (a chain of one operator with the
     * same ALL flag is one node: {@code a EXCEPT b EXCEPT c} removes b's and c's rows from a), then
     * ORDER BY / LIMIT / OFFSET over the whole result ({@code orderBy} empty, {@code limit} and
     * {@code offset} null when absent). At least two inputs.
     */
    record SetOperation(SetOp op, boolean all, List<QueryExpr> inputs, List<SelectQuery.OrderItem> orderBy, Expr limit,
                        Expr offset, Pos pos) implements QueryExpr {
        public SetOperation {
            inputs = List.copyOf(inputs);
            orderBy = List.copyOf(orderBy);
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("BUG: " + op + " of " + inputs.size() + " inputs");
            }
        }

        /** Whether ORDER BY, LIMIT or OFFSET is given. */
        public boolean sorted() {
            return !orderBy.isEmpty() || limit != null || offset != null;
        }
    }

    /** {@code WITH cte, … body}: the common table expressions are visible in order, each to the later ones and to the body. */
    record With(List<Cte> ctes, QueryExpr body, Pos pos) implements QueryExpr {
        public With {
            ctes = List.copyOf(ctes);
        }
    }

    /** {@code name [(column, …)] AS (query)}; {@code columns} empty when not given. */
    record Cte(String name, List<String> columns, QueryExpr query, Pos pos) {
        public Cte {
            columns = List.copyOf(columns);
        }
    }
}
