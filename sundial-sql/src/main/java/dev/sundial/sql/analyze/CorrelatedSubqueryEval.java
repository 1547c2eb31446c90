package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.parser.Pos;
import dev.sundial.sql.parser.QueryExpr;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A correlated subquery expression (scalar, EXISTS or IN), evaluated by re-running the subquery for
 * each distinct combination of the outer columns it names: the subquery is analyzed again with
 * those values as constants (so its scan prunes by them: {@code WHERE u.host = t.host} reads only
 * that host's series) and run; results are remembered per combination for the statement. At most
 * {@link #MAX_RUNS} combinations per statement, then a clear error: such a query wants a join.
 *
 * <p>Scan workers may evaluate one tree concurrently: evaluation synchronizes on the statement's
 * {@link Composition} (the analyzer it re-enters is single-threaded).
 */
final class CorrelatedSubqueryEval extends Eval {
    /** Distinct outer values run per statement; each run analyzes and plans the subquery again (tens of µs). */
    static final int MAX_RUNS = 10_000;

    /** The remembered result of one run: a scalar value, EXISTS' answer, or an IN subquery's values. */
    private record InValues(Set<Object> keys, boolean hasNull) {
    }

    private final SubqueryExpressions owner;
    private final Composition composition;
    private final Composition.State state;
    private final SubqueryExpressions.Kind kind;
    private final QueryExpr query;
    private final Eval value;
    private final SqlType keyType;
    private final boolean negated;
    private final Scope outerScope;
    private final List<Scope.Column> outer;
    private final Pos pos;
    private final Map<List<Object>, Object> results = new HashMap<>();

    CorrelatedSubqueryEval(SubqueryExpressions owner, Composition composition, Composition.State state, SubqueryExpressions.Kind kind,
                           QueryExpr query, Eval value, SqlType keyType, boolean negated, SqlType type, Scope outerScope,
                           List<Scope.Column> outer, Pos pos) {
        super(type);
        this.owner = owner;
        this.composition = composition;
        this.state = state;
        this.kind = kind;
        this.query = query;
        this.value = value;
        this.keyType = keyType;
        this.negated = negated;
        this.outerScope = outerScope;
        this.outer = outer;
        this.pos = pos;
    }

    @Override
    public Vec eval(Batch batch) {
        synchronized (composition) {
            Vec[] cols = new Vec[outer.size()];
            boolean constant = true;
            for (int k = 0; k < cols.length; k++) {
                cols[k] = batch.cols[outer.get(k).slot()];
                constant &= cols[k].constant;
            }
            Vec x = value == null ? null : value.eval(batch);
            constant &= x == null || x.constant;
            int n = constant ? 1 : rows(batch);
            Object[] out = new Object[n];
            for (int i = 0; i < n; i++) {
                List<Object> key = new ArrayList<>(cols.length);
                for (Vec c : cols) {
                    key.add(c.get(i));
                }
                Object r = results.get(key);
                if (r == null && !results.containsKey(key)) {
                    r = run(key);
                    results.put(key, r);
                }
                out[i] = kind == SubqueryExpressions.Kind.IN ? member(x, i, (InValues) r) : r;
            }
            if (constant) {
                return Vec.constant(type, out[0]);
            }
            List<Object[]> rows = new ArrayList<>(n);
            for (Object o : out) {
                rows.add(new Object[] {o});
            }
            return Batch.ofRows(List.of(new dev.sundial.ResultColumn("?column?", type)), rows).cols[0];
        }
    }

    /** x IN values with SQL's NULLs: true on a match; else NULL when x is NULL or a value is; else false. */
    private Boolean member(Vec x, int i, InValues values) {
        if (values.keys.isEmpty() && !values.hasNull) {
            return negated; // no rows: IN is false, NOT IN true, whatever x is
        }
        if (x.isNull(i)) {
            return null;
        }
        Object k = keyType == SqlType.DOUBLE ? (Object) SqlValues.doubleKey(x.getDouble(i)) : x.get(i);
        if (values.keys.contains(k)) {
            return !negated;
        }
        return values.hasNull ? null : negated;
    }

    /** Runs the subquery with the outer values of {@code key}. */
    private Object run(List<Object> key) {
        if (results.size() >= MAX_RUNS) {
            throw Errors.at(owner.sql(), pos, "cannot run correlated subquery: more than " + MAX_RUNS + " distinct values of "
                    + SubqueryExpressions.describe(outer) + "; rewrite it as a join or an uncorrelated IN (SELECT …)");
        }
        Object[] bound = new Object[outerScope.columns().stream().mapToInt(Scope.Column::slot).max().orElse(-1) + 1];
        for (int k = 0; k < outer.size(); k++) {
            bound[outer.get(k).slot()] = key.get(k);
        }
        return composition.with(state, () -> {
            SubqueryExpressions.Probe p = owner.probe(composition, query, outerScope, bound);
            SubqueryRunner runner = composition.runner();
            return switch (kind) {
                case EXISTS -> !runner.rows(p.plan(), 1).isEmpty();
                case SCALAR -> {
                    List<Object[]> rows = runner.rows(p.plan(), 2);
                    if (rows.size() > 1) {
                        throw Errors.at(owner.sql(), pos, "more than one row returned by a subquery used as an expression");
                    }
                    Object v = rows.isEmpty() ? null : SubqueryExpressions.convert(rows.get(0)[0], type);
                    if (v != null && p.plan().outputs.get(0).type != type && !(type == SqlType.DOUBLE && v instanceof Double)) {
                        throw new QueryException("cannot run correlated subquery: its column is " + p.plan().outputs.get(0).type.sqlName()
                                + " for some outer values and " + type.sqlName() + " for others; cast it");
                    }
                    yield v;
                }
                case IN -> {
                    Set<Object> keys = new HashSet<>();
                    boolean hasNull = false;
                    for (ConstEval c : owner.distinctValues(runner, p.plan(), keyType, pos)) {
                        if (c.value == null) {
                            hasNull = true;
                        } else {
                            keys.add(keyType == SqlType.DOUBLE ? (Object) SqlValues.doubleKey(((Number) c.value).doubleValue()) : c.value);
                        }
                    }
                    yield new InValues(keys, hasNull);
                }
            };
        });
    }

    @Override
    public List<Eval> children() {
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public void collectSlots(BitSet slots) {
        super.collectSlots(slots);
        for (Scope.Column c : outer) {
            slots.set(c.slot());
        }
    }

    @Override
    public String describe() {
        String sub = "correlated subquery on " + SubqueryExpressions.describe(outer);
        return switch (kind) {
            case SCALAR -> "(" + sub + ")";
            case EXISTS -> "EXISTS (" + sub + ")";
            case IN -> value.describe() + (negated ? " NOT IN (" : " IN (") + sub + ")";
        };
    }
}
