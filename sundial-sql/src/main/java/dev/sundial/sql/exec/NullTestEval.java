package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.List;

/** {@code x IS [NOT] NULL}: never NULL itself. */
public final class NullTestEval extends Eval {
    private final Eval value;
    private final boolean negated;

    public NullTestEval(Eval value, boolean negated) {
        super(SqlType.BOOLEAN);
        this.value = value;
        this.negated = negated;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = value.eval(batch);
        if (a.constant) {
            return Vec.constant(SqlType.BOOLEAN, a.isNull(0) != negated);
        }
        int n = rows(batch);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.isNull(i) != negated;
        }
        return Vec.ofBools(out, null);
    }

    @Override
    public List<Eval> children() {
        return List.of(value);
    }

    @Override
    public String describe() {
        return value.describe() + (negated ? " IS NOT NULL" : " IS NULL");
    }
}
