package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.BitSet;
import java.util.List;

/**
 * A typed, resolved expression that computes one {@link Vec} from a {@link Batch} — the executor's
 * form of an expression after the analyzer has resolved names to column slots, checked types and
 * inserted casts. Evaluation is vectorized: one call per batch, tight loops over primitive arrays
 * inside; a result is constant when every input is.
 *
 * <p>Immutable and stateless, so one tree is shared by all threads of a query.
 */
public abstract class Eval {
    public final SqlType type;

    protected Eval(SqlType type) {
        this.type = type;
    }

    public abstract Vec eval(Batch batch);

    /** Child expressions (for folding, slot collection and EXPLAIN). */
    public abstract List<Eval> children();

    /** SQL-like text for EXPLAIN and error messages. */
    public abstract String describe();

    /** False for functions whose value changes between calls with equal inputs (none yet). */
    public boolean deterministic() {
        return true;
    }

    /** Adds the input column slots this expression reads. */
    public void collectSlots(BitSet slots) {
        for (Eval c : children()) {
            c.collectSlots(slots);
        }
    }

    /** True when the expression reads no column (it can be evaluated once, at plan time). */
    public final boolean isConstant() {
        BitSet b = new BitSet();
        collectSlots(b);
        return b.isEmpty() && deterministic();
    }

    /** Number of rows a result vector needs: the batch size (at least 1 for constants). */
    protected static int rows(Batch b) {
        return Math.max(b.size, 1);
    }

    /** True when every vector is constant (the result is constant too). */
    protected static boolean allConstant(Vec... vs) {
        for (Vec v : vs) {
            if (!v.constant) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return describe();
    }
}
