package dev.sundial.crash;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.fs.CrashRecordingFileLayer;
import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The workload of {@link PowerLossTest}, with a model of what each step does to the visible data.
 * Every step records the operation count of the recording layer when it started and when it was
 * acknowledged, so that for a crash point k the allowed states are: all steps acknowledged by k
 * applied, plus (if one was in flight at k) that step applied too.
 *
 * <p>Single-threaded; steps never write the same series and timestamp twice unless they mean to
 * (an upsert step), so the model is a set of canonical row strings per table.
 */
final class PowerLossWorkload {
    static final String MAIN = "cpu";
    static final String SIDE = "mem";
    private static final long SEC = 1_000_000_000L;
    private static final long DAY = 86_400 * SEC;

    private final CrashRecordingFileLayer fs;
    /** A step: operation counts bounding it, and its effect on the model. */
    private record Step(String name, int start, int acked, Consumer<Map<String, Map<String, String>>> effect) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Map<String, String>> model = new TreeMap<>();

    PowerLossWorkload(CrashRecordingFileLayer fs) {
        this.fs = fs;
    }

    void run(SundialOptions options) throws IOException {
        try (Sundial db = Sundial.open(fs.root(), options)) {
            step("create cpu", db, d -> d.createTable(TableSchema.builder(MAIN).tag("host").value("v", ColumnType.DOUBLE).build(),
                    TableOptions.DEFAULTS), m -> m.put(MAIN, new TreeMap<>()));
            for (int b = 0; b < 6; b++) {
                write(db, MAIN, b, 0);
                if (b % 2 == 1) {
                    step("flush " + b, db, Sundial::flush, m -> { });
                }
            }
            // late data into an older partition, then an upsert of rows already in segments
            write(db, MAIN, 100, -2 * DAY);
            write(db, MAIN, 0, 0, 7.5);
            step("create mem", db, d -> d.createTable(TableSchema.builder(SIDE).tag("k").value("used", ColumnType.BIGINT).build(),
                    TableOptions.DEFAULTS), m -> m.put(SIDE, new TreeMap<>()));
            write(db, SIDE, 0, 0);
            // a new field: the column is added (catalog change), then its rows land
            List<DataPoint> withNew = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                withNew.add(DataPoint.at((5000 + i) * SEC).tag("host", "h" + (i % 2)).field("v", i * 1.0).field("load", (long) i).build());
            }
            step("add column", db, d -> d.table(MAIN).insert(withNew), m -> apply(m, MAIN, withNew));
            step("flush", db, Sundial::flush, m -> { });
            step("delete", db, d -> d.table(MAIN).delete(2 * 100 * SEC, 3 * 100 * SEC, TagFilter.eq("host", "h1")),
                    m -> m.get(MAIN).keySet().removeIf(k -> k.startsWith("host=h1|") && inRange(k, 200 * SEC, 300 * SEC)));
            write(db, MAIN, 6, 0);
            step("drop mem", db, d -> d.dropTable(SIDE), m -> m.remove(SIDE));
            write(db, MAIN, 7, 0);
            step("flush", db, Sundial::flush, m -> { });
            write(db, MAIN, 8, 0); // left in the WAL: close flushes it
            step("close", db, Sundial::close, m -> { });
        }
    }

    private interface Action {
        void run(Sundial db) throws IOException;
    }

    private void step(String name, Sundial db, Action action, Consumer<Map<String, Map<String, String>>> effect) throws IOException {
        int start = fs.operationCount();
        action.run(db);
        int acked = fs.operationCount();
        steps.add(new Step(name, start, acked, effect));
        effect.accept(model);
    }

    private void write(Sundial db, String table, int batch, long offset) throws IOException {
        write(db, table, batch, offset, 0);
    }

    /** One atomic batch: 3 series x 100 rows per second of batch {@code batch}. */
    private void write(Sundial db, String table, int batch, long offset, double bump) throws IOException {
        List<DataPoint> pts = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int r = 0; r < 100; r++) {
                long ts = offset + (batch * 100L + r) * SEC;
                DataPoint.Builder p = DataPoint.at(ts);
                if (table.equals(MAIN)) {
                    p.tag("host", "h" + s).field("v", batch * 1000 + r + s * 0.5 + bump);
                } else {
                    p.tag("k", "k" + s).field("used", (long) batch * 1000 + r);
                }
                pts.add(p.build());
            }
        }
        step("write " + table + " " + batch + (bump != 0 ? " (upsert)" : ""), db, d -> {
            WriteBatch wb = d.newBatch();
            for (DataPoint p : pts) {
                wb.add(table, p);
            }
            wb.commit();
        }, m -> apply(m, table, pts));
    }

    private static void apply(Map<String, Map<String, String>> m, String table, List<DataPoint> pts) {
        Map<String, String> rows = m.get(table);
        for (DataPoint p : pts) {
            String key = key(p);
            String prev = rows.get(key);
            TreeMap<String, String> fields = new TreeMap<>();
            if (prev != null) {
                for (String f : prev.split(",")) {
                    if (!f.isEmpty()) {
                        int eq = f.indexOf('=');
                        fields.put(f.substring(0, eq), f.substring(eq + 1));
                    }
                }
            }
            p.fields().forEach((k, v) -> {
                if (v != null) {
                    fields.put(k, v.toString());
                }
            });
            StringBuilder sb = new StringBuilder();
            fields.forEach((k, v) -> sb.append(sb.length() > 0 ? "," : "").append(k).append('=').append(v));
            rows.put(key, sb.toString());
        }
    }

    private static String key(DataPoint p) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(p.tags()).forEach((k, v) -> sb.append(k).append('=').append(v).append('|'));
        return sb.append(p.timestampNanos()).toString();
    }

    private static boolean inRange(String key, long from, long to) {
        long ts = Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
        return ts >= from && ts < to;
    }

    /** The allowed states at crash point {@code k}, as canonical row sets; the first is "acknowledged only". */
    List<Set<String>> candidates(int k) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        Step inFlight = null;
        for (Step s : steps) {
            if (s.acked <= k) {
                s.effect.accept(m);
            } else if (s.start < k) {
                inFlight = s;
                break;
            } else {
                break;
            }
        }
        List<Set<String>> out = new ArrayList<>();
        out.add(flatten(m));
        if (inFlight != null) {
            Map<String, Map<String, String>> with = deepCopy(m);
            inFlight.effect.accept(with);
            out.add(flatten(with));
        }
        return out;
    }

    private static Map<String, Map<String, String>> deepCopy(Map<String, Map<String, String>> m) {
        Map<String, Map<String, String>> c = new TreeMap<>();
        m.forEach((t, rows) -> c.put(t, new TreeMap<>(rows)));
        return c;
    }

    private static Set<String> flatten(Map<String, Map<String, String>> m) {
        Set<String> out = new TreeSet<>();
        m.forEach((t, rows) -> {
            out.add("table " + t);
            rows.forEach((k, v) -> out.add(t + "|" + k + "|" + v));
        });
        return out;
    }

    /** What a database holds, in the model's terms. */
    static Set<String> contents(Sundial db) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        for (Table t : db.tables()) {
            m.put(t.name(), new TreeMap<>());
            apply(m, t.name(), t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()));
        }
        return flatten(m);
    }

    /** A short description of how {@code got} differs from {@code expected}. */
    static String diff(Set<String> got, Set<String> expected) {
        Set<String> extra = new TreeSet<>(got);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        return "extra " + extra.size() + " " + first(extra) + ", missing " + missing.size() + " " + first(missing)
                + " (vs. the acknowledged-only state)";
    }

    private static String first(Set<String> s) {
        return s.stream().limit(3).toList().toString();
    }
}
