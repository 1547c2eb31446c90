package dev.sundial.sql.function;

/**
 * The arithmetic of the time-series functions over samples {@code (ts[i], v[i])} in time order
 * (timestamps in epoch nanoseconds), shared by their aggregate and window forms so both agree:
 * <ul>
 *   <li>{@link #increase}: Prometheus's counter increase — the sum of the rises between consecutive
 *   samples, where a drop means the counter restarted from 0 (the rise is then the new value);</li>
 *   <li>{@link #rate}: that increase per second between the first and the last sample (no
 *   extrapolation to the edges of a bucket, unlike Prometheus's {@code rate()});</li>
 *   <li>{@link #derivative}: (last − first) per {@code unit} of time between them;</li>
 *   <li>{@link #timeWeightedAverage}: TimescaleDB Toolkit's {@code average(time_weight(…))} — each
 *   value weighted by how long it held (LOCF: until the next sample) or the trapezoids between
 *   samples (LINEAR), over the span from the first to the last sample; one sample (or samples all
 *   at one instant) averages to the last value.</li>
 * </ul>
 * Stateless.
 */
public final class TimeSeriesMath {
    private TimeSeriesMath() {
    }

    /** The rise from {@code prev} to {@code next} of a counter: a drop is a restart from 0. */
    public static double counterRise(double prev, double next) {
        return next >= prev ? next - prev : next;
    }

    /** Seconds between two epoch-nanosecond timestamps. */
    public static double seconds(long from, long to) {
        return (double) (to - from) / 1e9;
    }

    /** The counter increase over samples [0, n); 0 for fewer than two. */
    public static double increase(double[] v, int n) {
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += counterRise(v[i - 1], v[i]);
        }
        return sum;
    }

    /** Per-second counter increase over samples [0, n), or NaN (NULL) for fewer than two or no time between them. */
    public static double rate(long[] ts, double[] v, int n) {
        if (n < 2 || ts[n - 1] == ts[0]) {
            return Double.NaN;
        }
        return increase(v, n) / seconds(ts[0], ts[n - 1]);
    }

    /** (last − first) per {@code unitNanos} over samples [0, n), or NaN (NULL) for fewer than two or no time between them. */
    public static double derivative(long[] ts, double[] v, int n, long unitNanos) {
        if (n < 2 || ts[n - 1] == ts[0]) {
            return Double.NaN;
        }
        return (v[n - 1] - v[0]) / ((double) (ts[n - 1] - ts[0]) / unitNanos);
    }

    /** Time-weighted average over samples [0, n) (n ≥ 1), LOCF or LINEAR. */
    public static double timeWeightedAverage(long[] ts, double[] v, int n, boolean linear) {
        if (ts[n - 1] == ts[0]) {
            return v[n - 1];
        }
        double sum = 0;
        for (int i = 1; i < n; i++) {
            double dt = ts[i] - ts[i - 1];
            sum += (linear ? (v[i - 1] + v[i]) / 2 : v[i - 1]) * dt;
        }
        return sum / (double) (ts[n - 1] - ts[0]);
    }

    /**
     * TimescaleDB's histogram bucket of {@code x}: 0 below {@code min}, {@code n + 1} at or above
     * {@code max}, else 1 + the equal-width bucket of [min, max) it falls in.
     */
    public static int histogramBucket(double x, double min, double max, int n) {
        if (x < min) {
            return 0;
        }
        if (x >= max) {
            return n + 1;
        }
        int b = 1 + (int) Math.floor((x - min) / (max - min) * n);
        return Math.min(b, n); // rounding can reach n + 1 just below max
    }

    /** A PostgreSQL array text of counts: {@code {1,0,3}}. */
    public static String arrayText(long[] counts) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < counts.length; i++) {
            sb.append(i == 0 ? "" : ",").append(counts[i]);
        }
        return sb.append('}').toString();
    }
}
