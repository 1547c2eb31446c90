package dev.sundial.sql.parser;

import dev.sundial.QueryException;
import java.util.ArrayDeque;

/**
 * Rejects expressions deeper than {@link #MAX_DEPTH}, measured without recursion, before any later
 * stage sees them. The analyzer, the planner, EXPLAIN and the executor walk expression trees
 * recursively, a few stack frames per level; bounding the depth here means none of them can throw
 * {@link StackOverflowError} on a long chain such as {@code x + 1 + 1 + …} or {@code a = b = c = …}
 * (the parser folds those iteratively into trees as deep as they are long). AND and OR chains are
 * flat ({@link Expr.Logical}) and count one level however many terms they have, as do IN lists and
 * function arguments. Stateless.
 */
public final class ExpressionDepth {
    /**
     * Deepest expression accepted. SQLite's default {@code SQLITE_MAX_EXPR_DEPTH} is 1,000; ours is
     * lower because every stage after the parser recurses on the tree, and C2-compiled recursive
     * evaluation takes up to about 1.25 KiB of stack per level: the deepest accepted shapes pass on
     * a 512 KiB thread stack and overflow on 320 KiB ({@code ExpressionDepthTest}, run with its
     * {@code STACK_BYTES} changed), so they use about a third of the JVM's default 1 MiB. Before this
     * limit, 2,000 levels overflowed the default stack.
     */
    public static final int MAX_DEPTH = 256;

    private ExpressionDepth() {
    }

    /** Throws a {@link QueryException} naming the depth and the spot when {@code e} is deeper than the limit. */
    static void check(String sql, Expr e) {
        ArrayDeque<Expr> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(e);
        depths.push(1);
        int max = 0;
        Pos firstTooDeep = null;
        while (!nodes.isEmpty()) {
            Expr node = nodes.pop();
            int depth = depths.pop();
            if (depth > max) {
                max = depth;
                if (depth == MAX_DEPTH + 1) {
                    firstTooDeep = node.pos();
                }
            }
            forEachChild(node, child -> {
                nodes.push(child);
                depths.push(depth + 1);
            });
        }
        if (max > MAX_DEPTH) {
            Pos at = firstTooDeep != null && firstTooDeep.line() > 0 ? firstTooDeep : e.pos();
            String where = at != null && at.line() > 0 ? " at line " + at.line() + ", column " + at.column() : "";
            throw new QueryException("expression too deeply nested: " + max + " levels" + where + " (limit " + MAX_DEPTH
                    + "; AND and OR chains and IN lists of any length count as one level)",
                    sql, at == null ? 0 : at.offset(), at == null ? 0 : at.line(), at == null ? 0 : at.column(), null);
        }
    }

    private static void forEachChild(Expr e, java.util.function.Consumer<Expr> visit) {
        switch (e) {
            case Expr.Unary u -> visit.accept(u.operand());
            case Expr.Binary b -> {
                visit.accept(b.left());
                visit.accept(b.right());
            }
            case Expr.Logical l -> l.operands().forEach(visit);
            case Expr.Like l -> {
                visit.accept(l.value());
                visit.accept(l.pattern());
            }
            case Expr.InList i -> {
                visit.accept(i.value());
                i.list().forEach(visit);
            }
            case Expr.Between b -> {
                visit.accept(b.value());
                visit.accept(b.low());
                visit.accept(b.high());
            }
            case Expr.IsNull i -> visit.accept(i.value());
            case Expr.Call c -> {
                c.args().forEach(visit);
                c.suffixExprs().forEach(visit);
            }
            case Expr.Cast c -> visit.accept(c.value());
            case Expr.Case c -> {
                if (c.operand() != null) {
                    visit.accept(c.operand());
                }
                for (Expr.When w : c.whens()) {
                    visit.accept(w.condition());
                    visit.accept(w.result());
                }
                if (c.otherwise() != null) {
                    visit.accept(c.otherwise());
                }
            }
            case Expr.InSubquery i -> visit.accept(i.value());
            case Expr.Exists x -> { }
            case Expr.ScalarSubquery q -> { }
            case Expr.Literal l -> { }
            case Expr.TypedLiteral t -> { }
            case Expr.ColumnRef c -> { }
            case Expr.Star s -> { }
            case Expr.Parameter p -> { }
        }
    }
}
