package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.List;

/** {@code AND}, {@code OR} and {@code NOT} with SQL's three-valued logic. */
public final class LogicalEval extends Eval {
    public enum Kind { AND, OR, NOT }

    public final Kind kind;
    private final Eval left;
    private final Eval right;

    public LogicalEval(Kind kind, Eval left, Eval right) {
        super(SqlType.BOOLEAN);
        this.kind = kind;
        this.left = left;
        this.right = right;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = left.eval(batch);
        if (kind == Kind.NOT) {
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
        Vec b = right.eval(batch);
        boolean constant = allConstant(a, b);
        int n = constant ? 1 : rows(batch);
        boolean[] out = new boolean[n];
        boolean[] nulls = null;
        boolean and = kind == Kind.AND;
        for (int i = 0; i < n; i++) {
            boolean an = a.isNull(i);
            boolean bn = b.isNull(i);
            boolean av = !an && a.getBool(i);
            boolean bv = !bn && b.getBool(i);
            if (and) {
                // false dominates NULL
                if ((!an && !av) || (!bn && !bv)) {
                    out[i] = false;
                } else if (an || bn) {
                    nulls = NullMasks.mark(nulls, n, i);
                } else {
                    out[i] = true;
                }
            } else {
                // true dominates NULL
                if (av || bv) {
                    out[i] = true;
                } else if (an || bn) {
                    nulls = NullMasks.mark(nulls, n, i);
                }
            }
        }
        if (constant) {
            return Vec.constant(SqlType.BOOLEAN, nulls != null ? null : out[0]);
        }
        return Vec.ofBools(out, nulls);
    }


    @Override
    public List<Eval> children() {
        return kind == Kind.NOT ? List.of(left) : List.of(left, right);
    }

    @Override
    public String describe() {
        return kind == Kind.NOT ? "NOT (" + left.describe() + ")" : "(" + left.describe() + " " + kind + " " + right.describe() + ")";
    }
}
