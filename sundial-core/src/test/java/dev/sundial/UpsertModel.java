package dev.sundial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reference model of a table for tests: series tags → timestamp → field → value, with upsert
 * semantics (a later write wins per field) and row deletion. Not thread-safe.
 */
final class UpsertModel {
    static final Comparator<DataPoint> ORDER = Comparator.comparing((DataPoint p) -> p.tags().toString())
            .thenComparingLong(DataPoint::timestampNanos);

    private final Map<Map<String, String>, TreeMap<Long, Map<String, Object>>> rows = new HashMap<>();

    void write(DataPoint p) {
        rows.computeIfAbsent(p.tags(), k -> new TreeMap<>()).computeIfAbsent(p.timestampNanos(), k -> new LinkedHashMap<>())
                .putAll(p.fields());
    }

    void writeAll(List<DataPoint> points) {
        points.forEach(this::write);
    }

    /** Deletes rows in [from, to) of the series whose tags match; returns how many. */
    long delete(long from, long to, Predicate<Map<String, String>> series) {
        long n = 0;
        for (Map.Entry<Map<String, String>, TreeMap<Long, Map<String, Object>>> e : rows.entrySet()) {
            if (from < to && series.test(e.getKey())) {
                var range = e.getValue().subMap(from, to);
                n += range.size();
                range.clear();
            }
        }
        return n;
    }

    List<DataPoint> expected(long from, long to) {
        List<DataPoint> out = new ArrayList<>();
        rows.forEach((tags, byTs) -> byTs.subMap(from, to)
                .forEach((ts, fields) -> out.add(DataPoint.at(ts).tags(tags).build().withFields(fields))));
        out.sort(ORDER);
        return out;
    }

    List<DataPoint> all() {
        return expected(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    long rowCount() {
        return rows.values().stream().mapToLong(TreeMap::size).sum();
    }

    long pointCount() {
        return rows.values().stream().flatMap(m -> m.values().stream()).mapToLong(Map::size).sum();
    }

    static List<DataPoint> sorted(List<DataPoint> l) {
        List<DataPoint> c = new ArrayList<>(l);
        c.sort(ORDER);
        return c;
    }
}
