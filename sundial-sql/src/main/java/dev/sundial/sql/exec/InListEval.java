package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code x [NOT] IN (c1, c2, …)} against constants of x's type. SQL semantics: true on a match;
 * otherwise NULL when x is NULL or the list holds a NULL; otherwise false (negated likewise).
 */
public final class InListEval extends Eval {
    private final Eval value;
    private final List<ConstEval> list;
    private final boolean negated;
    private final Set<Object> keys = new HashSet<>();
    private final boolean listHasNull;

    public InListEval(Eval value, List<ConstEval> list, boolean negated) {
        super(SqlType.BOOLEAN);
        this.value = value;
        this.list = list;
        this.negated = negated;
        boolean hasNull = false;
        for (ConstEval c : list) {
            if (c.value == null) {
                hasNull = true;
            } else {
                keys.add(key(c.value, value.type));
            }
        }
        this.listHasNull = hasNull;
    }

    private static Object key(Object v, SqlType t) {
        if (t == SqlType.DOUBLE) {
            return dev.sundial.sql.function.SqlValues.doubleKey(((Number) v).doubleValue());
        }
        return v;
    }

    public Eval value() {
        return value;
    }

    public List<ConstEval> list() {
        return list;
    }

    public boolean negated() {
        return negated;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = value.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        boolean[] out = new boolean[n];
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                nulls = NullMasks.mark(nulls, n, i);
                continue;
            }
            Object k = switch (a.type) {
                case DOUBLE -> dev.sundial.sql.function.SqlValues.doubleKey(a.getDouble(i));
                case VARCHAR -> a.getString(i);
                case BOOLEAN -> a.getBool(i);
                default -> a.getLong(i);
            };
            if (keys.contains(k)) {
                out[i] = !negated;
            } else if (listHasNull) {
                nulls = NullMasks.mark(nulls, n, i);
            } else {
                out[i] = negated;
            }
        }
        if (a.constant) {
            return Vec.constant(SqlType.BOOLEAN, nulls != null ? null : out[0]);
        }
        return Vec.ofBools(out, nulls);
    }


    @Override
    public List<Eval> children() {
        return List.of(value);
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(value.describe()).append(negated ? " NOT IN (" : " IN (");
        for (int i = 0; i < list.size(); i++) {
            b.append(i > 0 ? ", " : "").append(list.get(i).describe());
        }
        return b.append(')').toString();
    }
}
