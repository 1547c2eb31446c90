package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code AND}, {@code OR} and {@code NOT} with SQL's three-valued logic. AND and OR take any number
 * of operands (two or more) and are kept flat: an operand of the same kind is spliced in, so a chain
 * of thousands of terms ({@code a = 1 OR a = 2 OR …}) is one node, evaluated in a loop rather than
 * by recursion as deep as the chain. Every operand is evaluated on every batch (no short circuit),
 * so whether an operand's error (division by zero) surfaces does not depend on batch boundaries.
 */
public final class LogicalEval extends Eval {
    public enum Kind { AND, OR, NOT }

    public final Kind kind;
    private final List<Eval> operands;

    /** NOT {@code left} ({@code right} null), or {@code left} AND/OR {@code right}. */
    public LogicalEval(Kind kind, Eval left, Eval right) {
        this(kind, kind == Kind.NOT ? List.of(left) : List.of(left, right));
    }

    /** NOT of one operand, or AND/OR of two or more (nested operands of the same kind are flattened). */
    public LogicalEval(Kind kind, List<Eval> operands) {
        super(SqlType.BOOLEAN);
        this.kind = kind;
        if (kind == Kind.NOT ? operands.size() != 1 : operands.size() < 2) {
            throw new IllegalStateException("BUG: " + kind + " of " + operands.size() + " operands");
        }
        this.operands = kind == Kind.NOT ? List.copyOf(operands) : flatten(kind, operands);
    }

    private static List<Eval> flatten(Kind kind, List<Eval> operands) {
        List<Eval> flat = new ArrayList<>(operands.size());
        for (Eval e : operands) {
            if (e instanceof LogicalEval l && l.kind == kind) {
                flat.addAll(l.operands); // already flat
            } else {
                flat.add(e);
            }
        }
        return List.copyOf(flat);
    }

    @Override
    public Vec eval(Batch batch) {
        if (kind == Kind.NOT) {
            return not(operands.get(0).eval(batch), batch);
        }
        // per row: "decided" once an operand is false (AND) or true (OR), which dominates NULL
        boolean and = kind == Kind.AND;
        int n = rows(batch);
        boolean[] decided = new boolean[n];
        boolean[] sawNull = null;
        boolean constant = true;
        for (Eval operand : operands) {
            Vec v = operand.eval(batch);
            constant &= v.constant;
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) {
                    sawNull = NullMasks.mark(sawNull, n, i);
                } else if (v.getBool(i) != and) {
                    decided[i] = true;
                }
            }
        }
        boolean[] out = new boolean[n];
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            if (decided[i]) {
                out[i] = !and;
            } else if (sawNull != null && sawNull[i]) {
                nulls = NullMasks.mark(nulls, n, i);
            } else {
                out[i] = and;
            }
        }
        if (constant) {
            return Vec.constant(SqlType.BOOLEAN, nulls != null ? null : out[0]);
        }
        return Vec.ofBools(out, nulls);
    }

    private static Vec not(Vec a, Batch batch) {
        int n = a.constant ? 1 : rows(batch);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = !a.getBool(i);
        }
        if (a.constant) {
            return Vec.constant(SqlType.BOOLEAN, a.isNull(0) ? null : out[0]);
        }
        return Vec.ofBools(out, NullMasks.of(a, n));
    }

    @Override
    public List<Eval> children() {
        return operands;
    }

    @Override
    public String describe() {
        if (kind == Kind.NOT) {
            return "NOT (" + operands.get(0).describe() + ")";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < operands.size(); i++) {
            sb.append(i == 0 ? "" : " " + kind + " ").append(operands.get(i).describe());
        }
        return sb.append(')').toString();
    }
}
