package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.NullMasks;
import dev.sundial.sql.exec.Vec;
import java.util.List;

/**
 * Numeric functions: {@code abs ceil floor round sign} keep BIGINT as BIGINT; {@code ln log log10
 * sqrt exp} and {@code round(x, digits)}, {@code power(x, y)} work on DOUBLE. As in PostgreSQL,
 * {@code round} rounds half away from zero, and the logarithm or square root of a negative number is
 * an error (not NaN). NULL in, NULL out.
 */
public final class MathEval extends Eval {
    private final String fn;
    private final Eval arg;
    private final Eval arg2;

    public MathEval(String fn, Eval arg, Eval arg2, SqlType type) {
        super(type);
        this.fn = fn;
        this.arg = arg;
        this.arg2 = arg2;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = arg.eval(batch);
        Vec b = arg2 == null ? null : arg2.eval(batch);
        boolean constant = a.constant && (b == null || b.constant);
        int n = constant ? 1 : Math.max(batch.size, 1);
        boolean[] nulls = null;
        Vec out = Vec.allocate(type, n);
        for (int i = 0; i < n; i++) {
            if (a.isNull(i) || (b != null && b.isNull(i))) {
                nulls = NullMasks.mark(nulls, n, i);
                continue;
            }
            if (type == SqlType.BIGINT) {
                long x = a.getLong(i);
                out.longs[i] = switch (fn) {
                    case "abs" -> {
                        if (x == Long.MIN_VALUE) {
                            throw new QueryException("bigint out of range in " + describe());
                        }
                        yield Math.abs(x);
                    }
                    case "sign" -> Long.signum(x);
                    default -> x; // ceil, floor, round of an integer
                };
            } else {
                double x = a.asDouble(i);
                out.doubles[i] = switch (fn) {
                    case "abs" -> Math.abs(x);
                    case "ceil", "ceiling" -> Math.ceil(x);
                    case "floor" -> Math.floor(x);
                    case "sign" -> Math.signum(x);
                    case "round" -> b == null ? roundHalfAway(x) : roundDigits(x, b.getLong(i));
                    case "trunc" -> x < 0 ? Math.ceil(x) : Math.floor(x);
                    case "sqrt" -> {
                        if (x < 0) {
                            throw new QueryException("cannot take square root of a negative number (" + x + ") in " + describe());
                        }
                        yield Math.sqrt(x);
                    }
                    case "ln", "log", "log10" -> {
                        if (x <= 0) {
                            throw new QueryException("cannot take logarithm of " + (x == 0 ? "zero" : "a negative number (" + x + ")")
                                    + " in " + describe());
                        }
                        yield fn.equals("ln") ? Math.log(x) : Math.log10(x);
                    }
                    case "exp" -> Math.exp(x);
                    case "power", "pow" -> Math.pow(x, b.asDouble(i));
                    default -> throw new IllegalStateException("BUG: function " + fn);
                };
            }
        }
        if (constant) {
            return Vec.constant(type, nulls != null ? null : out.get(0));
        }
        out.nulls = nulls;
        return out;
    }

    private static double roundHalfAway(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
    }

    private static double roundDigits(double x, long digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return new java.math.BigDecimal(Double.toString(x)).setScale((int) Math.max(-300, Math.min(300, digits)),
                java.math.RoundingMode.HALF_UP).doubleValue();
    }

    @Override
    public List<Eval> children() {
        return arg2 == null ? List.of(arg) : List.of(arg, arg2);
    }

    @Override
    public String describe() {
        return fn + "(" + arg.describe() + (arg2 == null ? "" : ", " + arg2.describe()) + ")";
    }
}
