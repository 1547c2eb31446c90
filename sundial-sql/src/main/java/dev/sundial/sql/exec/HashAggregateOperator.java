package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import dev.sundial.sql.analyze.AggregateCall;
import java.util.List;

/** Hash aggregation over any input (a subquery, constant rows); tables use {@link AggregateScanOperator}. */
public final class HashAggregateOperator extends Operator {
    private final Operator child;
    private final List<Eval> keys;
    private final List<AggregateCall> aggs;
    private Aggregation agg;
    private boolean done;

    public HashAggregateOperator(QueryContext ctx, List<ResultColumn> columns, Operator child, List<Eval> keys, List<AggregateCall> aggs) {
        super(ctx, columns);
        this.child = child;
        this.keys = keys;
        this.aggs = aggs;
    }

    @Override
    protected Batch produce() {
        if (done) {
            return null;
        }
        done = true;
        agg = new Aggregation(keys, aggs, ctx);
        Batch b;
        while ((b = child.next()) != null) {
            agg.add(b);
        }
        return agg.result();
    }

    @Override
    public List<Operator> children() {
        return List.of(child);
    }

    @Override
    public String explain() {
        return "HashAggregate keys=[" + String.join(", ", keys.stream().map(Eval::describe).toList()) + "] aggregates=["
                + String.join(", ", aggs.stream().map(AggregateCall::text).toList()) + "]";
    }

    @Override
    public void close() {
        if (agg != null) {
            agg.release();
            agg = null;
        }
        super.close();
    }
}
