package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.NullMasks;
import dev.sundial.sql.exec.Vec;
import java.util.List;

/**
 * A scalar function computed row by row on boxed values: the text, formatting and less common
 * numeric functions ({@link ScalarFunctions}), whose per-row work (building a string, parsing a
 * date) dwarfs the boxing. Arguments arrive as {@link Vec#get} gives them (Long for BIGINT and
 * TIMESTAMP, Double, Boolean, String; null for NULL). A <em>strict</em> function is NULL when any
 * argument is, without being called; a non-strict one ({@code nullif}, {@code concat_ws},
 * {@code IS DISTINCT FROM}) sees the NULLs. The body returns the result boxed the same way, or null
 * for NULL; a {@link QueryException} it throws gets this call's text appended.
 *
 * <p>Immutable; the body must be thread-safe (all are stateless or use immutable precompiled state).
 */
public final class RowFunctionEval extends Eval {
    /** The function of one row's arguments. */
    @FunctionalInterface
    public interface Body {
        Object apply(Object[] args);
    }

    private final String name;
    private final List<Eval> args;
    private final boolean strict;
    private final Body body;

    public RowFunctionEval(String name, List<Eval> args, SqlType type, boolean strict, Body body) {
        super(type);
        this.name = name;
        this.args = List.copyOf(args);
        this.strict = strict;
        this.body = body;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec[] vs = new Vec[args.size()];
        boolean constant = true;
        for (int k = 0; k < vs.length; k++) {
            vs[k] = args.get(k).eval(batch);
            constant &= vs[k].constant;
        }
        int n = constant ? 1 : Math.max(batch.size, 1);
        Vec out = Vec.allocate(type, n);
        boolean[] nulls = null;
        Object[] row = new Object[vs.length];
        for (int i = 0; i < n; i++) {
            boolean anyNull = false;
            for (int k = 0; k < vs.length; k++) {
                row[k] = vs[k].get(i);
                anyNull |= row[k] == null;
            }
            Object r;
            if (strict && anyNull) {
                r = null;
            } else {
                try {
                    r = body.apply(row);
                } catch (QueryException e) {
                    throw new QueryException(e.getMessage() + " in " + describe(), e);
                }
            }
            if (r == null) {
                nulls = NullMasks.mark(nulls, n, i);
                continue;
            }
            switch (type) {
                case DOUBLE -> out.doubles[i] = (Double) r;
                case BOOLEAN -> out.bools[i] = (Boolean) r;
                case VARCHAR -> out.strings[i] = (String) r;
                default -> out.longs[i] = (Long) r;
            }
        }
        if (constant) {
            return Vec.constant(type, nulls != null ? null : out.get(0));
        }
        out.nulls = nulls;
        return out;
    }

    @Override
    public List<Eval> children() {
        return args;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(name).append('(');
        for (int k = 0; k < args.size(); k++) {
            b.append(k > 0 ? ", " : "").append(args.get(k).describe());
        }
        return b.append(')').toString();
    }
}
