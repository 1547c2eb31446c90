package dev.sundial.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random queries over {@code t (ts, host TAG, dc TAG, v DOUBLE, n BIGINT)} for
 * {@link DifferentialQueryTest}, each rendered twice: in Sundial's dialect and in DuckDB's (integer
 * division {@code //}, {@code time_bucket} spelled out on BIGINT nanoseconds, {@code percentile}
 * as {@code quantile_cont}). Only constructs whose semantics both engines share are generated; see
 * the test's class comment. Deterministic for a given {@link Random}; not thread-safe.
 */
final class QueryGen {
    /** One query in both dialects. */
    record Query(String sundial, String duck) {}

    /** An expression in both dialects. */
    private record X(String s, String d) {
        static X same(String text) {
            return new X(text, text);
        }
    }

    private static final long BASE = 1_710_028_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long ORIGIN = 946_857_600_000_000_000L;
    private static final String[][] WIDTHS = {
        {"30s", "30000000000"}, {"1m", "60000000000"}, {"5 minutes", "300000000000"}, {"7m", "420000000000"},
        {"15m", "900000000000"}, {"1h", "3600000000000"}, {"1 day", "86400000000000"}, {"250ms", "250000000"},
    };

    /** Fields of extract/date_part spelled the same in both engines (their values agree to the µs). */
    private static final String[] FIELDS = {"epoch", "year", "quarter", "month", "day", "hour", "minute", "dow", "isodow", "doy",
        "week", "isoyear", "decade", "century", "millennium", "julian"};
    /**
     * Sub-minute fields: Sundial's (PostgreSQL's) include the fraction of the second, DuckDB's are
     * whole numbers, so Sundial's are compared through floor().
     */
    private static final String[][] SUB_MINUTE = {{"second", "second"}, {"milliseconds", "millisecond"},
        {"microseconds", "microsecond"}};
    private static final String[] ZONES = {"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"};
    /** Epoch bucket widths in seconds; binary fractions only, so DuckDB's DOUBLE floor() sees exact quotients. */
    private static final String[] EPOCH_WIDTHS = {"1", "10", "60", "300", "3600", "86400", "0.25", "0.5"};

    private final Random rnd;

    QueryGen(Random rnd) {
        this.rnd = rnd;
    }

    Query next() {
        return switch (rnd.nextInt(10)) {
            case 0, 1 -> rowQuery();
            case 2 -> distinctQuery();
            default -> aggregateQuery();
        };
    }

    private Query distinctQuery() {
        String cols = List.of("host", "dc", "host, dc", "dc, host").get(rnd.nextInt(4));
        StringBuilder s = new StringBuilder("SELECT DISTINCT " + cols + " FROM t");
        StringBuilder d = new StringBuilder(s);
        where(s, d);
        String order = " ORDER BY " + cols.replace(",", nulls() + ",") + nulls();
        s.append(order);
        d.append(order);
        limit(s, d);
        return new Query(s.toString(), d.toString());
    }

    private Query rowQuery() {
        List<X> cols = new ArrayList<>(List.of(X.same("ts"), X.same("host"), X.same("dc")));
        if (rnd.nextBoolean()) {
            cols.add(X.same("v"));
        }
        if (rnd.nextBoolean()) {
            cols.add(X.same("n"));
        }
        if (rnd.nextBoolean()) {
            cols.add(numeric());
        }
        if (rnd.nextInt(3) == 0) {
            cols.add(dateExpr());
        }
        if (rnd.nextInt(6) == 0) {
            // a TIMESTAMP result, compared as epoch nanoseconds
            X t = rnd.nextBoolean() ? secondsTimestamp() : zoned(secondsTimestamp());
            cols.add(new X(t.s(), "epoch_ns(" + t.d() + ")"));
        }
        StringBuilder s = new StringBuilder("SELECT ");
        StringBuilder d = new StringBuilder("SELECT ");
        join(cols, s, d);
        s.append(" FROM t");
        d.append(" FROM t");
        where(s, d);
        // (host, dc, ts) is unique after upserts, so this order is total.
        String order = " ORDER BY host" + nulls() + ", dc" + nulls() + ", ts" + (rnd.nextBoolean() ? " DESC" : "");
        s.append(order);
        d.append(order);
        limit(s, d);
        return new Query(s.toString(), d.toString());
    }

    private Query aggregateQuery() {
        List<X> keys = new ArrayList<>();
        if (rnd.nextBoolean()) {
            keys.add(X.same("host"));
        }
        if (rnd.nextInt(3) == 0) {
            keys.add(X.same("dc"));
        }
        if (rnd.nextBoolean()) {
            keys.add(rnd.nextInt(3) == 0 ? bucket() : bucket());
        }
        if (rnd.nextInt(4) == 0) {
            keys.add(rnd.nextBoolean() ? epochBucket(new X("ts", "make_timestamp_ns(ts)")) : dateExpr());
        }
        if (rnd.nextInt(5) == 0) {
            // a value column as a key: its chunks cannot be answered from statistics
            keys.add(X.same(rnd.nextBoolean() ? "n" : "v"));
        }
        java.util.Collections.shuffle(keys, rnd);
        List<X> aggs = new ArrayList<>();
        int nAggs = 1 + rnd.nextInt(4);
        boolean perSeries = keys.contains(X.same("host")) && keys.contains(X.same("dc"));
        for (int i = 0; i < nAggs; i++) {
            aggs.add(perSeries && rnd.nextInt(4) == 0 ? firstLast() : aggregate());
        }
        List<X> out = new ArrayList<>(keys);
        out.addAll(aggs);
        StringBuilder s = new StringBuilder("SELECT ");
        StringBuilder d = new StringBuilder("SELECT ");
        join(out, s, d);
        s.append(" FROM t");
        d.append(" FROM t");
        where(s, d);
        if (!keys.isEmpty()) {
            StringBuilder gs = new StringBuilder();
            StringBuilder gd = new StringBuilder();
            for (int i = 0; i < keys.size(); i++) {
                // Alternate spelling: the expression itself or its ordinal.
                boolean ordinal = rnd.nextBoolean();
                gs.append(i == 0 ? " GROUP BY " : ", ").append(ordinal ? String.valueOf(i + 1) : keys.get(i).s());
                gd.append(i == 0 ? " GROUP BY " : ", ").append(ordinal ? String.valueOf(i + 1) : keys.get(i).d());
            }
            s.append(gs);
            d.append(gd);
        }
        if (rnd.nextInt(4) == 0) {
            X h = having();
            s.append(" HAVING ").append(h.s());
            d.append(" HAVING ").append(h.d());
        }
        if (!keys.isEmpty()) {
            StringBuilder o = new StringBuilder(" ORDER BY ");
            if (rnd.nextInt(3) == 0) {
                // An exact aggregate first (count), then the keys to break ties.
                o.append("count(*)").append(rnd.nextBoolean() ? " DESC" : "").append(", ");
            }
            for (int i = 0; i < keys.size(); i++) {
                o.append(i == 0 ? "" : ", ").append(i + 1).append(rnd.nextBoolean() ? " DESC" : "").append(nulls());
            }
            s.append(o);
            d.append(o);
        }
        limit(s, d);
        return new Query(s.toString(), d.toString());
    }

    private X bucket() {
        String[] w = WIDTHS[rnd.nextInt(WIDTHS.length)];
        if (rnd.nextInt(4) == 0) {
            long originOffset = rnd.nextInt(3600) * SECOND;
            long origin = BASE + originOffset;
            String text = java.time.Instant.ofEpochSecond(0, origin).toString().replace('T', ' ').replace("Z", "");
            return new X("time_bucket('" + w[0] + "', ts, '" + text + "')", duckBucket(w[1], origin));
        }
        return new X("time_bucket('" + w[0] + "', ts)", duckBucket(w[1], ORIGIN));
    }

    private static String duckBucket(String width, long origin) {
        return "(ts - (((ts - " + origin + ") % " + width + ") + " + width + ") % " + width + ")";
    }

    private X aggregate() {
        X arg = rnd.nextInt(5) == 0 ? numeric() : X.same(rnd.nextBoolean() ? "v" : "n");
        return switch (rnd.nextInt(12)) {
            case 0 -> new X("min(" + arg.s() + ")", "min(" + arg.d() + ")");
            case 1 -> new X("max(" + arg.s() + ")", "max(" + arg.d() + ")");
            case 2 -> new X("sum(" + arg.s() + ")", "sum(" + arg.d() + ")");
            case 3 -> new X("avg(" + arg.s() + ")", "avg(" + arg.d() + ")");
            case 4 -> new X("count(" + arg.s() + ")", "count(" + arg.d() + ")");
            case 5 -> X.same("count(*)");
            case 6 -> new X("stddev(" + arg.s() + ")", "stddev_samp(" + arg.d() + ")");
            case 7 -> new X("variance(" + arg.s() + ")", "var_samp(" + arg.d() + ")");
            case 8 -> {
                String q = List.of("0", "0.25", "0.5", "0.9", "1").get(rnd.nextInt(5));
                yield new X("percentile(" + arg.s() + ", " + q + ")", "quantile_cont(" + arg.d() + ", " + q + ")");
            }
            case 9 -> X.same("count(DISTINCT " + List.of("host", "dc", "n", "v").get(rnd.nextInt(4)) + ")");
            case 10 -> new X("min(ts)", "min(ts)");
            default -> new X("max(ts)", "max(ts)");
        };
    }

    /**
     * first/last by time; generated only when grouping by every tag, because timestamps repeat
     * across series and the tie would be arbitrary. They skip NULL values, hence the FILTER.
     */
    private X firstLast() {
        String col = rnd.nextBoolean() ? "v" : "n";
        return rnd.nextBoolean()
                ? new X("first(" + col + ", ts)", "arg_min(" + col + ", ts) FILTER (WHERE " + col + " IS NOT NULL)")
                : new X("last(" + col + ", ts)", "arg_max(" + col + ", ts) FILTER (WHERE " + col + " IS NOT NULL)");
    }

    private X having() {
        return switch (rnd.nextInt(3)) {
            case 0 -> X.same("count(*) > " + rnd.nextInt(5));
            case 1 -> X.same("max(v) > " + (rnd.nextInt(200) - 100));
            default -> X.same("count(n) >= " + rnd.nextInt(4) + " AND min(n) < " + (rnd.nextInt(1000) - 500));
        };
    }

    /** A numeric expression over v and n without division or modulo by zero and without overflow. */
    private X numeric() {
        return switch (rnd.nextInt(12)) {
            case 9 -> X.same("n % 7");
            case 10 -> X.same("coalesce(v, n, 0)");
            case 11 -> X.same("round(v)");
            case 0 -> X.same("v + n");
            case 1 -> X.same("v * 2");
            case 2 -> X.same("n * 3 - 1");
            case 3 -> new X("n / 7", "n // 7");
            case 4 -> X.same("abs(n)");
            case 5 -> X.same("-v");
            case 6 -> X.same("v / 4");
            case 7 -> X.same("n * n");
            default -> X.same("(v - n) * 0.5");
        };
    }

    /**
     * A timestamp in both dialects: the column (DuckDB: TIMESTAMP_NS of the nanoseconds),
     * {@code to_timestamp} of seconds spread over 1843–2096, or either of them AT TIME ZONE.
     */
    private X timestamp() {
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> new X("ts", "make_timestamp_ns(ts)");
            case 2 -> secondsTimestamp();
            default -> zoned(rnd.nextBoolean() ? new X("ts", "make_timestamp_ns(ts)::TIMESTAMPTZ") : secondsTimestamp());
        };
    }

    /** to_timestamp of whole seconds (NULL when n or v is): both engines give the same instant. */
    private static X secondsTimestamp() {
        String secs = "n * 4000000 + v * 1000";
        return new X("to_timestamp(" + secs + ")", "to_timestamp(" + secs + ")");
    }

    /** {@code t AT TIME ZONE zone}; DuckDB's timezone(zone, timestamptz) is the same wall-clock time (in a UTC session). */
    private X zoned(X t) {
        String zone = ZONES[rnd.nextInt(ZONES.length)];
        return new X(t.s() + " AT TIME ZONE '" + zone + "'", "timezone('" + zone + "', " + t.d() + ")");
    }

    /** A DOUBLE from a timestamp: extract/date_part of a field, a sub-minute field, an epoch bucket, a to_timestamp round trip. */
    private X dateExpr() {
        X t = timestamp();
        int k = rnd.nextInt(10);
        if (k < 6) {
            String f = FIELDS[rnd.nextInt(FIELDS.length)];
            String s = rnd.nextBoolean() ? "extract(" + f + " FROM " + t.s() + ")" : "date_part('" + f + "', " + t.s() + ")";
            return new X(s, "date_part('" + f + "', " + t.d() + ")");
        }
        if (k < 8) {
            String[] f = SUB_MINUTE[rnd.nextInt(SUB_MINUTE.length)];
            return new X("floor(extract(" + f[0] + " FROM " + t.s() + "))", "date_part('" + f[1] + "', " + t.d() + ")");
        }
        if (k == 8) {
            return epochBucket(t);
        }
        return new X("extract(epoch FROM to_timestamp(extract(epoch FROM " + t.s() + ")))",
                "date_part('epoch', to_timestamp(date_part('epoch', " + t.d() + ")))");
    }

    /** Grafana's $__timeGroup: {@code floor(extract(epoch from t)/w)*w}. */
    private X epochBucket(X t) {
        String w = EPOCH_WIDTHS[rnd.nextInt(EPOCH_WIDTHS.length)];
        return new X("floor(extract(epoch from " + t.s() + ")/" + w + ")*" + w, "floor(date_part('epoch', " + t.d() + ")/" + w + ")*" + w);
    }

    private void where(StringBuilder s, StringBuilder d) {
        if (rnd.nextInt(5) == 0) {
            return;
        }
        X p = predicate(0);
        s.append(" WHERE ").append(p.s());
        d.append(" WHERE ").append(p.d());
    }

    private X predicate(int depth) {
        int k = rnd.nextInt(depth >= 2 ? 10 : 13);
        return switch (k) {
            case 0, 1 -> {
                long from = BASE - 1800 * SECOND + rnd.nextLong(6 * 3600) * SECOND;
                long to = from + (1 + rnd.nextLong(3 * 3600)) * SECOND;
                yield X.same("ts >= " + from + " AND ts < " + to);
            }
            case 2 -> switch (rnd.nextInt(4)) {
                case 0 -> {
                    // Grafana's $__timeFilter: BETWEEN two ISO-8601 texts in UTC
                    long from = BASE - 1800 * SECOND + rnd.nextLong(6 * 3600) * SECOND + (rnd.nextBoolean() ? 0 : rnd.nextLong(SECOND));
                    long to = from + (1 + rnd.nextLong(3 * 3600)) * SECOND;
                    yield new X("ts BETWEEN '" + java.time.Instant.ofEpochSecond(0, from) + "' AND '" + java.time.Instant.ofEpochSecond(0, to)
                            + "'", "ts BETWEEN " + from + " AND " + to);
                }
                case 1 -> {
                    X e = dateExpr();
                    String c = " " + cmp() + " " + rnd.nextInt(60);
                    yield new X(e.s() + c, e.d() + c);
                }
                default -> X.same("ts " + cmp() + " " + (BASE + rnd.nextLong(5 * 3600) * SECOND));
            };
            case 3 -> X.same("host " + (rnd.nextBoolean() ? "=" : "<>") + " " + host());
            case 4 -> X.same("host " + (rnd.nextBoolean() ? "" : "NOT ") + "IN (" + host() + ", " + host() + ")");
            case 5 -> X.same((rnd.nextBoolean() ? "host" : "dc") + (rnd.nextBoolean() ? " LIKE " : " NOT LIKE ")
                    + List.of("'h%'", "'h_'", "'%1'", "'e%'", "'%e%t'", "'web-_'").get(rnd.nextInt(6)));
            case 6 -> X.same((rnd.nextBoolean() ? "dc" : rnd.nextBoolean() ? "v" : "n")
                    + (rnd.nextBoolean() ? " IS NULL" : " IS NOT NULL"));
            case 7 -> X.same("v " + cmp() + " " + (rnd.nextInt(200) - 100) + (rnd.nextBoolean() ? ".5" : ""));
            case 8 -> rnd.nextBoolean()
                    ? X.same("n " + cmp() + " " + (rnd.nextInt(2000) - 1000))
                    : X.same("v " + (rnd.nextBoolean() ? "" : "NOT ") + "BETWEEN " + (rnd.nextInt(200) - 100) + " AND "
                            + (rnd.nextInt(200) - 50));
            case 9 -> {
                X e = numeric();
                String c = " " + cmp() + " " + (rnd.nextInt(400) - 200);
                yield new X(e.s() + c, e.d() + c);
            }
            case 10 -> {
                X a = predicate(depth + 1);
                X b = predicate(depth + 1);
                yield new X("(" + a.s() + " AND " + b.s() + ")", "(" + a.d() + " AND " + b.d() + ")");
            }
            case 11 -> {
                X a = predicate(depth + 1);
                X b = predicate(depth + 1);
                yield new X("(" + a.s() + " OR " + b.s() + ")", "(" + a.d() + " OR " + b.d() + ")");
            }
            default -> {
                X a = predicate(depth + 1);
                yield new X("NOT (" + a.s() + ")", "NOT (" + a.d() + ")");
            }
        };
    }

    private String host() {
        return List.of("'h0'", "'h1'", "'h2'", "'h10'", "'web-1'", "'nope'").get(rnd.nextInt(6));
    }

    private String cmp() {
        return List.of("=", "<>", "<", "<=", ">", ">=").get(rnd.nextInt(6));
    }

    private String nulls() {
        return switch (rnd.nextInt(3)) {
            case 0 -> " NULLS FIRST";
            case 1 -> " NULLS LAST";
            default -> "";
        };
    }

    private void limit(StringBuilder s, StringBuilder d) {
        if (rnd.nextInt(3) == 0) {
            String l = " LIMIT " + rnd.nextInt(20) + (rnd.nextBoolean() ? " OFFSET " + rnd.nextInt(5) : "");
            s.append(l);
            d.append(l);
        }
    }

    private static void join(List<X> cols, StringBuilder s, StringBuilder d) {
        for (int i = 0; i < cols.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(cols.get(i).s());
            d.append(i == 0 ? "" : ", ").append(cols.get(i).d());
        }
    }
}
