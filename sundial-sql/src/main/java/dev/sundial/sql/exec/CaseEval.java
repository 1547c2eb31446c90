package dev.sundial.sql.exec;

import dev.sundial.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN c1 THEN r1 … [ELSE e] END} (the simple form {@code CASE x WHEN v …} is rewritten
 * to comparisons by the analyzer). Vectorized: every branch is evaluated over the batch and each row
 * takes the first branch whose condition is true, so an error in a branch no row takes (division by
 * zero) is still raised — unlike PostgreSQL's row-at-a-time evaluation.
 */
public final class CaseEval extends Eval {
    private final List<Eval> conditions;
    private final List<Eval> results;
    private final Eval otherwise;

    public CaseEval(List<Eval> conditions, List<Eval> results, Eval otherwise, SqlType type) {
        super(type);
        this.conditions = conditions;
        this.results = results;
        this.otherwise = otherwise;
    }

    @Override
    public Vec eval(Batch batch) {
        int n = rows(batch);
        Vec[] cs = new Vec[conditions.size()];
        Vec[] rs = new Vec[results.size()];
        boolean constant = true;
        for (int k = 0; k < cs.length; k++) {
            cs[k] = conditions.get(k).eval(batch);
            rs[k] = results.get(k).eval(batch);
            constant &= cs[k].constant && rs[k].constant;
        }
        Vec e = otherwise.eval(batch);
        constant &= e.constant;
        if (constant) {
            n = 1;
        }
        Vec out = Vec.allocate(type, n);
        boolean[] nulls = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Vec src = e;
            for (int k = 0; k < cs.length; k++) {
                if (!cs[k].isNull(i) && cs[k].getBool(i)) {
                    src = rs[k];
                    break;
                }
            }
            if (src.isNull(i)) {
                nulls[i] = true;
                any = true;
                continue;
            }
            switch (type) {
                case DOUBLE -> out.doubles[i] = src.getDouble(i);
                case BOOLEAN -> out.bools[i] = src.getBool(i);
                case VARCHAR -> out.strings[i] = src.getString(i);
                default -> out.longs[i] = src.getLong(i);
            }
        }
        if (constant) {
            return Vec.constant(type, any ? null : out.get(0));
        }
        out.nulls = any ? nulls : null;
        return out;
    }

    @Override
    public List<Eval> children() {
        List<Eval> l = new ArrayList<>(conditions);
        l.addAll(results);
        l.add(otherwise);
        return l;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("CASE");
        for (int k = 0; k < conditions.size(); k++) {
            b.append(" WHEN ").append(conditions.get(k).describe()).append(" THEN ").append(results.get(k).describe());
        }
        return b.append(" ELSE ").append(otherwise.describe()).append(" END").toString();
    }
}
