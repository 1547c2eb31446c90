package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.BitSet;
import java.util.List;

/** Reads column {@code slot} of the input batch. */
public final class ColumnEval extends Eval {
    public final int slot;
    private final String name;

    public ColumnEval(int slot, SqlType type, String name) {
        super(type);
        this.slot = slot;
        this.name = name;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec v = batch.cols[slot];
        if (v == null) {
            throw new IllegalStateException("BUG: column " + name + " (slot " + slot + ") was not read");
        }
        return v;
    }

    @Override
    public List<Eval> children() {
        return List.of();
    }

    @Override
    public void collectSlots(BitSet slots) {
        slots.set(slot);
    }

    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name;
    }
}
