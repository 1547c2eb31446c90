package dev.sundial.sql.analyze;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ComparisonEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import dev.sundial.sql.parser.SelectQuery;
import dev.sundial.sql.parser.SelectQuery.JoinKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyzes a FROM clause with joins into a {@link JoinRelation} tree: each table or subquery side
 * through {@link SelectAnalyzer#fromItem} (so whatever a table name may mean there, a join side
 * means too), the ON condition over both sides, USING's equalities and merged columns (PostgreSQL's
 * rule: a bare name is the merged column, shown once by {@code SELECT *}; {@code a.host} is still
 * a's), and an ASOF join's equalities, time inequality and tolerance. Stateless apart from the
 * statement's analyzers.
 */
final class JoinAnalyzer {
    private final SelectAnalyzer select;
    private final ExprAnalyzer exprs;
    private final String sql;

    JoinAnalyzer(SelectAnalyzer select, ExprAnalyzer exprs) {
        this.select = select;
        this.exprs = exprs;
        this.sql = exprs.sql();
    }

    JoinRelation analyze(SelectQuery.Join j) {
        return join(j);
    }

    private Relation relation(SelectQuery.FromItem f) {
        if (f instanceof SelectQuery.Join j) {
            return join(j);
        }
        SelectPlan leaf = new SelectPlan();
        select.fromItem(f, leaf);
        String name = switch (f) {
            case SelectQuery.TableRef t -> t.alias() != null ? t.alias() : t.name();
            case SelectQuery.Subquery s -> s.alias();
            default -> null;
        };
        return new LeafRelation(leaf, name);
    }

    private JoinRelation join(SelectQuery.Join j) {
        Relation left = relation(j.left());
        Relation right = relation(j.right());
        Set<String> leftNames = qualifiers(left.scope);
        for (String q : qualifiers(right.scope)) {
            if (leftNames.contains(q)) {
                throw Errors.at(sql, j.pos(), "table name \"" + q + "\" specified more than once in FROM; give one of them an alias");
            }
        }
        int lw = left.width;
        List<Scope.Column> pair = new ArrayList<>(left.scope.columns());
        for (Scope.Column c : right.scope.columns()) {
            pair.add(new Scope.Column(c.qualifier(), c.name(), c.type(), lw + c.slot(), c.kind(), c.qualifiedOnly()));
        }
        String what = "the " + j.kind().sql + " of " + describe(left) + " and " + describe(right);
        Scope pairScope = new Scope(pair, what);
        if (!j.using().isEmpty()) {
            return using(j, left, right, pair, what);
        }
        JoinRelation rel = new JoinRelation(j.kind(), left, right, List.of(), pairScope);
        List<Eval> conds = new ArrayList<>();
        if (j.on() != null && !(j.kind().asof() && j.on() instanceof Expr.ColumnRef)) {
            Eval on = exprs.analyze(j.on(), pairScope, null, "in JOIN conditions");
            if (on.type != SqlType.BOOLEAN && !(on instanceof ConstEval c && c.value == null)) {
                throw Errors.at(sql, j.on().pos(), "JOIN ON must be a BOOLEAN condition, but " + on.describe() + " is " + on.type.sqlName());
            }
            SelectAnalyzer.splitConjuncts(on, conds);
        }
        if (j.kind().asof()) {
            asof(j, rel, conds, pairScope);
        } else if (j.on() != null && j.kind() != JoinKind.FULL) {
            // each ON conjunct apart, so that one reading a side it may filter first goes down into it
            List<Expr> asts = j.on() instanceof Expr.Logical l && l.op().equals("AND") ? l.operands() : List.of(j.on());
            List<Eval> each = new ArrayList<>();
            for (Expr a : asts) {
                each.add(exprs.analyze(a, pairScope, null, "in JOIN conditions"));
            }
            JoinPushDown.on(exprs, rel, each, asts);
        } else {
            rel.conditions.addAll(conds);
        }
        return rel;
    }

    /** USING (a, b): equalities, and the merged columns first in the scope (COALESCE for FULL). */
    private JoinRelation using(SelectQuery.Join j, Relation left, Relation right, List<Scope.Column> pair, String what) {
        int lw = left.width;
        List<Scope.Column> merged = new ArrayList<>();
        List<int[]> coalesced = new ArrayList<>();
        List<Eval> conds = new ArrayList<>();
        Set<Integer> hidden = new HashSet<>();
        for (String name : j.using()) {
            Scope.Column l = usingColumn(left, name, "left", j.pos());
            Scope.Column r = usingColumn(right, name, "right", j.pos());
            SqlType type = l.type() == r.type() ? l.type() : numeric(l.type()) && numeric(r.type()) ? SqlType.DOUBLE : null;
            if (type == null) {
                throw Errors.at(sql, j.pos(), "JOIN/USING types " + l.type().sqlName() + " and " + r.type().sqlName()
                        + " of column \"" + name + "\" cannot be matched");
            }
            Eval le = exprs.coerce(new ColumnEval(l.slot(), l.type(), name), type, j.pos());
            Eval re = exprs.coerce(new ColumnEval(lw + r.slot(), r.type(), name), type, j.pos());
            conds.add(new ComparisonEval(ComparisonEval.Op.EQ, le, re));
            hidden.add(l.slot());
            hidden.add(lw + r.slot());
            int slot = switch (j.kind()) {
                case LEFT, INNER -> l.slot();
                case RIGHT -> lw + r.slot();
                default -> {
                    if (type != l.type() || type != r.type()) {
                        throw Errors.at(sql, j.pos(), "FULL JOIN … USING needs columns of one type; \"" + name + "\" is "
                                + l.type().sqlName() + " and " + r.type().sqlName());
                    }
                    coalesced.add(new int[] {l.slot(), lw + r.slot()});
                    yield lw + right.width + coalesced.size() - 1;
                }
            };
            Scope.Kind kind = j.kind() == JoinKind.FULL ? Scope.Kind.DERIVED : j.kind() == JoinKind.RIGHT ? r.kind() : l.kind();
            merged.add(new Scope.Column(null, name, j.kind() == JoinKind.FULL ? type : (j.kind() == JoinKind.RIGHT ? r.type() : l.type()),
                    slot, kind));
        }
        List<Scope.Column> cols = new ArrayList<>(merged);
        for (Scope.Column c : pair) {
            cols.add(hidden.contains(c.slot()) && !c.qualifiedOnly()
                    ? new Scope.Column(c.qualifier(), c.name(), c.type(), c.slot(), c.kind(), true) : c);
        }
        JoinRelation rel = new JoinRelation(j.kind(), left, right, coalesced, new Scope(cols, what));
        rel.conditions.addAll(conds);
        return rel;
    }

    private Scope.Column usingColumn(Relation side, String name, String which, Pos pos) {
        Scope.Column found = null;
        for (Scope.Column c : side.scope.columns()) {
            if (c.name().equals(name) && !c.qualifiedOnly()) {
                if (found != null) {
                    throw Errors.at(sql, pos, "common column name \"" + name + "\" appears more than once in " + which + " table");
                }
                found = c;
            }
        }
        if (found == null) {
            throw Errors.at(sql, pos, "column \"" + name + "\" specified in USING clause does not exist in " + which + " table");
        }
        return found;
    }

    /**
     * ASOF: the conditions must be equalities between the sides plus one {@code left >= right} (or
     * {@code >}) of TIMESTAMP or BIGINT values; QuestDB's {@code ON (sym)} and a missing ON imply
     * the timestamps of both sides.
     */
    private void asof(SelectQuery.Join j, JoinRelation rel, List<Eval> conds, Scope pairScope) {
        int lw = rel.leftWidth;
        if (j.on() instanceof Expr.ColumnRef c) {
            if (c.qualifier() != null) {
                throw Errors.at(sql, c.pos(), "ASOF JOIN ON (column) takes a bare column name present on both sides, or write a.x = b.x");
            }
            Scope.Column l = usingColumn(rel.left, c.name(), "left", c.pos());
            Scope.Column r = usingColumn(rel.right, c.name(), "right", c.pos());
            if (l.type() != r.type()) {
                throw Errors.at(sql, c.pos(), "ASOF JOIN ON (" + c.name() + "): the column is " + l.type().sqlName() + " on the left and "
                        + r.type().sqlName() + " on the right");
            }
            conds.add(new ComparisonEval(ComparisonEval.Op.EQ, new ColumnEval(l.slot(), l.type(), c.name()),
                    new ColumnEval(lw + r.slot(), r.type(), c.name())));
        }
        for (Eval e : conds) {
            if (e instanceof ComparisonEval cmp && cmp.op != ComparisonEval.Op.NE) {
                int ls = side(cmp.left, lw);
                int rs = side(cmp.right, lw);
                if (ls >= 0 && rs >= 0 && ls != rs) {
                    Eval a = ls == 0 ? cmp.left : cmp.right;
                    Eval b = ls == 0 ? cmp.right : cmp.left;
                    ComparisonEval.Op op = ls == 0 ? cmp.op : cmp.op.flip();
                    if (op == ComparisonEval.Op.EQ) {
                        rel.conditions.add(cmp);
                        continue;
                    }
                    if (op == ComparisonEval.Op.LE || op == ComparisonEval.Op.LT) {
                        throw Errors.at(sql, j.pos(), "ASOF JOIN matches the latest right row at or before each left row: write the "
                                + "time condition as left >= right (or >), not " + e.describe());
                    }
                    if (rel.asofLeft != null) {
                        throw Errors.at(sql, j.pos(), "ASOF JOIN takes one time inequality, got " + rel.asofLeft.describe()
                                + (rel.asofStrict ? " > " : " >= ") + rel.asofRight.describe() + " and " + e.describe());
                    }
                    rel.asofLeft = a;
                    rel.asofRight = b;
                    rel.asofStrict = op == ComparisonEval.Op.GT;
                    continue;
                }
            }
            throw Errors.at(sql, j.pos(), "ASOF JOIN conditions must be equalities between the two sides and one time inequality "
                    + "left >= right; " + e.describe() + " is neither");
        }
        if (rel.asofLeft == null) {
            if (j.on() != null && !(j.on() instanceof Expr.ColumnRef)) {
                throw Errors.at(sql, j.pos(), "ASOF JOIN needs a time inequality in ON, e.g. a.ts >= b.ts (the latest row of b at or "
                        + "before each row of a); only ASOF JOIN b ON (column) or without ON implies the tables' timestamps");
            }
            Scope.Column l = timestamp(rel.left, "left", j.pos());
            Scope.Column r = timestamp(rel.right, "right", j.pos());
            rel.asofLeft = new ColumnEval(l.slot(), l.type(), l.name());
            rel.asofRight = new ColumnEval(lw + r.slot(), r.type(), r.name());
        }
        SqlType t = rel.asofLeft.type;
        if (t != SqlType.TIMESTAMP && t != SqlType.BIGINT) {
            throw Errors.at(sql, j.pos(), "ASOF JOIN's inequality compares TIMESTAMP or BIGINT values, not " + t.sqlName());
        }
        if (j.tolerance() != null) {
            Eval tol = exprs.coerce(exprs.analyze(j.tolerance(), Scope.empty()), t == SqlType.TIMESTAMP ? SqlType.INTERVAL : SqlType.BIGINT,
                    j.tolerance().pos());
            if (!(tol instanceof ConstEval k) || !(k.value instanceof Long n) || n < 0) {
                throw Errors.at(sql, j.tolerance().pos(), "TOLERANCE must be a constant non-negative "
                        + (t == SqlType.TIMESTAMP ? "interval without months, e.g. INTERVAL '1 second'" : "integer") + ", got " + tol.describe());
            }
            rel.tolerance = n;
        }
    }

    /** The side's one TIMESTAMP column (a table's designated timestamp), for QuestDB's implied condition. */
    private Scope.Column timestamp(Relation side, String which, Pos pos) {
        List<Scope.Column> ts = side.scope.columns().stream().filter(c -> c.kind() == Scope.Kind.TIMESTAMP && !c.qualifiedOnly()).toList();
        if (ts.size() != 1) {
            throw Errors.at(sql, pos, "ASOF JOIN needs a time inequality in ON, e.g. a.ts >= b.ts: the " + which
                    + " side has " + (ts.isEmpty() ? "no" : "more than one") + " designated timestamp to imply it");
        }
        return ts.get(0);
    }

    /** 0 when {@code e} reads only left slots, 1 only right slots, -1 both or none. */
    static int side(Eval e, int leftWidth) {
        BitSet s = new BitSet();
        e.collectSlots(s);
        if (s.isEmpty()) {
            return -1;
        }
        if (s.length() <= leftWidth) {
            return 0;
        }
        return s.nextSetBit(0) >= leftWidth ? 1 : -1;
    }

    private static boolean numeric(SqlType t) {
        return t == SqlType.BIGINT || t == SqlType.DOUBLE;
    }

    private static Set<String> qualifiers(Scope s) {
        Set<String> out = new HashSet<>();
        for (Scope.Column c : s.columns()) {
            if (c.qualifier() != null) {
                out.add(c.qualifier());
            }
        }
        return out;
    }

    private static String describe(Relation r) {
        return r instanceof LeafRelation l && l.name != null ? "\"" + l.name + "\"" : r instanceof JoinRelation ? "a join" : "a subquery";
    }
}
