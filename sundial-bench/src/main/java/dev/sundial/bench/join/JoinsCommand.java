package dev.sundial.bench.join;

import dev.sundial.ColumnSet;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.SeriesRef;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench joins}: the join figures of issue 11 on generated market data — {@code quotes}
 * (symbol tag, bid, ask) and {@code trades} (symbol tag, price, size) over one day, each symbol's
 * quotes at random gaps, half the trades at a quote's exact time and half up to 2 s after one —
 * written to Sundial (flushed to segments) and to DuckDB in process. Then, in the same run:
 * <ol>
 * <li>ASOF JOIN of trades with quotes per symbol, tolerance 1 s, on Sundial and on DuckDB (whose
 * ASOF JOIN has no tolerance: its matches older than 1 s are filtered out, which is the same
 * result); both results are printed and must agree;</li>
 * <li>a hash join of quotes × trades on (symbol, time) on both, and whether Sundial's stays within
 * its query memory limit (or the error it gives) — with trades as the build side, then with quotes.</li>
 * </ol>
 * Each query runs {@code --runs} times after one warm-up; the best and the median are printed. The
 * data goes to a temporary directory, deleted at the end.
 */
@Command(name = "joins", mixinStandardHelpOptions = true, description = "ASOF JOIN and hash join against DuckDB in process.")
public final class JoinsCommand implements Callable<Integer> {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_735_689_600_000_000_000L; // 2025-01-01T00:00:00Z
    private static final long DAY = 86_400 * SECOND;

    @Option(names = "--trades", description = "trade rows (default ${DEFAULT-VALUE})")
    int trades = 1_000_000;

    @Option(names = "--quotes", description = "quote rows (default ${DEFAULT-VALUE})")
    int quotes = 10_000_000;

    @Option(names = "--symbols", description = "symbols (default ${DEFAULT-VALUE})")
    int symbols = 100;

    @Option(names = "--runs", description = "measured runs of each query (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--seed", description = "data seed (default ${DEFAULT-VALUE})")
    long seed = 11;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("sundial-joins-bench");
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withBackgroundMaintenance(false));
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            long t0 = System.nanoTime();
            load(db, (DuckDBConnection) duck);
            System.out.printf("loaded %,d quotes and %,d trades of %d symbols into Sundial and DuckDB in %.1f s%n", quotes, trades,
                    symbols, (System.nanoTime() - t0) / 1e9);
            System.out.printf("query memory limit: %d MiB (SundialOptions.queryMemoryBytes; heap %d MiB)%n",
                    SundialOptions.defaults().queryMemoryBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            compare(db, duck, "ASOF JOIN, tolerance 1 s",
                    "SELECT count(*), sum(q.bid) FROM trades t ASOF JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts"
                            + " TOLERANCE INTERVAL '1 second'",
                    "SELECT count(*), sum(q.bid) FROM trades t ASOF JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts"
                            + " WHERE t.ts - q.ts <= " + SECOND);
            compare(db, duck, "ASOF LEFT JOIN, tolerance 1 s, all rows out",
                    "SELECT t.ts, t.sym, t.px, q.bid, q.ask FROM trades t ASOF LEFT JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts"
                            + " TOLERANCE INTERVAL '1 second'",
                    "SELECT t.ts, t.sym, t.px, CASE WHEN t.ts - q.ts <= " + SECOND + " THEN q.bid END, CASE WHEN t.ts - q.ts <= "
                            + SECOND + " THEN q.ask END FROM trades t ASOF LEFT JOIN quotes q ON t.sym = q.sym AND t.ts >= q.ts");
            compare(db, duck, "hash join " + quotes + " x " + trades + " on (sym, ts)",
                    "SELECT count(*), sum(t.px) FROM quotes q JOIN trades t ON q.sym = t.sym AND q.ts = t.ts",
                    "SELECT count(*), sum(t.px) FROM quotes q JOIN trades t ON q.sym = t.sym AND q.ts = t.ts");
            compare(db, duck, "hash join " + trades + " x " + quotes + " on (sym, ts): the larger table is the build side",
                    "SELECT count(*), sum(t.px) FROM trades t JOIN quotes q ON q.sym = t.sym AND q.ts = t.ts",
                    "SELECT count(*), sum(t.px) FROM trades t JOIN quotes q ON q.sym = t.sym AND q.ts = t.ts");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }

    private void load(Sundial db, DuckDBConnection duck) throws Exception {
        run(db, "CREATE TIMESERIES TABLE quotes (ts TIMESTAMP, sym VARCHAR TAG, bid DOUBLE, ask DOUBLE) WITH (partition_by = 'day')");
        run(db, "CREATE TIMESERIES TABLE trades (ts TIMESTAMP, sym VARCHAR TAG, px DOUBLE, size DOUBLE) WITH (partition_by = 'day')");
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE quotes (ts BIGINT, sym VARCHAR, bid DOUBLE, ask DOUBLE)");
            st.execute("CREATE TABLE trades (ts BIGINT, sym VARCHAR, px DOUBLE, size DOUBLE)");
        }
        Table q = db.table("quotes");
        Table t = db.table("trades");
        ColumnSet qc = q.columns("bid", "ask");
        ColumnSet tc = t.columns("px", "size");
        WriteBatch batch = db.newBatch();
        Random rnd = new Random(seed);
        double[] two = new double[2];
        try (DuckDBAppender qa = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "quotes");
             DuckDBAppender ta = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "trades")) {
            for (int s = 0; s < symbols; s++) {
                String sym = String.format("S%03d", s);
                int nq = quotes / symbols + (s < quotes % symbols ? 1 : 0);
                int nt = trades / symbols + (s < trades % symbols ? 1 : 0);
                SeriesRef qs = q.series(Map.of("sym", sym));
                SeriesRef ts = t.series(Map.of("sym", sym));
                long[] times = new long[nq];
                long gap = DAY / Math.max(1, nq);
                long now = START;
                double mid = 100 + rnd.nextInt(900);
                for (int i = 0; i < nq; i++) {
                    now += 1 + (long) (rnd.nextDouble() * 2 * gap);
                    times[i] = now;
                    mid = Math.max(1, mid + (rnd.nextInt(21) - 10) / 100.0);
                    two[0] = mid - 0.01;
                    two[1] = mid + 0.01;
                    batch.addDoubles(qs, now, qc, two, 0);
                    qa.beginRow().append(now).append(sym).append(two[0]).append(two[1]).endRow();
                    if (batch.rows() >= 200_000) {
                        batch.commit();
                    }
                }
                long[] tradeTimes = new long[nt];
                for (int i = 0; i < nt; i++) {
                    long base = times[rnd.nextInt(nq)];
                    tradeTimes[i] = rnd.nextBoolean() ? base : base + (long) (rnd.nextDouble() * 2 * SECOND);
                }
                Arrays.sort(tradeTimes);
                for (int i = 1; i < nt; i++) {
                    tradeTimes[i] = Math.max(tradeTimes[i], tradeTimes[i - 1] + 1); // one trade per symbol and time
                }
                for (int i = 0; i < nt; i++) {
                    two[0] = 100 + rnd.nextInt(90_000) / 100.0;
                    two[1] = 1 + rnd.nextInt(1000);
                    batch.addDoubles(ts, tradeTimes[i], tc, two, 0);
                    ta.beginRow().append(tradeTimes[i]).append(sym).append(two[0]).append(two[1]).endRow();
                }
                batch.commit();
            }
        }
        batch.commit();
        db.flush();
    }

    private void compare(Sundial db, Connection duck, String what, String sundialSql, String duckSql) throws Exception {
        System.out.println();
        System.out.println(what);
        System.out.println("  sundial: " + sundialSql);
        System.out.println("  duckdb:  " + duckSql);
        String sundialResult;
        try {
            sundialResult = sundial(db, sundialSql);
        } catch (QueryException e) {
            System.out.println("  sundial: " + e.getMessage());
            sundialResult = null;
        }
        String duckResult = duck(duck, duckSql);
        System.out.println("  result  sundial " + sundialResult + " | duckdb " + duckResult
                + (duckResult.equals(sundialResult) ? " (equal)" : " (DIFFERENT)"));
        if (sundialResult == null) {
            return;
        }
        List<Long> s = new ArrayList<>();
        List<Long> d = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            sundial(db, sundialSql);
            long t1 = System.nanoTime();
            duck(duck, duckSql);
            long t2 = System.nanoTime();
            s.add(t1 - t0);
            d.add(t2 - t1);
        }
        System.out.printf("  sundial: best %.0f ms, median %.0f ms | duckdb: best %.0f ms, median %.0f ms | sundial/duckdb (median) %.2f%n",
                best(s), median(s), best(d), median(d), median(s) / median(d));
        try (QueryResult r = db.sql("EXPLAIN ANALYZE " + sundialSql)) {
            while (r.next()) {
                System.out.println("    " + r.getString(0));
            }
        }
    }

    /** Runs a query and returns its result digest: the rows' count and, for 2-column results, the values. */
    private static String sundial(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            long rows = 0;
            double sum = 0;
            String last = null;
            while (r.next()) {
                rows++;
                if (r.columns().size() == 2) {
                    last = r.getString(0) + ", " + (r.isNull(1) ? "null" : String.format("%.4f", r.getDouble(1)));
                } else if (!r.isNull(3)) {
                    sum += r.getDouble(3);
                }
            }
            return last != null ? last : rows + " rows, sum(bid) " + String.format("%.4f", sum);
        }
    }

    private static String duck(Connection duck, String sql) throws Exception {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            long rows = 0;
            double sum = 0;
            String last = null;
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                rows++;
                if (cols == 2) {
                    double v = rs.getDouble(2);
                    last = rs.getLong(1) + ", " + (rs.wasNull() ? "null" : String.format("%.4f", v));
                } else {
                    double v = rs.getDouble(4);
                    if (!rs.wasNull()) {
                        sum += v;
                    }
                }
            }
            return last != null ? last : rows + " rows, sum(bid) " + String.format("%.4f", sum);
        }
    }

    private static void run(Sundial db, String sql) {
        try (QueryResult r = db.sql(sql)) {
            while (r.next()) {
                // drain
            }
        }
    }

    private static double best(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6;
    }

    private static double median(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[a.length / 2] / 1e6;
    }
}
