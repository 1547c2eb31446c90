package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import java.util.List;

/**
 * {@code + - * / %} on two operands of the same numeric type (the analyzer casts BIGINT to DOUBLE
 * when they are mixed), and timestamp arithmetic with fixed intervals ({@code ts ± interval},
 * {@code ts - ts}). BIGINT arithmetic is exact: overflow is an error, as in PostgreSQL; so is
 * division by zero, for DOUBLE too. NULL in, NULL out.
 */
public final class ArithmeticEval extends Eval {
    private final char op;
    private final Eval left;
    private final Eval right;

    public ArithmeticEval(char op, Eval left, Eval right, SqlType resultType) {
        super(resultType);
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
        if (type == SqlType.DOUBLE) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                if (nulls != null && nulls[i]) {
                    continue;
                }
                double x = a.asDouble(i);
                double y = b.asDouble(i);
                out[i] = switch (op) {
                    case '+' -> x + y;
                    case '-' -> x - y;
                    case '*' -> x * y;
                    case '/' -> {
                        if (y == 0) {
                            throw new QueryException("division by zero in " + describe());
                        }
                        yield x / y;
                    }
                    case '%' -> {
                        if (y == 0) {
                            throw new QueryException("division by zero in " + describe());
                        }
                        yield x % y;
                    }
                    default -> throw new IllegalStateException("BUG: op " + op);
                };
            }
            return constant ? Vec.constant(type, nulls != null && nulls[0] ? null : out[0]) : Vec.ofDoubles(out, nulls);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            long x = a.getLong(i);
            long y = b.getLong(i);
            try {
                out[i] = switch (op) {
                    case '+' -> Math.addExact(x, y);
                    case '-' -> Math.subtractExact(x, y);
                    case '*' -> Math.multiplyExact(x, y);
                    case '/' -> {
                        if (y == 0) {
                            throw new QueryException("division by zero in " + describe());
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            throw new ArithmeticException();
                        }
                        yield x / y;
                    }
                    case '%' -> {
                        if (y == 0) {
                            throw new QueryException("division by zero in " + describe());
                        }
                        yield y == -1 ? 0 : x % y;
                    }
                    default -> throw new IllegalStateException("BUG: op " + op);
                };
            } catch (ArithmeticException e) {
                String values = x + " " + op + " " + y;
                String expr = describe();
                throw new QueryException((type == SqlType.BIGINT ? "bigint" : type.sqlName().toLowerCase()) + " out of range: "
                        + values + (expr.equals("(" + values + ")") ? "" : " in " + expr));
            }
        }
        if (constant) {
            return Vec.constant(type, nulls != null && nulls[0] ? null : out[0]);
        }
        return Vec.ofLongs(type, out, nulls);
    }

    @Override
    public List<Eval> children() {
        return List.of(left, right);
    }

    @Override
    public String describe() {
        return "(" + left.describe() + " " + op + " " + right.describe() + ")";
    }
}
