package dev.sundial.server.write;

import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import dev.sundial.WriteResult;
import dev.sundial.ingest.LineProtocolException;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.HttpError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * {@code POST /write} (InfluxDB v1) and {@code POST /api/v2/write} (v2): one request is one atomic
 * {@link WriteBatch}. The body is parsed as it streams in (never copied whole); every bad line is
 * collected (line, column, reason; the first {@value #MAX_REPORTED} are listed) and then, if any
 * was bad, nothing of the request is written and the answer is 400. Otherwise the batch is
 * committed and the answer, 204, comes only once the WAL record is durable under {@code wal.sync},
 * with the header {@value #ROWS_REPLACED_HEADER}: how many of its rows replaced a row of the same
 * series and timestamp (writes are upserts; a retried request replaces all of its rows).
 * A line without a timestamp gets the time the request arrived, the same for all its lines (as
 * InfluxDB does). The {@code db}, {@code rp}, {@code bucket} and {@code org} parameters are
 * accepted and ignored: a Sundial server is one database (docs/server.md).
 *
 * <p>Thread-safe: each request takes its own batch from a small pool, so the batches' lookup
 * caches stay warm across requests.
 */
public final class LineProtocolWrite {
    /** The 204 answer's header counting the request's rows that replaced existing ones. */
    public static final String ROWS_REPLACED_HEADER = "X-Sundial-Rows-Replaced";
    /** Bad lines listed in a 400 answer; the count says how many there were in all. */
    static final int MAX_REPORTED = 100;
    /** Batches kept for reuse: two per core covers the request threads that write at once. */
    private static final int POOLED_BATCHES = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    /** Requests larger than this (16 MiB, 8× a 10,000-line devops request) do not return their batch to the pool. */
    private static final long POOLED_MAX_REQUEST_BYTES = 16L << 20;

    private final Supplier<Sundial> db;
    private final int maxLines;
    private final IngestCounters counters;
    private final BlockingQueue<WriteBatch> pool = new ArrayBlockingQueue<>(POOLED_BATCHES);

    /** {@code db}: the open database (it throws 503 while the WAL is replayed). */
    public LineProtocolWrite(Supplier<Sundial> db, int maxLines, IngestCounters counters) {
        this.db = db;
        this.maxLines = maxLines;
        this.counters = counters;
    }

    /** InfluxDB v1: {@code precision} is {@code n}, {@code u}, {@code ms} or {@code s} (and the v2 spellings). */
    public void v1(Exchange ex) throws IOException {
        write(ex, ex.param("precision"));
    }

    /** InfluxDB v2: {@code precision} is {@code ns}, {@code us}, {@code ms} or {@code s}. */
    public void v2(Exchange ex) throws IOException {
        write(ex, ex.param("precision"));
    }

    private void write(Exchange ex, String precisionText) throws IOException {
        Precision precision;
        try {
            precision = precisionText == null || precisionText.isEmpty() ? Precision.NANOSECONDS : Precision.parse(precisionText);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot write points [precision=" + precisionText
                    + "]: unknown precision; expected ns, us, ms or s (v1 also n, u)");
        }
        Sundial sundial = db.get();
        WriteResult written;
        try (InputStream body = ex.body()) {
            written = write(sundial, body, precision);
        }
        ex.responseHeader(ROWS_REPLACED_HEADER, Long.toString(written.rowsReplaced()));
        ex.empty(204);
    }

    /**
     * Parses {@code body} and commits it as one batch, or throws {@link HttpError} (400 listing
     * the bad lines, 413 past a limit) having written nothing. Returns once durable, with how many
     * rows were written and replaced existing ones.
     */
    public WriteResult write(Sundial sundial, InputStream body, Precision precision) throws IOException {
        long now = sundial.options().clock().instant().toEpochMilli() * 1_000_000L;
        WriteBatch batch = borrow(sundial);
        boolean committed = false;
        List<Map<String, Object>> bad = new ArrayList<>();
        long badCount = 0;
        long unparsed = 0; // bad lines the reader refused; `lines` counts the ones it parsed
        long lines = 0;
        long bytes = Long.MAX_VALUE; // until the body was read whole: a failed request does not pool its batch
        try (LineProtocolReader reader = new LineProtocolReader(body, precision)) {
            ParsedPoint p = new ParsedPoint();
            while (true) {
                long line = -1;
                try {
                    if (!reader.next(p)) {
                        break;
                    }
                    if (++lines > maxLines) {
                        throw new HttpError(413, "cannot write points: more than " + maxLines
                                + " lines in one request (limits.max_lines_per_request); split the request");
                    }
                    line = p.lineNumber();
                    if (badCount == 0) { // after a bad line nothing will be written: only check the rest
                        batch.add(p, now);
                    }
                } catch (LineProtocolException e) {
                    unparsed++;
                    badCount = firstBad(batch, badCount);
                    report(bad, e.line(), e.column(), e.reason());
                } catch (WriteBatch.WriteException e) {
                    badCount = firstBad(batch, badCount);
                    report(bad, line, 0, e.getMessage());
                }
            }
            bytes = reader.bytesRead();
            if (badCount > 0) {
                counters.rejected(badCount, lines + unparsed);
                String message = "cannot write points: " + badCount + " bad line(s) of " + (lines + unparsed)
                        + "; nothing of this request was written";
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("code", "invalid"); // InfluxDB v2 clients read code and message
                details.put("message", message + (bad.isEmpty() ? "" : " (first: line " + bad.getFirst().get("line") + ": "
                        + bad.getFirst().get("reason") + ")"));
                details.put("bad_lines", badCount);
                details.put("lines", bad);
                throw new HttpError(400, message, details);
            }
            long rows = batch.rows();
            long points = batch.points();
            WriteResult written = batch.commit(); // returns once durable per wal.sync
            committed = true;
            counters.accepted(rows, points, bytes);
            counters.replaced(written.rowsReplaced());
            return written;
        } finally {
            if (!committed) {
                batch.clear();
            }
            // a batch that held a huge request keeps its grown buffers: let it go rather than keep them
            if (bytes <= POOLED_MAX_REQUEST_BYTES) {
                giveBack(batch);
            }
        }
    }

    /** Counts a bad line; at the first, drops what the batch holds (the request will not be written). */
    private static long firstBad(WriteBatch batch, long badCount) {
        if (badCount == 0) {
            batch.clear();
        }
        return badCount + 1;
    }

    private static void report(List<Map<String, Object>> bad, long line, int column, String reason) {
        if (bad.size() < MAX_REPORTED) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", line);
            m.put("column", column);
            m.put("reason", reason);
            bad.add(m);
        }
    }

    private WriteBatch borrow(Sundial sundial) {
        WriteBatch b = pool.poll();
        return b != null ? b : sundial.newBatch();
    }

    private void giveBack(WriteBatch b) {
        pool.offer(b); // dropped when the pool is full
    }
}
