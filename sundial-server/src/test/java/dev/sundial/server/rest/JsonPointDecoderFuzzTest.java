package dev.sundial.server.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sundial.DataPoint;
import dev.sundial.WriteBatch;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.HttpError;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import dev.sundial.table.TimestampRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Jazzer fuzz test of the REST JSON point decoder: any bytes end in points or a clean refusal —
 * a result listing bad points, or {@link HttpError} 400 (not UTF-8) or 413 (too many points) —
 * never another exception or a hang. Each input is decoded twice: into a table that does not
 * exist yet (auto-create on) and into a declared table with auto-create off, where every point
 * handed on must fit the schema. Under plain {@code mvn test} the seeds in
 * {@code JsonPointDecoderFuzzTestInputs/decode/} and the empty input are replayed;
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class JsonPointDecoderFuzzTest {
    private static final TableSchema DECLARED = TableSchema.builder("cpu").tag("host").tag("region")
            .value("usage", ColumnType.DOUBLE).value("count", ColumnType.BIGINT).value("ok", ColumnType.BOOLEAN)
            .value("note", ColumnType.VARCHAR).build();
    private static final int MAX_POINTS = 50;

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) throws IOException {
        Precision precision = Precision.values()[input.length % 4];
        run(input, null, true, precision);
        run(input, DECLARED, false, precision);
    }

    private static void run(byte[] input, TableSchema schema, boolean autoCreate, Precision precision) throws IOException {
        JsonPointDecoder d = new JsonPointDecoder("cpu", () -> schema, autoCreate, precision, 1_700_000_000_000_000_000L, MAX_POINTS);
        long[] handedOn = {0};
        try {
            JsonPointDecoder.Result r = d.decode(new ByteArrayInputStream(input), (index, p) -> {
                handedOn[0]++;
                check(p, schema);
                if (index % 7 == 6) { // the sink may refuse a point, as a WriteBatch does on a schema conflict
                    throw new WriteBatch.WriteException("refused by the sink");
                }
            });
            if (r.badPoints() < 0 || r.errors().size() > Math.min(r.badPoints(), JsonPointDecoder.MAX_REPORTED)
                    || r.points() < r.badPoints() || handedOn[0] > r.points() || (r.ok() && handedOn[0] != r.points())) {
                throw new IllegalStateException("BUG: inconsistent result " + r + " after " + handedOn[0] + " points handed on");
            }
            for (PointError e : r.errors()) {
                if (e.index() < 0 || e.index() >= Math.max(1, r.points()) || e.reason() == null || e.reason().isEmpty()) {
                    throw new IllegalStateException("BUG: bad error entry " + e + " of " + r);
                }
            }
        } catch (HttpError e) {
            if (e.status() != 400 && e.status() != 413) {
                throw new IllegalStateException("BUG: status " + e.status() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A point the decoder hands on has a value, a timestamp in range, and fits a declared schema. */
    private static void check(DataPoint p, TableSchema schema) {
        if (p.fields().isEmpty() || !TimestampRange.contains(p.timestampNanos())) {
            throw new IllegalStateException("BUG: handed on " + p);
        }
        if (schema == null) {
            return;
        }
        for (String tag : p.tags().keySet()) {
            if (schema.tagIndex(tag) < 0) {
                throw new IllegalStateException("BUG: unknown tag handed on: " + p);
            }
        }
        for (Map.Entry<String, Object> f : p.fields().entrySet()) {
            int i = schema.valueIndex(f.getKey());
            if (i < 0) {
                throw new IllegalStateException("BUG: unknown column handed on: " + p);
            }
            Class<?> want = switch (schema.value(i).type()) {
                case DOUBLE -> Double.class;
                case BIGINT -> Long.class;
                case BOOLEAN -> Boolean.class;
                case VARCHAR -> String.class;
            };
            if (!want.isInstance(f.getValue()) || (f.getValue() instanceof Double v && !Double.isFinite(v))) {
                throw new IllegalStateException("BUG: " + f + " handed on for a " + schema.value(i).type() + " column: " + p);
            }
        }
    }
}
