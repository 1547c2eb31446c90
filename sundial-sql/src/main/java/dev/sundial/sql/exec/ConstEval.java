package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.util.List;

/** A constant (literal, folded expression or bound parameter). */
public final class ConstEval extends Eval {
    public final Object value;
    private final Vec vec;

    public ConstEval(SqlType type, Object value) {
        super(type);
        this.value = value;
        this.vec = Vec.constant(type, value instanceof dev.sundial.table.Interval iv ? (Object) iv.approximateNanos() : value);
    }

    @Override
    public Vec eval(Batch batch) {
        return vec;
    }

    @Override
    public List<Eval> children() {
        return List.of();
    }

    @Override
    public String describe() {
        return SqlValues.literal(type, value);
    }
}
