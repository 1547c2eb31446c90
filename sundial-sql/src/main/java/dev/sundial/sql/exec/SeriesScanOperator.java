package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.ResultColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Streams the rows of a table scan, series by series in series-id order, each series in time order.
 * Series are read and filtered on the scan pool up to {@link #LOOKAHEAD} series ahead of the
 * consumer, so both cores decode while memory stays bounded by a few series' partitions.
 */
public final class SeriesScanOperator extends Operator {
    /** Series decoded ahead of the consumer: enough to keep 2 cores busy, small enough to bound memory. */
    static final int LOOKAHEAD = 4;
    private final ScanSpec spec;
    private final ArrayDeque<Future<List<Batch>>> pending = new ArrayDeque<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private int nextSeries;
    private long rowsRead;
    private long chunksRead;
    /** Work done on the scan pool on each series' batches (a streaming window), or null; set before the first batch. */
    private UnaryOperator<List<Batch>> perSeries;

    public SeriesScanOperator(QueryContext ctx, List<ResultColumn> layout, ScanSpec spec) {
        super(ctx, layout);
        this.spec = spec;
    }

    /** What this scan reads (the window planner checks that its series have distinct partition keys). */
    public ScanSpec spec() {
        return spec;
    }

    /**
     * Has {@code f} applied to each series' batches (all the rows of one series, in time order) on
     * the scan pool, before the consumer receives them: what the consumer would compute series by
     * series then runs on every core. {@code f} must be thread-safe. Called before the first batch.
     */
    public void perSeries(UnaryOperator<List<Batch>> f) {
        if (nextSeries > 0) {
            throw new IllegalStateException("BUG: per-series work installed after the scan started");
        }
        perSeries = f; // the pool's submit() publishes it to the workers
    }

    @Override
    protected Batch produce() {
        while (ready.isEmpty()) {
            while (pending.size() < LOOKAHEAD && nextSeries < spec.seriesIds().length) {
                int id = spec.seriesIds()[nextSeries++];
                pending.add(ScanPool.POOL.submit(() -> readSeries(id)));
            }
            Future<List<Batch>> f = pending.poll();
            if (f == null) {
                return null;
            }
            ready.addAll(await(f));
        }
        return ready.poll();
    }

    private List<Batch> readSeries(int id) {
        ctx.check();
        SeriesBatchReader r = new SeriesBatchReader(spec, false);
        List<Batch> out = new ArrayList<>();
        r.read(spec.table().seriesKey(id), spec.snapshot().sources(id), spec.from(), spec.to(), out::add);
        synchronized (this) {
            rowsRead += r.rowsRead;
            chunksRead += r.chunksRead;
        }
        return perSeries == null ? out : perSeries.apply(out);
    }

    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException("canceling statement: interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof QueryException q) {
                throw q;
            }
            if (c instanceof UncheckedIOException u) {
                throw new QueryException(u.getMessage(), u);
            }
            if (c instanceof IOException io) {
                throw new QueryException(io.getMessage(), io);
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof StackOverflowError so) {
                throw OperatorResult.translate(so);
            }
            throw new IllegalStateException("BUG: scan task failed", c);
        }
    }

    @Override
    public List<Operator> children() {
        return List.of();
    }

    @Override
    public String explain() {
        return "SeriesScan table=" + spec.table().name() + " parallel=" + ScanPool.THREADS + " lookahead=" + LOOKAHEAD;
    }

    @Override
    public List<String> explainDetails() {
        List<String> d = new ArrayList<>(ScanExplain.describe(spec));
        if (spec.rowFilter() != null) {
            d.add("filter: " + spec.rowFilter().describe());
        }
        if (ctx.analyze()) {
            synchronized (this) {
                d.add("read: " + chunksRead + " chunks, " + rowsRead + " rows");
            }
        }
        return d;
    }

    @Override
    public void close() {
        for (Future<List<Batch>> f : pending) {
            f.cancel(false);
        }
        for (Future<List<Batch>> f : pending) {
            if (!f.isCancelled()) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // the statement is being closed; its error, if any, was already reported by next()
                }
            }
        }
        pending.clear();
        ScanExplain.closeSnapshot(spec);
    }
}
