package dev.sundial.sql.plan;

import dev.sundial.index.SeriesKey;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.analyze.WindowCall;
import dev.sundial.sql.exec.ColumnEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.QueryContext;
import dev.sundial.sql.exec.ScanSpec;
import dev.sundial.sql.exec.SeriesScanOperator;
import dev.sundial.sql.exec.WindowOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places the {@link WindowOperator} over a SELECT's rows (after aggregation and HAVING), and picks
 * its streaming mode when no sort is needed: the input is the plain table scan (series by series,
 * each in time order); every window has the same PARTITION BY, made only of tag columns, and
 * ORDERs BY nothing or the timestamp ascending; and no two scanned series share the values of those
 * tags (then a partition is exactly one series, and arrives whole). Stateless.
 */
final class WindowPlanner {
    private WindowPlanner() {
    }

    static Operator plan(QueryContext ctx, Operator input, SelectPlan p) {
        return new WindowOperator(ctx, input, p.windows, streamable(input, p));
    }

    private static boolean streamable(Operator input, SelectPlan p) {
        if (!(input instanceof SeriesScanOperator scan) || p.aggregate || p.table == null) {
            return false;
        }
        int tagCount = p.table.schema().tagCount();
        String key = p.windows.get(0).sortKey();
        Set<Integer> tagSlots = new TreeSet<>();
        for (WindowCall w : p.windows) {
            if (!w.sortKey().equals(key)) {
                return false;
            }
        }
        WindowCall w = p.windows.get(0);
        for (Eval e : w.partition()) {
            if (!(e instanceof ColumnEval c) || c.slot < 1 || c.slot > tagCount) {
                return false;
            }
            tagSlots.add(c.slot);
        }
        if (w.order().size() > 1 || (w.order().size() == 1
                && (!(w.order().get(0) instanceof ColumnEval c) || c.slot != 0 || w.orderDesc()[0]))) {
            return false;
        }
        return distinctKeys(scan.spec(), tagSlots, tagCount);
    }

    /** True when no two series of the scan have equal values of the tags at {@code slots}. */
    private static boolean distinctKeys(ScanSpec spec, Set<Integer> slots, int tagCount) {
        if (slots.size() == tagCount) {
            return true; // the whole series key: distinct by definition
        }
        Set<List<String>> seen = new HashSet<>();
        for (int id : spec.seriesIds()) {
            SeriesKey k = spec.table().seriesKey(id);
            List<String> values = new ArrayList<>(slots.size());
            for (int s : slots) {
                values.add(s - 1 < k.length() ? k.tag(s - 1) : null);
            }
            if (!seen.add(values)) {
                return false;
            }
        }
        return true;
    }
}
