package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.parser.QueryExpr;
import java.util.List;

/**
 * An analyzed set operation: its inputs (each a query with the same number of visible columns) and
 * the column types they are brought to ({@code untyped}: a column that is NULL in every input, which
 * takes the type of whatever it is combined with next, as DuckDB does). {@code inputs[0] op inputs[1] op …} left to right. Immutable.
 */
public record SetOpPlan(QueryExpr.SetOp op, boolean all, List<SelectPlan> inputs, List<SqlType> types, List<Boolean> untyped) {
    public SetOpPlan {
        inputs = List.copyOf(inputs);
        types = List.copyOf(types);
        untyped = List.copyOf(untyped);
    }

    /** "UNION ALL", "EXCEPT", … */
    public String sql() {
        return op.sql() + (all ? " ALL" : "");
    }
}
