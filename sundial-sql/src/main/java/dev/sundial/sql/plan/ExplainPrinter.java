package dev.sundial.sql.plan;

import dev.sundial.sql.exec.Operator;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an operator tree for EXPLAIN, one operator per line with its details indented below;
 * under EXPLAIN ANALYZE each operator also shows its output rows and inclusive time.
 */
public final class ExplainPrinter {
    private ExplainPrinter() {
    }

    public static List<String> render(Operator root, boolean analyze) {
        List<String> out = new ArrayList<>();
        render(root, 0, analyze, out);
        return out;
    }

    private static void render(Operator op, int depth, boolean analyze, List<String> out) {
        String indent = "  ".repeat(depth);
        String line = indent + (depth > 0 ? "-> " : "") + op.explain();
        if (analyze) {
            line += String.format(" (rows=%d time=%.3f ms)", op.rowsOut(), op.nanos() / 1e6);
        }
        out.add(line);
        for (String d : op.explainDetails()) {
            out.add(indent + (depth > 0 ? "     " : "  ") + d);
        }
        for (Operator c : op.children()) {
            render(c, depth + 1, analyze, out);
        }
    }
}
