package dev.sundial.sql.exec;

import dev.sundial.sql.analyze.WindowCall;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the result of a window function: the column the {@link WindowOperator} appended to its
 * input. Reports the input columns the window function reads (so scans read them), and is never
 * constant-folded: its value depends on the other rows.
 */
public final class WindowColumnEval extends Eval {
    private final WindowCall call;

    public WindowColumnEval(WindowCall call) {
        super(call.type());
        this.call = call;
    }

    public WindowCall call() {
        return call;
    }

    @Override
    public Vec eval(Batch batch) {
        return batch.cols[call.slot()];
    }

    @Override
    public List<Eval> children() {
        return List.of();
    }

    @Override
    public void collectSlots(BitSet slots) {
        List<Eval> read = new ArrayList<>(call.args());
        read.addAll(call.partition());
        read.addAll(call.order());
        if (call.filter() != null) {
            read.add(call.filter());
        }
        for (Eval e : read) {
            e.collectSlots(slots);
        }
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public String describe() {
        return call.text();
    }
}
