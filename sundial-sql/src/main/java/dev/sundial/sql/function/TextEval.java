package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import java.util.List;
import java.util.Locale;

/** Text functions of one argument: {@code lower}, {@code upper}, {@code length}. NULL in, NULL out. */
public final class TextEval extends Eval {
    private final String fn;
    private final Eval arg;

    public TextEval(String fn, Eval arg) {
        super(fn.equals("length") ? SqlType.BIGINT : SqlType.VARCHAR);
        this.fn = fn;
        this.arg = arg;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = arg.eval(batch);
        int n = a.constant ? 1 : Math.max(batch.size, 1);
        Vec out = Vec.allocate(type, n);
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                continue;
            }
            String s = a.getString(i);
            switch (fn) {
                case "lower" -> out.strings[i] = s.toLowerCase(Locale.ROOT);
                case "upper" -> out.strings[i] = s.toUpperCase(Locale.ROOT);
                case "length" -> out.longs[i] = s.codePointCount(0, s.length());
                default -> throw new IllegalStateException("BUG: function " + fn);
            }
        }
        if (a.constant) {
            return Vec.constant(type, a.isNull(0) ? null : out.get(0));
        }
        out.nulls = a.nulls == null ? null : java.util.Arrays.copyOf(a.nulls, n);
        return out;
    }

    @Override
    public List<Eval> children() {
        return List.of(arg);
    }

    @Override
    public String describe() {
        return fn + "(" + arg.describe() + ")";
    }
}
