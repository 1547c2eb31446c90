package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.NullMasks;
import dev.sundial.sql.exec.Vec;
import java.util.List;

/**
 * {@code coalesce(a, b, …)} (first non-NULL), {@code greatest(…)} and {@code least(…)} (ignoring
 * NULLs, NULL only when all are, as PostgreSQL), and {@code concat(…)}/{@code ||} on text. Arguments
 * share the result type (the analyzer casts them).
 */
public final class VariadicEval extends Eval {
    private final String fn;
    private final List<Eval> args;

    public VariadicEval(String fn, List<Eval> args, SqlType type) {
        super(type);
        this.fn = fn;
        this.args = args;
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
        for (int i = 0; i < n; i++) {
            int pick = -1;
            if (fn.equals("concat") || fn.equals("||")) {
                StringBuilder b = new StringBuilder();
                boolean anyNull = false;
                for (Vec v : vs) {
                    if (v.isNull(i)) {
                        anyNull = true;
                    } else {
                        b.append(v.getString(i));
                    }
                }
                if (anyNull && fn.equals("||")) {
                    nulls = NullMasks.mark(nulls, n, i);
                } else {
                    out.strings[i] = b.toString();
                }
                continue;
            }
            for (int k = 0; k < vs.length; k++) {
                if (vs[k].isNull(i)) {
                    continue;
                }
                if (pick < 0) {
                    pick = k;
                    if (fn.equals("coalesce")) {
                        break;
                    }
                    continue;
                }
                int c = compare(vs[k], vs[pick], i);
                if (fn.equals("greatest") ? c > 0 : c < 0) {
                    pick = k;
                }
            }
            if (pick < 0) {
                nulls = NullMasks.mark(nulls, n, i);
                continue;
            }
            Vec s = vs[pick];
            switch (type) {
                case DOUBLE -> out.doubles[i] = s.getDouble(i);
                case BOOLEAN -> out.bools[i] = s.getBool(i);
                case VARCHAR -> out.strings[i] = s.getString(i);
                default -> out.longs[i] = s.getLong(i);
            }
        }
        if (constant) {
            return Vec.constant(type, nulls != null ? null : out.get(0));
        }
        out.nulls = nulls;
        return out;
    }


    private int compare(Vec a, Vec b, int i) {
        return switch (type) {
            case DOUBLE -> SqlValues.compareDoubles(a.getDouble(i), b.getDouble(i));
            case BOOLEAN -> Boolean.compare(a.getBool(i), b.getBool(i));
            case VARCHAR -> a.getString(i).compareTo(b.getString(i));
            default -> Long.compare(a.getLong(i), b.getLong(i));
        };
    }

    @Override
    public List<Eval> children() {
        return args;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(fn).append('(');
        for (int k = 0; k < args.size(); k++) {
            b.append(k > 0 ? ", " : "").append(args.get(k).describe());
        }
        return b.append(')').toString();
    }
}
