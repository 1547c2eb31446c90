package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code count(DISTINCT x)}: exact, one hash set of values per group (doubles compared as SQL does:
 * 0 = -0, NaN = NaN). Memory grows with distinct values; {@link #bytesHeld()} feeds the limit.
 */
public final class CountDistinctAccumulator extends Accumulator {
    private final SqlType type;
    private Set<Object>[] sets = newSets(0);
    private long held;

    public CountDistinctAccumulator(SqlType type) {
        this.type = type;
    }

    @SuppressWarnings("unchecked")
    private static Set<Object>[] newSets(int n) {
        return (Set<Object>[]) new Set<?>[n];
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            sets = Arrays.copyOf(sets, capacity);
        }
    }

    private void offer(int g, Object k) {
        Set<Object> s = sets[g];
        if (s == null) {
            s = new HashSet<>();
            sets[g] = s;
        }
        if (s.add(k)) {
            held += 48;
        }
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (arg.isNull(i)) {
                continue;
            }
            Object k = switch (type) {
                case DOUBLE -> SqlValues.doubleKey(arg.getDouble(i));
                case VARCHAR -> arg.getString(i);
                case BOOLEAN -> arg.getBool(i);
                default -> arg.getLong(i);
            };
            offer(gids[i], k);
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        CountDistinctAccumulator o = (CountDistinctAccumulator) other;
        for (int g = 0; g < groups; g++) {
            if (o.sets[g] != null) {
                for (Object k : o.sets[g]) {
                    offer(map[g], k);
                }
            }
        }
    }

    @Override
    public long bytesHeld() {
        return held;
    }

    @Override
    public Vec result(int groups) {
        long[] out = new long[Math.max(groups, 1)];
        for (int g = 0; g < groups; g++) {
            out[g] = sets[g] == null ? 0 : sets[g].size();
        }
        return Vec.ofLongs(SqlType.BIGINT, out, null);
    }

    @Override
    public long bytesPerGroup() {
        return 8;
    }
}
