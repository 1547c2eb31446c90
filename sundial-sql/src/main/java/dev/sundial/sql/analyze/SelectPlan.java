package dev.sundial.sql.analyze;

import dev.sundial.ResultColumn;
import dev.sundial.Table;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT after analysis: where it reads from, the WHERE conjuncts over the input columns, the
 * aggregation (keys and aggregates), HAVING, the output expressions (visible ones first, then
 * hidden ones needed only for ORDER BY / DISTINCT ON), sorting, limits, LATEST BY, gap filling.
 * The planner turns it into operators. Mutable while the analyzer builds it, then read-only.
 */
public final class SelectPlan {
    public enum Fill { NONE, LOCF, INTERPOLATE }

    /** The table read, or null for a subquery or no FROM. */
    public Table table;
    /** The subquery read, or null. */
    public SelectPlan subquery;
    /** The joins read (FROM a JOIN b …), or null. */
    public JoinRelation join;
    /** The set operation read (UNION, INTERSECT, EXCEPT), or null. */
    public SetOpPlan setOp;
    /** The WITH query read, or null. */
    public CteDefinition cte;
    public Scope input;
    public final List<Eval> where = new ArrayList<>();
    public boolean aggregate;
    public ExprAnalyzer.AggContext agg;
    public Eval having;
    public final List<Eval> outputs = new ArrayList<>();
    public final List<String> names = new ArrayList<>();
    public final List<Fill> fills = new ArrayList<>();
    public int visible;
    public final List<SortKey> order = new ArrayList<>();
    public long limit = Long.MAX_VALUE;
    public long offset;
    public boolean distinct;
    /** Output indexes of DISTINCT ON, or empty. */
    public final List<Integer> distinctOn = new ArrayList<>();
    /** Input slots of LATEST BY, or empty. */
    public final List<Integer> latestBy = new ArrayList<>();
    /** Index of the time_bucket_gapfill key among the aggregation keys, or -1. */
    public int gapfillKey = -1;
    public Long gapfillStart;
    public Long gapfillEnd;
    /**
     * The window functions, computed after aggregation and HAVING into columns appended to their
     * input (slots {@code WindowCall.slot}); empty when the query has none.
     */
    public final List<WindowCall> windows = new ArrayList<>();

    /** The visible result columns. */
    public List<ResultColumn> resultColumns() {
        List<ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < visible; i++) {
            out.add(new ResultColumn(names.get(i), outputs.get(i).type));
        }
        return out;
    }
}
