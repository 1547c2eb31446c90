package dev.sundial.sql.parser;

import dev.sundial.sql.parser.SelectQuery.OrderItem;
import dev.sundial.sql.parser.SundialSqlParser.CurrentRowFrameBoundContext;
import dev.sundial.sql.parser.SundialSqlParser.FrameBoundContext;
import dev.sundial.sql.parser.SundialSqlParser.FrameClauseContext;
import dev.sundial.sql.parser.SundialSqlParser.FunctionCallContext;
import dev.sundial.sql.parser.SundialSqlParser.OffsetFrameBoundContext;
import dev.sundial.sql.parser.SundialSqlParser.OrderItemContext;
import dev.sundial.sql.parser.SundialSqlParser.UnboundedFrameBoundContext;
import dev.sundial.sql.parser.SundialSqlParser.WindowClauseContext;
import dev.sundial.sql.parser.SundialSqlParser.WindowDefinitionContext;
import dev.sundial.sql.parser.SundialSqlParser.WindowSpecContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the aggregate-call suffixes of a function call ({@code WITHIN GROUP}, {@code FILTER},
 * {@code OVER}) and the named windows of a WINDOW clause, for {@link AstBuilder}. Named windows are
 * resolved here, PostgreSQL's way: {@code OVER w} is w's definition; {@code OVER (w ORDER BY …)}
 * takes w's PARTITION BY and ORDER BY and adds its own ORDER BY and frame (w may then have no
 * frame, and no ORDER BY when this one has one). GROUPS frames and EXCLUDE are refused with a
 * message saying so. Stateless.
 */
final class WindowSyntax {
    private WindowSyntax() {
    }

    static Map<String, Expr.Window> definitions(AstBuilder b, WindowClauseContext ctx) {
        if (ctx == null) {
            return Map.of();
        }
        Map<String, Expr.Window> out = new LinkedHashMap<>();
        for (WindowDefinitionContext d : ctx.windowDefinition()) {
            String name = b.name(d.identifier());
            if (out.containsKey(name)) {
                throw SyntaxError.at(b.sql(), d.start, "window \"" + name + "\" is already defined");
            }
            out.put(name, window(b, d.windowSpec(), out));
        }
        return out;
    }

    static Expr.Call call(AstBuilder b, FunctionCallContext f, List<Expr> args, Map<String, Expr.Window> windows, Pos pos) {
        String name = b.name(f.identifier());
        Expr filter = f.filterClause() == null ? null : b.expr(f.filterClause().expr());
        List<OrderItem> within = List.of();
        if (f.withinGroup() != null) {
            within = orderItems(b, f.withinGroup().orderItem());
        }
        Expr.Window over = null;
        if (f.overClause() != null) {
            if (f.overClause().windowName != null) {
                String w = b.name(f.overClause().windowName);
                over = windows.get(w);
                if (over == null) {
                    throw SyntaxError.at(b.sql(), f.overClause().windowName.start, "window \"" + w + "\" does not exist"
                            + (windows.isEmpty() ? ": define it in a WINDOW clause (WINDOW " + w + " AS (…))"
                            : "; defined: " + String.join(", ", windows.keySet())));
                }
            } else {
                over = window(b, f.overClause().windowSpec(), windows);
            }
        }
        return new Expr.Call(name, args, f.DISTINCT() != null, f.STAR() != null, pos, filter, within, over);
    }

    private static Expr.Window window(AstBuilder b, WindowSpecContext spec, Map<String, Expr.Window> windows) {
        List<Expr> partition = new ArrayList<>();
        for (SundialSqlParser.ExprContext e : spec.expr()) {
            partition.add(b.expr(e));
        }
        List<OrderItem> order = spec.orderBy() == null ? List.of() : orderItems(b, spec.orderBy().orderItem());
        Expr.Frame frame = spec.frameClause() == null ? null : frame(b, spec.frameClause());
        if (spec.baseWindow != null) {
            String baseName = b.name(spec.baseWindow);
            Expr.Window base = windows.get(baseName);
            if (base == null) {
                throw SyntaxError.at(b.sql(), spec.baseWindow.start, "window \"" + baseName + "\" does not exist");
            }
            if (!partition.isEmpty()) {
                throw SyntaxError.at(b.sql(), spec.PARTITION().getSymbol(), "cannot override PARTITION BY clause of window \"" + baseName + "\"");
            }
            if (!order.isEmpty() && !base.orderBy().isEmpty()) {
                throw SyntaxError.at(b.sql(), spec.orderBy().start, "cannot override ORDER BY clause of window \"" + baseName + "\"");
            }
            if (base.frame() != null) {
                throw SyntaxError.at(b.sql(), spec.baseWindow.start, "cannot copy window \"" + baseName + "\" because it has a frame clause");
            }
            partition = base.partitionBy();
            if (order.isEmpty()) {
                order = base.orderBy();
            }
        }
        return new Expr.Window(partition, order, frame, AstBuilder.pos(spec.start));
    }

    private static Expr.Frame frame(AstBuilder b, FrameClauseContext f) {
        if (f.frameUnit.getType() == SundialSqlLexer.GROUPS) {
            throw SyntaxError.at(b.sql(), f.frameUnit, "window frames with GROUPS are not supported (use ROWS or RANGE)");
        }
        if (f.frameExclusion() != null) {
            throw SyntaxError.at(b.sql(), f.frameExclusion().start, "window frames with EXCLUDE are not supported");
        }
        Expr.FrameBound start = bound(b, f.frameStart);
        Expr.FrameBound end = f.frameEnd == null
                ? new Expr.FrameBound(Expr.BoundKind.CURRENT_ROW, null, start.pos()) : bound(b, f.frameEnd);
        return new Expr.Frame(f.frameUnit.getType() == SundialSqlLexer.ROWS, start, end, AstBuilder.pos(f.start));
    }

    private static Expr.FrameBound bound(AstBuilder b, FrameBoundContext ctx) {
        Pos pos = AstBuilder.pos(ctx.start);
        return switch (ctx) {
            case UnboundedFrameBoundContext u -> new Expr.FrameBound(
                    u.PRECEDING() != null ? Expr.BoundKind.UNBOUNDED_PRECEDING : Expr.BoundKind.UNBOUNDED_FOLLOWING, null, pos);
            case CurrentRowFrameBoundContext c -> new Expr.FrameBound(Expr.BoundKind.CURRENT_ROW, null, pos);
            case OffsetFrameBoundContext o -> new Expr.FrameBound(
                    o.PRECEDING() != null ? Expr.BoundKind.PRECEDING : Expr.BoundKind.FOLLOWING, b.valueExpr(o.valueExpr()), pos);
            default -> throw new IllegalStateException("BUG: frame bound " + ctx.getClass().getSimpleName());
        };
    }

    private static List<OrderItem> orderItems(AstBuilder b, List<OrderItemContext> items) {
        List<OrderItem> out = new ArrayList<>(items.size());
        for (OrderItemContext o : items) {
            Boolean nullsFirst = o.NULLS() == null ? null : o.FIRST() != null;
            out.add(new OrderItem(b.expr(o.expr()), o.DESC() != null, nullsFirst, AstBuilder.pos(o.start)));
        }
        return List.copyOf(out);
    }
}
