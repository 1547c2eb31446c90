package dev.sundial.sql.function;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.sundial.rollup.SketchText;
import dev.sundial.sql.exec.Vec;
import java.util.Arrays;

/**
 * {@code percentile(x, q)} answered approximately, when the query reads rollup levels: raw values and
 * the rollups' DDSketches merge into one sketch per group (the rollups' mapping, relative accuracy
 * {@value SketchText#RELATIVE_ACCURACY}): the result is within 1 % (relative) of a value of the data
 * at the rank asked for. NaN and ±Infinity are left out (they have no rank a sketch can keep).
 * Memory per group is the sketch's bins (a few hundred bytes for typical data).
 */
public final class SketchPercentileAccumulator extends Accumulator {
    private final double q;
    private DDSketch[] sketches = new DDSketch[0];

    public SketchPercentileAccumulator(double q) {
        this.q = q;
    }

    @Override
    public void grow(int groups) {
        if (groups > capacity) {
            capacity = newCapacity(capacity, groups);
            sketches = Arrays.copyOf(sketches, capacity);
        }
    }

    private DDSketch sketch(int g) {
        DDSketch s = sketches[g];
        if (s == null) {
            s = SketchText.newSketch();
            sketches[g] = s;
        }
        return s;
    }

    @Override
    public void add(Vec arg, Vec arg2, int[] gids, int n) {
        for (int i = 0; i < n; i++) {
            if (!arg.isNull(i)) {
                SketchText.add(sketch(gids[i]), arg.asDouble(i));
            }
        }
    }

    /** Merges a rollup cell's sketch (its text form) into group {@code gid}. */
    public void addSketch(int gid, String text) {
        if (text != null && !text.isEmpty()) {
            SketchText.mergeInto(sketch(gid), text);
        }
    }

    @Override
    public void merge(Accumulator other, int[] map, int groups) {
        SketchPercentileAccumulator o = (SketchPercentileAccumulator) other;
        for (int g = 0; g < groups; g++) {
            if (o.sketches[g] != null) {
                sketch(map[g]).mergeWith(o.sketches[g]);
            }
        }
    }

    @Override
    public Vec result(int groups) {
        double[] out = new double[Math.max(groups, 1)];
        boolean[] nulls = nullsWhere(groups, g -> sketches[g] == null || sketches[g].isEmpty());
        for (int g = 0; g < groups; g++) {
            if (nulls == null || !nulls[g]) {
                out[g] = sketches[g].getValueAtQuantile(q);
            }
        }
        return Vec.ofDoubles(out, nulls);
    }

    @Override
    public long bytesPerGroup() {
        return 512; // a sketch of typical metric data: a few dozen bins in a dense store
    }
}
