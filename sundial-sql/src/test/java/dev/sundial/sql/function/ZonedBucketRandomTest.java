package dev.sundial.sql.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.table.Interval;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zoned buckets against a {@code java.time} reference over random instants of 1900–2100, half of
 * them within hours of one of the zone's transitions (DST both ways, historical offset changes).
 * Calendar widths (day, week, month, quarter, year) are checked against java.time's own calendar:
 * the bucket of {@code t} starts at {@code LocalDate.atStartOfDay(zone)} of the local date (or
 * Monday, or 1st of the month) of {@code t}. Sub-day widths are checked against an enumeration of
 * every wall-clock boundary within a day of {@code t}, each placed by java.time (a skipped one at
 * its transition, a repeated one at its first occurrence), the bucket being the latest boundary at
 * or before {@code t}. Every bucket also holds {@code t}, ends where the next starts, and starts are
 * monotonic in {@code t}. Finally the SQL path (the vectorized eval that caches a bucket across rows)
 * counts rows per bucket as the reference does. Seeded; the seed is printed.
 */
class ZonedBucketRandomTest {
    private static final List<String> ZONES = List.of("Europe/Paris", "America/New_York", "Australia/Sydney", "America/Santiago",
            "Asia/Kolkata", "Australia/Adelaide", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Havana", "Pacific/Apia",
            "Asia/Tehran", "Europe/Dublin", "America/St_Johns", "Europe/Moscow");
    private static final long MIN = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    private static final long NANOS = 1_000_000_000L;
    private static final LocalDateTime ORIGIN = LocalDateTime.parse("2000-01-03T00:00:00");

    @TempDir
    Path dir;

    private enum Kind { DAY, WEEK, MONTH, QUARTER, YEAR, M15, M30, H1, H2, H6 }

    private static Interval width(Kind k) {
        return switch (k) {
            case DAY -> new Interval(0, 86_400 * NANOS);
            case WEEK -> new Interval(0, 7 * 86_400 * NANOS);
            case MONTH -> new Interval(1, 0);
            case QUARTER -> new Interval(3, 0);
            case YEAR -> new Interval(12, 0);
            case M15 -> new Interval(0, 900 * NANOS);
            case M30 -> new Interval(0, 1800 * NANOS);
            case H1 -> new Interval(0, 3600 * NANOS);
            case H2 -> new Interval(0, 7200 * NANOS);
            case H6 -> new Interval(0, 21_600 * NANOS);
        };
    }

    private static TimeBucketEval bucket(Kind k, ZoneId z) {
        Interval w = width(k);
        long origin = w.months() != 0 ? TimeBucketEval.DEFAULT_MONTH_ORIGIN : TimeBucketEval.DEFAULT_ORIGIN;
        return new TimeBucketEval("time_bucket", w, origin, new ConstEval(dev.sundial.SqlType.TIMESTAMP, 0L), false, z, true, 0);
    }

    /** The reference bucket start of {@code t}. */
    static Instant reference(Kind k, ZoneId z, Instant t) {
        LocalDate d = t.atZone(z).toLocalDate();
        Instant start = calendarStart(k, z, d);
        if (start == null) {
            return enumerated(width(k).nanos(), z, t);
        }
        // Sundial's boundaries are monotonic: when a clock change repeats a midnight (America/St_Johns
        // went back at 00:01 until 2011), the new bucket starts at the first pass of that midnight, so a
        // row in the repeated span after it belongs to the new bucket although its local date is the old one
        LocalDate nextDay = d;
        for (int i = 0; i < 400; i++) {
            nextDay = nextDay.plusDays(1);
            Instant next = calendarStart(k, z, nextDay);
            if (next.isAfter(start)) {
                return next.isAfter(t) ? start : next;
            }
        }
        throw new IllegalStateException("BUG: no next bucket after " + start);
    }

    /** The start of the calendar bucket holding local date {@code d}, or null for fixed widths. */
    private static Instant calendarStart(Kind k, ZoneId z, LocalDate d) {
        return switch (k) {
            case DAY -> d.atStartOfDay(z).toInstant();
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(z).toInstant();
            case MONTH -> d.withDayOfMonth(1).atStartOfDay(z).toInstant();
            case QUARTER -> d.withDayOfMonth(1).withMonth((d.getMonthValue() - 1) / 3 * 3 + 1).atStartOfDay(z).toInstant();
            case YEAR -> d.withDayOfYear(1).atStartOfDay(z).toInstant();
            default -> null;
        };
    }

    /** The latest wall-clock boundary at or before {@code t}, from every boundary within 27 hours of its wall-clock time. */
    private static Instant enumerated(long w, ZoneId z, Instant t) {
        ZoneRules rules = z.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(t, z);
        long k0 = Math.floorDiv(Duration.between(ORIGIN, local).toNanos(), w);
        long m = 27 * 3600 * NANOS / w + 1;
        Instant best = null;
        for (long j = k0 - m; j <= k0 + m; j++) {
            LocalDateTime l = ORIGIN.plusNanos(j * w);
            Instant b = rules.getValidOffsets(l).isEmpty() ? rules.getTransition(l).getInstant() : ZonedDateTime.ofLocal(l, z, null).toInstant();
            if (!b.isAfter(t) && (best == null || b.isAfter(best))) {
                best = b;
            }
        }
        return best;
    }

    private static Instant randomInstant(Random rnd, ZoneId z) {
        long sec = MIN + (long) (rnd.nextDouble() * (MAX - MIN));
        if (rnd.nextBoolean()) {
            ZoneOffsetTransition tr = z.getRules().nextTransition(Instant.ofEpochSecond(sec));
            if (tr != null && tr.toEpochSecond() < MAX) {
                sec = tr.toEpochSecond() + rnd.nextInt(6 * 3600 + 1) - 3 * 3600;
            }
        }
        return Instant.ofEpochSecond(sec, rnd.nextInt(4) == 0 ? rnd.nextInt(1_000_000_000) : 0);
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * NANOS + i.getNano();
    }

    private static Instant instant(long n) {
        return Instant.ofEpochSecond(Math.floorDiv(n, NANOS), Math.floorMod(n, NANOS));
    }

    @Test
    void zonedBucketsMatchTheJavaTimeReference() {
        long seed = Long.getLong("sundial.tz.seed", System.nanoTime());
        System.out.println("ZonedBucketRandomTest seed " + seed + " (-Dsundial.tz.seed=" + seed + " replays)");
        Random rnd = new Random(seed);
        int checked = 0;
        for (String name : ZONES) {
            ZoneId z = ZoneId.of(name);
            for (Kind k : Kind.values()) {
                TimeBucketEval b = bucket(k, z);
                long[] ts = new long[150];
                for (int i = 0; i < ts.length; i++) {
                    ts[i] = nanos(randomInstant(rnd, z));
                }
                java.util.Arrays.sort(ts);
                long previous = Long.MIN_VALUE;
                for (long t : ts) {
                    long start = b.bucketStart(t);
                    long end = b.bucketEnd(start);
                    String what = name + " " + k + " t=" + instant(t) + " (seed " + seed + ")";
                    assertThat(instant(start)).as(what).isEqualTo(reference(k, z, instant(t)));
                    assertThat(start).as(what).isLessThanOrEqualTo(t);
                    assertThat(end).as(what).isGreaterThan(t);
                    assertThat(b.bucketStart(end)).as(what + ": the next bucket starts at the end").isEqualTo(end);
                    assertThat(start).as(what + ": monotonic").isGreaterThanOrEqualTo(previous);
                    previous = start;
                    checked++;
                }
            }
        }
        System.out.println("ZonedBucketRandomTest: " + checked + " instants checked");
    }

    @Test
    void sqlCountsPerZonedBucketMatchTheReference() throws Exception {
        long seed = Long.getLong("sundial.tz.seed", System.nanoTime());
        System.out.println("ZonedBucketRandomTest (SQL) seed " + seed + " (-Dsundial.tz.seed=" + seed + " replays)");
        Random rnd = new Random(seed);
        try (Sundial db = Sundial.open(dir)) {
            db.sql("CREATE TIMESERIES TABLE t (ts TIMESTAMP, host VARCHAR TAG, v DOUBLE) WITH (partition_by = 'month')").close();
            List<DataPoint> points = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            ZoneId paris = ZoneId.of("Europe/Paris");
            for (int i = 0; i < 3000; i++) {
                // three years, dense near transitions, in two series
                Instant t = randomInstant(rnd, paris);
                t = Instant.ofEpochSecond(Math.floorMod(t.getEpochSecond(), 3L * 365 * 86_400) + Instant.parse("2023-01-01T00:00:00Z")
                        .getEpochSecond(), t.getNano());
                if (times.contains(t)) {
                    continue;
                }
                times.add(t);
                points.add(DataPoint.at(nanos(t)).tag("host", i % 2 == 0 ? "a" : "b").field("v", 1.0).build());
            }
            db.table("t").insert(points);
            for (String name : List.of("Europe/Paris", "America/Santiago", "Asia/Kathmandu", "Australia/Lord_Howe")) {
                ZoneId z = ZoneId.of(name);
                for (Kind k : new Kind[] {Kind.DAY, Kind.MONTH, Kind.H1, Kind.M30}) {
                    Map<Instant, Long> expected = new TreeMap<>();
                    for (Instant t : times) {
                        expected.merge(reference(k, z, t), 1L, Long::sum);
                    }
                    Map<Instant, Long> got = new HashMap<>();
                    String w = width(k).toString();
                    try (QueryResult r = db.sql("SELECT time_bucket('" + w + "', ts, '" + name + "') AS b, count(*) FROM t GROUP BY b")) {
                        while (r.next()) {
                            got.put((Instant) r.getObject(0), r.getLong(1));
                        }
                    }
                    assertThat(new TreeMap<>(got)).as(name + " " + k + " (seed " + seed + ")").isEqualTo(expected);
                }
            }
        }
    }
}
