package dev.sundial.bench.query;

import static dev.sundial.bench.query.TsbsDataset.HOUR;
import static dev.sundial.bench.query.TsbsDataset.MINUTE;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The TSBS devops query types, in Sundial's SQL, each with a generator of random parameters (hosts,
 * time window) drawn from a seeded random source.
 *
 * <p>Windows start at a random whole minute inside the data such that the window fits (TSBS draws
 * random windows too); so a per-minute query returns exactly one row per minute of the window, and a
 * per-hour query usually touches one more hour bucket than the window's length. Timestamps are passed
 * as {@link Instant}s. Hosts of one query are distinct. Immutable.
 */
enum TsbsQuery {
    /** 1 host, 1 hour, max of 1 metric per minute: 60 rows. */
    SINGLE_GROUPBY_1_1_1(
            "SELECT time_bucket('1m', timestamp) AS minute, max(usage_user) FROM cpu"
                    + " WHERE hostname = ? AND timestamp >= ? AND timestamp < ? GROUP BY minute ORDER BY minute",
            (d, r) -> hostsThenWindow(d, r, 1, HOUR)),
    /** 1 host, 12 hours, max of 5 metrics per minute: 720 rows. */
    SINGLE_GROUPBY_5_1_12(
            "SELECT time_bucket('1m', timestamp) AS minute, max(usage_user), max(usage_system), max(usage_idle),"
                    + " max(usage_nice), max(usage_iowait) FROM cpu"
                    + " WHERE hostname = ? AND timestamp >= ? AND timestamp < ? GROUP BY minute ORDER BY minute",
            (d, r) -> hostsThenWindow(d, r, 1, 12 * HOUR)),
    /** 8 hosts, 8 hours, max of all 10 metrics per hour (across the hosts): 8–9 rows. */
    CPU_MAX_ALL_8(
            "SELECT time_bucket('1h', timestamp) AS hour, max(usage_user), max(usage_system), max(usage_idle),"
                    + " max(usage_nice), max(usage_iowait), max(usage_irq), max(usage_softirq), max(usage_steal),"
                    + " max(usage_guest), max(usage_guest_nice) FROM cpu"
                    + " WHERE hostname IN (?, ?, ?, ?, ?, ?, ?, ?) AND timestamp >= ? AND timestamp < ?"
                    + " GROUP BY hour ORDER BY hour",
            (d, r) -> hostsThenWindow(d, r, 8, 8 * HOUR)),
    /** All hosts, 12 hours, avg of 1 metric per host and hour: hosts × 12–13 rows. */
    DOUBLE_GROUPBY_1(
            "SELECT time_bucket('1h', timestamp) AS hour, hostname, avg(usage_user) FROM cpu"
                    + " WHERE timestamp >= ? AND timestamp < ? GROUP BY hour, hostname ORDER BY hour, hostname",
            (d, r) -> hostsThenWindow(d, r, 0, 12 * HOUR)),
    /** All hosts, 12 hours, avg of all 10 metrics per host and hour: hosts × 12–13 rows. */
    DOUBLE_GROUPBY_ALL(
            "SELECT time_bucket('1h', timestamp) AS hour, hostname, avg(usage_user), avg(usage_system),"
                    + " avg(usage_idle), avg(usage_nice), avg(usage_iowait), avg(usage_irq), avg(usage_softirq),"
                    + " avg(usage_steal), avg(usage_guest), avg(usage_guest_nice) FROM cpu"
                    + " WHERE timestamp >= ? AND timestamp < ? GROUP BY hour, hostname ORDER BY hour, hostname",
            (d, r) -> hostsThenWindow(d, r, 0, 12 * HOUR)),
    /** Not a TSBS query: all hosts, the whole data set, avg of all 10 metrics per host and hour (issue 8's rollup figure). */
    HOURLY_AVG_ALL(
            "SELECT time_bucket('1h', timestamp) AS hour, hostname, avg(usage_user), avg(usage_system),"
                    + " avg(usage_idle), avg(usage_nice), avg(usage_iowait), avg(usage_irq), avg(usage_softirq),"
                    + " avg(usage_steal), avg(usage_guest), avg(usage_guest_nice) FROM cpu"
                    + " GROUP BY hour, hostname ORDER BY hour, hostname",
            (d, r) -> new Object[0]),
    /** The newest row of every host, Sundial's form: one row per host. */
    LASTPOINT("SELECT * FROM cpu LATEST BY hostname", (d, r) -> new Object[0]),
    /** The same in PostgreSQL's form. */
    LASTPOINT_DISTINCT_ON("SELECT DISTINCT ON (hostname) * FROM cpu ORDER BY hostname, timestamp DESC",
            (d, r) -> new Object[0]),
    /** 1 host, 12 hours, every row with usage_user > 90: 0 to 4,320 rows, depending on the host's walk. */
    HIGH_CPU_1(
            "SELECT * FROM cpu WHERE hostname = ? AND timestamp >= ? AND timestamp < ? AND usage_user > 90",
            (d, r) -> hostsThenWindow(d, r, 1, 12 * HOUR)),
    /** The last 5 minutes (max of 1 metric over all hosts) before a random time: 5 rows. */
    GROUPBY_ORDERBY_LIMIT(
            "SELECT time_bucket('1m', timestamp) AS minute, max(usage_user) FROM cpu"
                    + " WHERE timestamp < ? GROUP BY minute ORDER BY minute DESC LIMIT 5",
            (d, r) -> new Object[] {Instant.EPOCH.plusNanos(randomMinute(d, r, 0) + 5 * MINUTE)}),
    /** Not a TSBS query: a filter no statistics can answer, so every chunk of two columns is decoded. 1 row. */
    FULL_SCAN("SELECT avg(usage_user) FROM cpu WHERE usage_system > 50", (d, r) -> new Object[0]);

    final String sql;
    private final BiFunction<TsbsDataset, SplittableRandom, Object[]> params;

    TsbsQuery(String sql, BiFunction<TsbsDataset, SplittableRandom, Object[]> params) {
        this.sql = sql;
        this.params = params;
    }

    /** Draws the next parameters for this query over {@code data}. */
    Object[] params(TsbsDataset data, SplittableRandom rnd) {
        return params.apply(data, rnd);
    }

    /** {@code hosts} distinct random host names, then the start and end of a random window of {@code length}. */
    private static Object[] hostsThenWindow(TsbsDataset d, SplittableRandom r, int hosts, long length) {
        if (hosts > d.hosts()) {
            throw new IllegalArgumentException("cannot draw " + hosts + " hosts: the dataset has " + d.hosts());
        }
        Object[] p = new Object[hosts + 2];
        int[] picked = new int[hosts];
        for (int i = 0; i < hosts; i++) {
            int h;
            boolean dup;
            do {
                h = r.nextInt(d.hosts());
                dup = false;
                for (int j = 0; j < i; j++) {
                    dup |= picked[j] == h;
                }
            } while (dup);
            picked[i] = h;
            p[i] = d.hostname(h);
        }
        long start = randomMinute(d, r, length);
        p[hosts] = Instant.EPOCH.plusNanos(start);
        p[hosts + 1] = Instant.EPOCH.plusNanos(start + length);
        return p;
    }

    /** A random whole minute {@code t} of the data with {@code t + length} still inside it. */
    private static long randomMinute(TsbsDataset d, SplittableRandom r, long length) {
        long minutes = (d.endNanos() - d.startNanos() - length) / MINUTE;
        if (minutes < 1) {
            throw new IllegalArgumentException("cannot fit a window of " + length + " ns into the data");
        }
        return d.startNanos() + r.nextLong(minutes) * MINUTE;
    }
}
