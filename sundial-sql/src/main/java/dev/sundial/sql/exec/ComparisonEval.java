package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import java.util.List;

/**
 * {@code = != < <= > >=} on two operands of the same type (the analyzer casts them), with SQL's
 * three-valued logic (NULL in, NULL out) and PostgreSQL's ordering of doubles (NaN is equal to
 * itself and above every number). The common filter shape, a column against a constant without
 * NULLs, runs a dedicated loop.
 */
public final class ComparisonEval extends Eval {
    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String text;

        Op(String text) {
            this.text = text;
        }

        boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }

        /** The operator with its operands swapped ({@code a < b} is {@code b > a}). */
        public Op flip() {
            return switch (this) {
                case EQ, NE -> this;
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
            };
        }
    }

    public final Op op;
    public final Eval left;
    public final Eval right;

    public ComparisonEval(Op op, Eval left, Eval right) {
        super(SqlType.BOOLEAN);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = left.eval(batch);
        Vec b = right.eval(batch);
        boolean constant = allConstant(a, b);
        int n = constant ? 1 : rows(batch);
        boolean[] nulls = NullMasks.union(a, b, n);
        boolean[] out = new boolean[n];
        SqlType t = left.type;
        if (t == SqlType.DOUBLE && !a.constant && b.constant && nulls == null) {
            compareDoubleColumnToConstant(a.doubles, b.doubles[0], out, n);
        } else if (t == SqlType.DOUBLE) {
            for (int i = 0; i < n; i++) {
                out[i] = op.test(SqlValues.compareDoubles(a.getDouble(i), b.getDouble(i)));
            }
        } else if (t == SqlType.VARCHAR) {
            for (int i = 0; i < n; i++) {
                if (nulls == null || !nulls[i]) {
                    out[i] = op.test(a.getString(i).compareTo(b.getString(i)));
                }
            }
        } else if (t == SqlType.BOOLEAN) {
            for (int i = 0; i < n; i++) {
                out[i] = op.test(Boolean.compare(a.getBool(i), b.getBool(i)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = op.test(Long.compare(a.getLong(i), b.getLong(i)));
            }
        }
        if (nulls != null) {
            for (int i = 0; i < n; i++) {
                if (nulls[i]) {
                    out[i] = false;
                }
            }
        }
        if (constant) {
            return Vec.constant(SqlType.BOOLEAN, nulls != null && nulls[0] ? null : out[0]);
        }
        return Vec.ofBools(out, nulls);
    }

    private void compareDoubleColumnToConstant(double[] x, double c, boolean[] out, int n) {
        if (c != c) {
            for (int i = 0; i < n; i++) {
                out[i] = op.test(SqlValues.compareDoubles(x[i], c));
            }
            return;
        }
        // NaN rows compare as greater than any number (x != x)
        switch (op) {
            case GT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] > c || x[i] != x[i];
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] >= c || x[i] != x[i];
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] < c;
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] <= c;
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] == c;
                }
            }
            case NE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] != c;
                }
            }
            default -> throw new IllegalStateException("BUG: op " + op);
        }
    }

    @Override
    public List<Eval> children() {
        return List.of(left, right);
    }

    @Override
    public String describe() {
        return left.describe() + " " + op.text + " " + right.describe();
    }
}
