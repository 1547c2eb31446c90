package dev.sundial.index;

import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Inverted index of one table: tag column index → tag value → RoaringBitmap of series ids. Built in
 * memory from the series registry on open (it is derived data, rebuilt in O(series)), updated as
 * series are created.
 *
 * <p>Not thread-safe by itself: the owning {@link SeriesRegistry} guards it.
 */
final class TagIndex {
    private final Map<Integer, Map<String, RoaringBitmap>> byTag = new HashMap<>();
    private final RoaringBitmap allSeries = new RoaringBitmap();

    void add(int seriesId, SeriesKey key) {
        allSeries.add(seriesId);
        for (int t = 0; t < key.length(); t++) {
            String v = key.tag(t);
            if (v != null) {
                byTag.computeIfAbsent(t, k -> new HashMap<>()).computeIfAbsent(v, k -> new RoaringBitmap()).add(seriesId);
            }
        }
    }

    /** Series ids matching every predicate; {@code tagIndexOf} maps a tag name to its index or -1. */
    RoaringBitmap select(TagFilter filter, java.util.function.ToIntFunction<String> tagIndexOf) {
        RoaringBitmap result = allSeries.clone();
        for (TagFilter.Predicate p : filter.predicates()) {
            int t = tagIndexOf.applyAsInt(p.tag());
            Map<String, RoaringBitmap> values = t < 0 ? Map.of() : byTag.getOrDefault(t, Map.of());
            RoaringBitmap matched = switch (p) {
                case TagFilter.Equals e -> copyOrEmpty(values.get(e.value()));
                case TagFilter.In in -> union(in.values(), values);
                case TagFilter.NotEquals ne -> RoaringBitmap.andNot(allSeries, copyOrEmpty(values.get(ne.value())));
                case TagFilter.NotIn nin -> RoaringBitmap.andNot(allSeries, union(nin.values(), values));
                case TagFilter.Matches m -> {
                    RoaringBitmap u = new RoaringBitmap();
                    for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
                        if (m.pattern().matcher(e.getKey()).matches()) {
                            u.or(e.getValue());
                        }
                    }
                    yield u;
                }
            };
            result.and(matched);
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }

    private static RoaringBitmap union(java.util.Set<String> wanted, Map<String, RoaringBitmap> values) {
        RoaringBitmap u = new RoaringBitmap();
        for (String w : wanted) {
            RoaringBitmap b = values.get(w);
            if (b != null) {
                u.or(b);
            }
        }
        return u;
    }

    private static RoaringBitmap copyOrEmpty(RoaringBitmap b) {
        return b == null ? new RoaringBitmap() : b.clone();
    }

}
