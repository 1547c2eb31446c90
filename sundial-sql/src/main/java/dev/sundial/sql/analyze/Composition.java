package dev.sundial.sql.analyze;

import dev.sundial.Sundial;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.parser.Expr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one statement's analysis knows beyond a single SELECT: the WITH queries in scope (innermost
 * WITH first, so a name shadows an outer one and a table), the queries a subquery expression sits
 * in (so that a subquery can name their columns: a correlated reference), and how to run a
 * subquery ({@link SubqueryRunner}). Set on the statement's {@link ExprAnalyzer}; absent, WITH and
 * subquery expressions are refused (statements other than SELECT).
 *
 * <p>Outer frames: analyzing a subquery expression pushes the scope it is written in. A column the
 * subquery's own scope lacks is looked up there, innermost first. In a <em>probe</em> frame (the
 * first analysis) the reference is recorded and stands for a NULL of its type, since the plan is only
 * probed for its shape; a subquery that recorded references is correlated and is analyzed again for
 * each distinct outer value in a <em>bound</em> frame, where the reference is that value as a
 * constant. One statement, one thread at a time (correlated evaluation synchronizes on this object).
 */
public final class Composition {
    /** A scope a subquery expression sits in: the outer query's input columns. */
    static final class Frame {
        final Scope scope;
        /** Values by slot in a bound frame; null in a probe frame. */
        final Object[] bound;
        /** Columns of {@link #scope} named by the subquery (probe frames), in order of first use. */
        final Map<Integer, Scope.Column> used = new LinkedHashMap<>();
        /** Whether the subquery (or one nested in it) named a column of a frame outside this one. */
        boolean deeper;
        /** Whether the subquery named any outer column, bound or not (its result then varies). */
        boolean usedAny;

        Frame(Scope scope, Object[] bound) {
            this.scope = scope;
            this.bound = bound;
        }
    }

    /** The WITH queries and outer frames in force, captured for a later re-analysis. */
    record State(List<Map<String, CteDefinition>> ctes, List<Frame> frames) {
    }

    private final Sundial db;
    private final SubqueryRunner runner;
    private ArrayDeque<Map<String, CteDefinition>> ctes = new ArrayDeque<>();
    private ArrayDeque<Frame> frames = new ArrayDeque<>();
    private boolean analysisDone;
    /** Results of uncorrelated subquery expressions by AST node: evaluated once per statement. */
    private final Map<Expr, Eval> uncorrelated = new IdentityHashMap<>();

    public Composition(Sundial db, SubqueryRunner runner) {
        this.db = db;
        this.runner = runner;
    }

    Sundial db() {
        return db;
    }

    SubqueryRunner runner() {
        return runner;
    }

    /** Called when the statement's analysis is complete: a WITH query referenced once may now be inlined. */
    public void analysisDone() {
        analysisDone = true;
    }

    public boolean isAnalysisDone() {
        return analysisDone;
    }

    // ---- WITH queries

    void pushCtes() {
        ctes.push(new HashMap<>());
    }

    void popCtes() {
        ctes.pop();
    }

    void define(CteDefinition def) {
        ctes.peek().put(def.name(), def);
    }

    /** The WITH query visible under {@code name}, innermost first, or null. */
    CteDefinition cte(String name) {
        for (Map<String, CteDefinition> level : ctes) {
            CteDefinition d = level.get(name);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    // ---- outer references

    Frame pushFrame(Scope scope, Object[] bound) {
        Frame f = new Frame(scope, bound);
        frames.push(f);
        return f;
    }

    void popFrame() {
        frames.pop();
    }

    /**
     * A column that {@code scope} lacks but an outer query has: its bound value, or in a probe a
     * NULL of its type (recorded as a correlation). Null when {@code scope} has it or no outer has.
     */
    Eval outerColumn(Expr.ColumnRef ref, Scope scope, String sql) {
        if (frames.isEmpty() || has(scope, ref)) {
            return null;
        }
        List<Frame> inner = new ArrayList<>();
        for (Frame f : frames) {
            if (has(f.scope, ref)) {
                Scope.Column col = f.scope.resolve(ref, sql);
                for (Frame i : inner) {
                    // a probe's placeholder makes every subquery between it and here a probe too
                    i.deeper |= f.bound == null;
                    i.usedAny = true;
                }
                if (f.bound != null) {
                    return new ConstEval(col.type(), f.bound[col.slot()]);
                }
                f.used.putIfAbsent(col.slot(), col);
                f.usedAny = true;
                return new ConstEval(col.type(), null);
            }
            inner.add(f);
        }
        return null;
    }

    private static boolean has(Scope scope, Expr.ColumnRef ref) {
        for (Scope.Column c : scope.columns()) {
            if (c.name().equals(ref.name()) && (ref.qualifier() == null || ref.qualifier().equals(c.qualifier()))) {
                return true;
            }
        }
        return false;
    }

    // ---- state for re-analysis

    State capture() {
        return new State(new ArrayList<>(ctes), new ArrayList<>(frames));
    }

    /** Runs {@code body} with {@code state}'s WITH queries and frames in force, then restores the current ones. */
    <T> T with(State state, java.util.function.Supplier<T> body) {
        ArrayDeque<Map<String, CteDefinition>> savedCtes = ctes;
        ArrayDeque<Frame> savedFrames = frames;
        ctes = new ArrayDeque<>(state.ctes());
        frames = new ArrayDeque<>(state.frames());
        try {
            return body.get();
        } finally {
            ctes = savedCtes;
            frames = savedFrames;
        }
    }

    Eval cachedUncorrelated(Expr e) {
        return uncorrelated.get(e);
    }

    void cacheUncorrelated(Expr e, Eval result) {
        uncorrelated.put(e, result);
    }
}
