package dev.sundial.sql.plan;

import dev.sundial.SqlType;
import dev.sundial.index.TagFilter;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.ComparisonEval;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.InListEval;
import dev.sundial.sql.exec.PatternMatchEval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a table query's WHERE conjuncts by what can answer them:
 * <ul>
 * <li>comparisons of the timestamp with constants become the scan's time range [from, to) —
 * exactly, so they are dropped from the row filter (bounds are start-inclusive, end-exclusive);</li>
 * <li>conjuncts over tags only are <em>series predicates</em>, checked once per series; those the
 * tag index can answer ({@code =}, {@code IN}, {@code LIKE}, regex) also prune through it;</li>
 * <li>everything else is the row filter, evaluated on decoded batches.</li>
 * </ul>
 * A NULL tag fails every SQL predicate; the tag index is only used for predicates that agree.
 */
public final class ScanPredicates {
    public long from = Long.MIN_VALUE;
    public long to = Long.MAX_VALUE;
    public TagFilter tagFilter = TagFilter.all();
    public final List<Eval> seriesPredicates = new ArrayList<>();
    public final List<Eval> rowPredicates = new ArrayList<>();
    /** True when a conjunct is constantly false or NULL: nothing can match. */
    public boolean empty;

    public static ScanPredicates split(List<Eval> conjuncts, int tagCount, List<String> tagNames) {
        ScanPredicates p = new ScanPredicates();
        for (Eval c : conjuncts) {
            if (c instanceof ConstEval k) {
                if (k.value == null || !((Boolean) k.value)) {
                    p.empty = true;
                }
                continue;
            }
            if (p.timeBound(c)) {
                continue;
            }
            BitSet slots = new BitSet();
            c.collectSlots(slots);
            boolean tagsOnly = !slots.isEmpty() && slots.nextSetBit(0) >= 1 && slots.previousSetBit(slots.length()) <= tagCount;
            if (tagsOnly) {
                p.seriesPredicates.add(c);
                TagFilter.Predicate tp = indexable(c, tagNames);
                if (tp != null) {
                    p.tagFilter = p.tagFilter.and(tp);
                }
            } else {
                p.rowPredicates.add(c);
            }
        }
        if (p.from >= p.to) {
            p.empty = true;
        }
        return p;
    }

    private boolean timeBound(Eval c) {
        if (!(c instanceof ComparisonEval cmp)) {
            return false;
        }
        ComparisonEval.Op op = cmp.op;
        Eval col = cmp.left;
        Eval val = cmp.right;
        if (!(col instanceof ColumnEval)) {
            col = cmp.right;
            val = cmp.left;
            op = op.flip();
        }
        if (!(col instanceof ColumnEval ce) || ce.slot != 0 || !(val instanceof ConstEval k) || k.type != SqlType.TIMESTAMP) {
            return false;
        }
        if (k.value == null) {
            empty = true;
            return true;
        }
        long v = (Long) k.value;
        switch (op) {
            case GE -> from = Math.max(from, v);
            case GT -> {
                if (v == Long.MAX_VALUE) {
                    empty = true;
                } else {
                    from = Math.max(from, v + 1);
                }
            }
            case LT -> to = Math.min(to, v);
            case LE -> to = Math.min(to, v == Long.MAX_VALUE ? v : v + 1);
            case EQ -> {
                from = Math.max(from, v);
                to = Math.min(to, v == Long.MAX_VALUE ? v : v + 1);
            }
            default -> {
                return false; // != stays a row filter
            }
        }
        return true;
    }

    private static TagFilter.Predicate indexable(Eval c, List<String> tagNames) {
        if (c instanceof ComparisonEval cmp && cmp.op == ComparisonEval.Op.EQ) {
            ColumnEval col = cmp.left instanceof ColumnEval l ? l : cmp.right instanceof ColumnEval r ? r : null;
            Eval other = col == cmp.left ? cmp.right : cmp.left;
            if (col != null && other instanceof ConstEval k && k.value instanceof String s) {
                return new TagFilter.Equals(tagNames.get(col.slot - 1), s);
            }
        }
        if (c instanceof InListEval in && !in.negated() && in.value() instanceof ColumnEval col) {
            Set<String> values = new HashSet<>();
            for (ConstEval k : in.list()) {
                if (k.value instanceof String s) {
                    values.add(s);
                }
            }
            return new TagFilter.In(tagNames.get(col.slot - 1), Set.copyOf(values));
        }
        if (c instanceof PatternMatchEval pm && !pm.negated() && pm.value() instanceof ColumnEval col) {
            Pattern p = pm.pattern();
            Pattern whole = pm.isLike() ? p : Pattern.compile("(?s).*(?:" + p.pattern() + ").*", p.flags());
            return new TagFilter.Matches(tagNames.get(col.slot - 1), whole);
        }
        return null;
    }
}
