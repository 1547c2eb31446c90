package dev.sundial.sql.exec;

import dev.sundial.sql.analyze.AggregateCall;
import dev.sundial.sql.function.Accumulator;
import dev.sundial.sql.function.HistogramAccumulator;
import dev.sundial.sql.function.PercentileDiscAccumulator;
import dev.sundial.sql.function.TimeSeriesAccumulator;

/**
 * The parts of hash aggregation for the aggregate-call syntax and the time-series aggregates:
 * {@code FILTER (WHERE …)} feeds an accumulator only the rows whose condition is true, and the
 * accumulators of percentile_disc, rate, delta, derivative, time_weight and histogram are made
 * here. Stateless.
 */
final class AggregateFilter {
    private AggregateFilter() {
    }

    static Accumulator accumulator(AggregateCall a) {
        return switch (a.kind()) {
            case PERCENTILE_DISC -> new PercentileDiscAccumulator(a.fraction(), Boolean.TRUE.equals(a.param()), a.type());
            case RATE, DELTA -> new TimeSeriesAccumulator(a.kind(), 0, false);
            case DERIVATIVE -> new TimeSeriesAccumulator(a.kind(), (Long) a.param(), false);
            case TIME_WEIGHT -> new TimeSeriesAccumulator(a.kind(), 0, "LINEAR".equals(a.param()));
            case HISTOGRAM -> {
                double[] p = (double[]) a.param();
                yield new HistogramAccumulator(p[0], p[1], (int) p[2]);
            }
            default -> throw new IllegalStateException("BUG: no accumulator here for " + a.kind());
        };
    }

    /** Adds the rows [0, n) where {@code cond} is true (not false, not NULL). */
    static void add(Accumulator acc, Vec cond, Vec arg, Vec arg2, int[] gids, int n) {
        int[] sel = new int[Math.max(n, 1)];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!cond.isNull(i) && cond.getBool(i)) {
                sel[m++] = i;
            }
        }
        if (m == 0) {
            return;
        }
        if (m == n) {
            acc.add(arg, arg2, gids, n);
            return;
        }
        int[] g = new int[m];
        for (int i = 0; i < m; i++) {
            g[i] = gids[sel[i]];
        }
        acc.add(arg == null ? null : arg.select(sel, m), arg2 == null ? null : arg2.select(sel, m), g, m);
    }
}
