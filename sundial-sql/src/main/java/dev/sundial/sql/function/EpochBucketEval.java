package dev.sundial.sql.function;

import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Vec;
import java.util.List;

/**
 * {@code floor(extract(epoch from ts) / w) * w}, the time bucket Grafana's {@code $__timeGroup}
 * macro writes for PostgreSQL, recognized by the analyzer and computed as a {@link TimeBucketEval}
 * of width {@code w} seconds from the Unix epoch, returned as DOUBLE epoch seconds. Computing on the
 * integer nanoseconds gives exactly PostgreSQL's result (its {@code extract} is an exact numeric since
 * version 14), where the same formula in DOUBLE arithmetic could put a timestamp less than about
 * 0.1 µs before a boundary into the next bucket. Being a time bucket, it lets the planner answer
 * chunks from their statistics and read rollup levels, as for {@code time_bucket}. NULL in, NULL out.
 * Immutable.
 */
public final class EpochBucketEval extends Eval {
    private final TimeBucketEval bucket;
    private final String text;

    /**
     * @param bucket a fixed-width bucket with origin 0 (the Unix epoch)
     * @param text the expression as written, for EXPLAIN and errors
     */
    public EpochBucketEval(TimeBucketEval bucket, String text) {
        super(SqlType.DOUBLE);
        if (bucket.width().months() != 0 || bucket.origin() != 0) {
            throw new IllegalStateException("BUG: epoch bucket of " + bucket.describe());
        }
        this.bucket = bucket;
        this.text = text;
    }

    /** The bucket of the timestamp this is the epoch seconds of. */
    public TimeBucketEval bucket() {
        return bucket;
    }

    @Override
    public Vec eval(Batch batch) {
        Vec b = bucket.eval(batch);
        int n = b.constant ? 1 : rows(batch);
        double[] out = new double[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            if (!b.isNull(i)) {
                out[i] = DatePartEval.seconds(b.getLong(i));
            }
        }
        if (b.constant) {
            return Vec.constant(SqlType.DOUBLE, b.isNull(0) ? null : out[0]);
        }
        boolean[] nulls = b.nulls == null ? null : java.util.Arrays.copyOf(b.nulls, out.length);
        return Vec.ofDoubles(out, nulls);
    }

    @Override
    public List<Eval> children() {
        return List.of(bucket);
    }

    @Override
    public String describe() {
        return text;
    }
}
