package dev.sundial.sql.exec;

import dev.sundial.ResultColumn;
import java.util.List;

/**
 * UNION ALL: the batches of each input in turn, streaming (nothing is held). Inputs have the same
 * column types (the planner casts them). Not thread-safe.
 */
public final class AppendOperator extends Operator {
    private final List<Operator> inputs;
    private int current;

    public AppendOperator(QueryContext ctx, List<ResultColumn> columns, List<Operator> inputs) {
        super(ctx, columns);
        this.inputs = List.copyOf(inputs);
    }

    @Override
    protected Batch produce() {
        while (current < inputs.size()) {
            Batch b = inputs.get(current).next();
            if (b != null) {
                return b;
            }
            inputs.get(current).close(); // done: release its snapshot and memory early
            current++;
        }
        return null;
    }

    @Override
    public List<Operator> children() {
        return inputs;
    }

    @Override
    public void close() {
        // inputs before the current one are closed already (an operator is closed once)
        for (int k = current; k < inputs.size(); k++) {
            inputs.get(k).close();
        }
        current = inputs.size();
    }

    @Override
    public String explain() {
        return "Append (UNION ALL) of " + inputs.size() + " inputs";
    }
}
