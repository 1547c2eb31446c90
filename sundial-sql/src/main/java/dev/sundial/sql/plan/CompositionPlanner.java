package dev.sundial.sql.plan;

import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.sql.analyze.CteDefinition;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.analyze.SetOpPlan;
import dev.sundial.sql.exec.AppendOperator;
import dev.sundial.sql.exec.CastEval;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.CteScanOperator;
import dev.sundial.sql.exec.DistinctOperator;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.HashSetOpOperator;
import dev.sundial.sql.exec.MaterializedRows;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.ProjectOperator;
import dev.sundial.sql.exec.QueryContext;
import dev.sundial.sql.parser.QueryExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the inputs that query composition adds ({@link SelectPlan#setOp}, {@link SelectPlan#cte}):
 * UNION ALL streams its inputs one after the other ({@link AppendOperator}); UNION is that with a
 * {@link DistinctOperator} on top; INTERSECT and EXCEPT hash rows ({@link HashSetOpOperator}); an
 * input whose column types differ from the unified ones is cast first. A WITH query's only
 * reference plans it in place once the statement is analyzed; otherwise every reference reads its
 * rows computed once ({@link CteScanOperator}). Stateless apart from the statement's context.
 */
final class CompositionPlanner {
    private final QueryPlanner planner;
    private final QueryContext ctx;
    private final boolean analysisDone;

    CompositionPlanner(QueryPlanner planner, QueryContext ctx, boolean analysisDone) {
        this.planner = planner;
        this.ctx = ctx;
        this.analysisDone = analysisDone;
    }

    static boolean handles(SelectPlan p) {
        return p.setOp != null || p.cte != null;
    }

    Operator input(SelectPlan p) {
        return p.setOp != null ? setOp(p.setOp) : cte(p.cte);
    }

    private Operator cte(CteDefinition def) {
        if (def.inlinable(analysisDone)) {
            def.markPlanned();
            return planner.plan(def.plan());
        }
        boolean owner = !def.hasShared();
        MaterializedRows rows = new SubqueryExecution(ctx).materialize(def);
        if (owner) {
            rows.source(); // planned now, so that EXPLAIN shows it under this reference
        }
        return new CteScanOperator(ctx, rows, owner);
    }

    private Operator setOp(SetOpPlan s) {
        List<ResultColumn> columns = new ArrayList<>();
        SelectPlan first = s.inputs().get(0);
        for (int c = 0; c < s.types().size(); c++) {
            columns.add(new ResultColumn(first.names.get(c), s.types().get(c)));
        }
        List<Operator> inputs = new ArrayList<>();
        for (SelectPlan in : s.inputs()) {
            inputs.add(cast(planner.plan(in), in, s.types(), columns));
        }
        if (s.op() == QueryExpr.SetOp.UNION) {
            Operator append = new AppendOperator(ctx, columns, inputs);
            if (s.all()) {
                return append;
            }
            int[] all = new int[columns.size()];
            for (int c = 0; c < all.length; c++) {
                all[c] = c;
            }
            return new DistinctOperator(ctx, append, all);
        }
        HashSetOpOperator.Kind kind = s.op() == QueryExpr.SetOp.INTERSECT ? HashSetOpOperator.Kind.INTERSECT : HashSetOpOperator.Kind.EXCEPT;
        return new HashSetOpOperator(ctx, columns, kind, s.all(), inputs);
    }

    /** {@code op} with its columns brought to {@code types} (BIGINT to DOUBLE, a bare NULL to the type). */
    private Operator cast(Operator op, SelectPlan in, List<SqlType> types, List<ResultColumn> columns) {
        boolean same = true;
        List<Eval> exprs = new ArrayList<>();
        for (int c = 0; c < types.size(); c++) {
            SqlType from = in.outputs.get(c).type;
            SqlType to = types.get(c);
            Eval col = new ColumnEval(c, from, in.names.get(c));
            if (from == to) {
                exprs.add(col);
            } else {
                same = false;
                exprs.add(from == SqlType.VARCHAR ? new ConstEval(to, null) : new CastEval(col, to));
            }
        }
        return same ? op : new ProjectOperator(ctx, op, exprs, columns);
    }
}
