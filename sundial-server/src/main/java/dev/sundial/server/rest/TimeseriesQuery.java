package dev.sundial.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.AggregateCursor;
import dev.sundial.AggregateRequest;
import dev.sundial.RollupAggregation;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.DeferredCommitStream;
import dev.sundial.server.http.Exchange;
import dev.sundial.server.http.HttpError;
import dev.sundial.server.query.QuerySlots;
import dev.sundial.sql.output.TimestampText;
import dev.sundial.sql.output.ValueText;
import dev.sundial.table.ColumnDef;
import dev.sundial.table.ColumnType;
import dev.sundial.table.Interval;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /api/timeseries/{table}/query}: the seed's {@code downsample} (with {@code interval})
 * and {@code query} (without) over one value column, through {@link Table#aggregate}, so the
 * planner reads the coarsest rollup level that fits and the answer says which
 * ({@code "level"}). Parameters and answer: docs/rest-api.md.
 *
 * <p>The answer is built in memory before a byte is sent, so that every refusal, including
 * "too many points" (more than {@value #MAX_POINTS}), is a clean 4xx rather than a cut-off
 * body; the limit keeps that buffer to a few MiB. The query takes one of the server's query
 * slots ({@code limits.max_concurrent_queries}) and runs under its time and memory limits.
 *
 * <p>Thread-safe: requests share nothing but the slots.
 */
public final class TimeseriesQuery {
    /**
     * Most points one answer holds: a chart of 2,000 pixels shows 100 series at full resolution
     * with room to spare, and 30 days of hourly values for 100 hosts (72,000) fit.
     */
    public static final int MAX_POINTS = 200_000;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Supplier<Sundial> db;
    private final QuerySlots slots;

    public TimeseriesQuery(Supplier<Sundial> db, QuerySlots slots) {
        this.db = db;
        this.slots = slots;
    }

    public void handle(Exchange ex) throws Exception {
        String tableName = ex.pathParam("table");
        Sundial sundial = db.get();
        Table table = sundial.table(tableName);
        if (table == null) {
            throw new HttpError(404, "cannot query table " + tableName + ": no such table");
        }
        Precision precision = TimeseriesWrite.precision(ex.param("precision"));
        long now = RestTime.nowNanos(sundial);
        long end = has(ex.param("end")) ? RestTime.parse("end", ex.param("end"), now, precision) : now;
        long start = has(ex.param("start")) ? RestTime.parse("start", ex.param("start"), now, precision)
                : Math.subtractExact(end, 3_600_000_000_000L);
        if (start > end) {
            throw HttpError.badRequest("cannot query table " + tableName + " [start=" + RestTime.instant(start) + ", end="
                    + RestTime.instant(end) + "]: start is after end");
        }
        Interval interval = interval(ex.param("interval"));
        String aggText = has(ex.param("agg")) ? ex.param("agg").strip().toLowerCase(Locale.ROOT) : "avg";
        RollupAggregation agg = RollupAggregation.parse(aggText); // IllegalArgumentException: 400 naming the choices
        List<String> groupBy = groupBy(ex.param("group_by"));
        TagFilter where = TagWhere.parse(ex.param("where"));
        String column = column(table, ex.param("column"), ex.param("field"));
        if (interval != null) {
            long buckets = (end - start) / interval.nanos() + 1;
            if (buckets > MAX_POINTS) {
                throw tooMany(tableName, "the range holds " + buckets + " buckets of " + interval);
            }
        }
        AggregateRequest request = new AggregateRequest(RestTime.instant(start), RestTime.instant(end),
                interval == null ? null : Duration.ofNanos(interval.nanos()), groupBy, where, List.of(column), agg, MAX_POINTS + 1L);
        try (QuerySlots.Slot slot = slots.acquire(); AggregateCursor c = table.aggregate(request)) {
            ex.begin(200, "application/json");
            // streamed: the first 64 KiB are held, so an error by then is still a clean 4xx; past the
            // point limit later, the response is aborted (a client never takes it for a whole answer)
            DeferredCommitStream held = new DeferredCommitStream(ex.output(), ex.response(), 64 << 10);
            OutputStream out = new BufferedOutputStream(held, 64 << 10); // one socket write per 64 KiB, not per 8 KiB
            try {
                answer(c, tableName, column, interval, aggText, start, end, out);
            } catch (RuntimeException e) {
                if (!held.committed()) { // what the buffer still holds is dropped with it
                    held.discard();
                }
                throw e;
            }
            out.close();
        }
    }

    private static void answer(AggregateCursor c, String table, String column, Interval interval, String agg, long start, long end,
                               OutputStream buf) throws IOException {
        List<String> tags = c.groupBy();
        TimestampText times = new TimestampText();
        char[] point = new char[64];
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("table", table);
            g.writeStringField("column", column);
            g.writeStringField("start", ValueText.timestamp(start));
            g.writeStringField("end", ValueText.timestamp(end));
            if (interval == null) {
                g.writeNullField("interval");
            } else {
                g.writeStringField("interval", interval.toString());
            }
            g.writeStringField("agg", agg);
            g.writeStringField("level", c.level());
            g.writeArrayFieldStart("series");
            String[] current = null;
            long points = 0;
            while (c.next()) {
                Object v = c.value(0);
                if (v == null) {
                    continue; // no value of the column in this bucket
                }
                if (++points > MAX_POINTS) {
                    throw tooMany(table, "the answer has more than " + MAX_POINTS + " points");
                }
                if (current == null || !sameGroup(c, current)) {
                    if (current != null) {
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    current = new String[tags.size()];
                    for (int i = 0; i < current.length; i++) {
                        current[i] = c.tag(i);
                    }
                    g.writeStartObject();
                    g.writeObjectFieldStart("tags");
                    for (int i = 0; i < current.length; i++) {
                        g.writeStringField(tags.get(i), current[i]); // null: the series has no such tag
                    }
                    g.writeEndObject();
                    g.writeArrayFieldStart("points");
                }
                writePoint(g, times, point, c.timestampNanos(), v);
            }
            if (current != null) {
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        buf.write('\n');
    }

    private static boolean sameGroup(AggregateCursor c, String[] group) {
        for (int i = 0; i < group.length; i++) {
            if (!java.util.Objects.equals(group[i], c.tag(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One {@code [time, value]} pair. A number goes out as one raw value built in {@code buf}: the
     * generic path (start array, string with its escaping scan, number, end array) was a third of
     * the time of a 72,000-point answer; timestamps and number texts hold nothing to escape.
     */
    private static void writePoint(JsonGenerator g, TimestampText times, char[] buf, long ts, Object v) throws IOException {
        String number = v instanceof Long l ? Long.toString(l)
                : v instanceof Double d && Double.isFinite(d) ? ValueText.ofDouble(d) : null;
        int n = 0;
        if (number != null && number.length() <= 24) {
            buf[n++] = '[';
            buf[n++] = '"';
            int t = times.formatInto(ts, buf, n);
            if (t > 0) {
                n += t;
                buf[n++] = '"';
                buf[n++] = ',';
                number.getChars(0, number.length(), buf, n);
                n += number.length();
                buf[n++] = ']';
                g.writeRawValue(buf, 0, n);
                return;
            }
        }
        g.writeStartArray();
        g.writeString(times.format(ts));
        writeValue(g, v);
        g.writeEndArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case Long l -> g.writeNumber(l);
            case Double d -> {
                if (Double.isFinite(d)) {
                    g.writeNumber(ValueText.ofDouble(d)); // a valid JSON number, see ValueText
                } else {
                    g.writeString(ValueText.ofDouble(d));
                }
            }
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    private static HttpError tooMany(String table, String why) {
        return HttpError.badRequest("cannot query table " + table + ": too many points (" + why + "; at most " + MAX_POINTS
                + " per answer): narrow the range, widen the interval, filter with where or group by fewer tags");
    }

    private static boolean has(String param) {
        return param != null && !param.isBlank();
    }

    /** Either spelling ({@code 5m}, {@code 5 minutes}); fixed widths only, as buckets here are. */
    private static Interval interval(String text) {
        if (!has(text)) {
            return null;
        }
        Interval i;
        try {
            i = Interval.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot use interval=" + text + ": " + e.getMessage());
        }
        if (i.months() != 0) {
            throw HttpError.badRequest("cannot use interval=" + text + ": months and years are calendar units; this API takes"
                    + " fixed widths (use 30d, or SQL's time_bucket for calendar months)");
        }
        return i;
    }

    /** {@code host,region} → those tags; {@code *} → every tag (null: one group per series); none → all together. */
    private static List<String> groupBy(String text) {
        if (!has(text)) {
            return List.of();
        }
        if (text.strip().equals("*")) {
            return null;
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (String t : text.split(",", -1)) {
            String tag = t.strip();
            if (tag.isEmpty()) {
                throw HttpError.badRequest("cannot use group_by=" + text + ": an empty tag name (a comma list of tags, or *)");
            }
            if (!tags.add(tag)) {
                throw HttpError.badRequest("cannot use group_by=" + text + ": tag " + tag + " is listed twice");
            }
        }
        return new ArrayList<>(tags);
    }

    /** The value column: the one named, or the table's only numeric one. */
    private static String column(Table table, String column, String field) {
        if (has(column) && has(field) && !Objects.equals(column.strip(), field.strip())) {
            throw HttpError.badRequest("cannot query table " + table.name() + ": column=" + column + " and field=" + field
                    + " disagree (they are the same parameter; give one)");
        }
        String named = has(column) ? column.strip() : has(field) ? field.strip() : null;
        if (named != null) {
            return named; // Table.aggregate checks it exists and suits the aggregate
        }
        List<String> numeric = table.schema().values().stream()
                .filter(c -> c.type() == ColumnType.DOUBLE || c.type() == ColumnType.BIGINT).map(ColumnDef::name).toList();
        if (numeric.size() == 1) {
            return numeric.getFirst();
        }
        throw HttpError.badRequest("cannot query table " + table.name() + ": " + (numeric.isEmpty()
                ? "it has no DOUBLE or BIGINT column to aggregate; name a column with column="
                : "it has several value columns " + numeric + "; choose one with column="));
    }
}
