package dev.sundial.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

/**
 * The DDSketch a rollup keeps per bucket and column, and its compact text form, stored in a VARCHAR
 * level column ({@code docs/format/rollup.md}).
 *
 * <p>Accuracy: a logarithmic index mapping with relative accuracy {@value #RELATIVE_ACCURACY}: every
 * quantile a merged sketch returns is within 1 % (relative) of a value of the data at that rank
 * (DDSketch's guarantee; exact merges, since every level and every query uses this one mapping).
 * Values whose magnitude is below the mapping's smallest indexable value count as zero; NaN is left
 * out (it has no rank), as are ±Infinity (not indexable).
 *
 * <p>Text form: a sequence of unsigned integers, each written as 6-bit groups, low group first, one
 * character per group (the group, plus {@code 0x40} when more groups follow) — characters below
 * 0x80, so one byte per group in UTF-8. The integers: zero count; number of negative bins, then per
 * bin its index (the first zigzag-encoded, the others as the increase over the previous one) and
 * count; the same for positive bins. An empty sketch is the empty string.
 *
 * <p>Stateless and thread-safe.
 */
public final class SketchText {
    /** DDSketch relative accuracy: 1 %, as the issue asks; a finer one costs bins (log(2)/log(1.02) ≈ 35 per octave now). */
    public static final double RELATIVE_ACCURACY = 0.01;
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private SketchText() {
    }

    /** An empty sketch with the rollup mapping. */
    public static DDSketch newSketch() {
        return new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
    }

    /** Adds a value as a rollup does (NaN and infinities left out). */
    public static void add(DDSketch s, double v) {
        if (Double.isFinite(v) && Math.abs(v) < MAPPING.maxIndexableValue()) {
            s.accept(v);
        }
    }

    public static String encode(DDSketch s) {
        if (s.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(16);
        long neg = (long) s.getNegativeValueStore().getTotalCount();
        long pos = (long) s.getPositiveValueStore().getTotalCount();
        long zero = Math.round(s.getCount()) - neg - pos;
        put(b, zero);
        bins(b, s.getNegativeValueStore());
        bins(b, s.getPositiveValueStore());
        return b.toString();
    }

    private static void bins(StringBuilder b, Store store) {
        int[] n = {0};
        store.forEach((index, count) -> n[0]++);
        put(b, n[0]);
        long[] prev = {Long.MIN_VALUE};
        store.forEach((index, count) -> {
            if (prev[0] == Long.MIN_VALUE) {
                put(b, ((index << 1) ^ (index >> 31)) & 0xFFFFFFFFL);
            } else {
                put(b, index - prev[0]);
            }
            prev[0] = index;
            put(b, Math.round(count));
        });
    }

    private static void put(StringBuilder b, long v) {
        while (true) {
            int group = (int) (v & 0x3F);
            v >>>= 6;
            if (v == 0) {
                b.append((char) group);
                return;
            }
            b.append((char) (0x40 | group));
        }
    }

    /**
     * Encodes the sketch of {@code n} values without building a {@link DDSketch} (the hot path of the
     * finest level, a few values per bucket): the same text {@link #encode} gives for a sketch that
     * accepted them. Reorders {@code scratch}.
     */
    public static String encodeValues(double[] values, int n, int[] scratch) {
        int zero = 0;
        int negatives = 0;
        int positives = 0;
        double min = MAPPING.minIndexableValue();
        double max = MAPPING.maxIndexableValue();
        // negative indexes first (stored negated, so an ascending sort puts them in descending order), then positive
        int[] neg = scratch;
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || Math.abs(v) >= max) {
                continue;
            }
            if (v > min) {
                pos[positives++] = MAPPING.index(v);
            } else if (v < -min) {
                neg[negatives++] = MAPPING.index(-v);
            } else {
                zero++;
            }
        }
        if (zero + negatives + positives == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(8 + 2 * n);
        put(b, zero);
        runs(b, neg, negatives);
        runs(b, pos, positives);
        return b.toString();
    }

    private static void runs(StringBuilder b, int[] idx, int n) {
        java.util.Arrays.sort(idx, 0, n);
        int bins = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || idx[i] != idx[i - 1]) {
                bins++;
            }
        }
        put(b, bins);
        int i = 0;
        boolean first = true;
        long prev = 0;
        while (i < n) {
            int j = i;
            while (j < n && idx[j] == idx[i]) {
                j++;
            }
            int index = idx[i];
            put(b, first ? ((index << 1) ^ (index >> 31)) & 0xFFFFFFFFL : index - prev);
            put(b, j - i);
            prev = index;
            first = false;
            i = j;
        }
    }

    /** Decodes text written by {@link #encode} and merges it into {@code into}. */
    public static void mergeInto(DDSketch into, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        Reader r = new Reader(text);
        long zero = r.next();
        Store negative = readBins(r);
        Store positive = readBins(r);
        if (r.pos != text.length()) {
            throw new IllegalArgumentException("cannot decode rollup sketch: " + (text.length() - r.pos) + " trailing characters");
        }
        into.mergeWith(DDSketch.of(MAPPING, negative, positive, zero));
    }

    public static DDSketch decode(String text) {
        DDSketch s = newSketch();
        mergeInto(s, text);
        return s;
    }

    private static Store readBins(Reader r) {
        Store store = new UnboundedSizeDenseStore();
        long n = r.next();
        long index = 0;
        for (long i = 0; i < n; i++) {
            long v = r.next();
            if (i == 0) {
                int z = (int) v;
                index = (z >>> 1) ^ -(z & 1);
            } else {
                index += v;
            }
            if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("cannot decode rollup sketch: bin index " + index + " out of range");
            }
            store.add((int) index, r.next());
        }
        return store;
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        long next() {
            long v = 0;
            int shift = 0;
            while (true) {
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("cannot decode rollup sketch: it ends inside a number at character " + pos);
                }
                int c = text.charAt(pos++);
                if (c < 0 || c >= 0x80 || shift > 60) {
                    throw new IllegalArgumentException("cannot decode rollup sketch: bad character at " + (pos - 1));
                }
                v |= (long) (c & 0x3F) << shift;
                shift += 6;
                if ((c & 0x40) == 0) {
                    return v;
                }
            }
        }
    }
}
