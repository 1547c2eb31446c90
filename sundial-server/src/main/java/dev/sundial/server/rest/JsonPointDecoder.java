package dev.sundial.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sundial.DataPoint;
import dev.sundial.WriteBatch;
import dev.sundial.ingest.Precision;
import dev.sundial.server.http.HttpError;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the REST API's JSON points from a request body as it streams in (Jackson's streaming
 * parser, never a tree of the body): one point {@code {"timestamp": …, "tags": {…}, "values":
 * {…}}} or an array of them. Each good point goes to the {@link Sink} while no bad one has been
 * seen; every bad point is counted and the first {@value #MAX_REPORTED} are listed (index, field,
 * reason), and after the first bad point the rest is only checked, so the caller can refuse the
 * whole request and still tell everything that was wrong.
 *
 * <p>The contract the fuzz test holds it to: whatever the bytes, {@link #decode} returns a result
 * or throws {@link HttpError} (400 for a body that is not UTF-8, 413 past a limit); I/O errors of
 * the body stream and of the sink pass through. JSON syntax errors end the reading and are listed
 * like bad points (with line and column).
 *
 * <p>Typing: {@link ValueTyping} (the column decides what a number becomes; a new column from a
 * number is DOUBLE). Timestamps: {@link PointTimestamp}. A missing or null timestamp is the time
 * the request arrived; a null value or tag is no value (the field is not written). Keys are
 * checked against the table: a tag under {@code values}, a value column under {@code tags}, a
 * column the table lacks while auto-create is off, a duplicated key, an unknown point key, a
 * nested object or array where a scalar belongs, text with lone surrogates: each is a bad point.
 *
 * <p>Not thread-safe: one decoder per request.
 */
public final class JsonPointDecoder {
    /** Bad points listed in an answer; the count says how many there were in all. */
    public static final int MAX_REPORTED = 100;
    /** A point is three levels deep; deeper input is refused early rather than walked. */
    private static final int MAX_DEPTH = 16;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /** Receives each good point, in order, until the first bad one. */
    @FunctionalInterface
    public interface Sink {
        /** Throws {@link WriteBatch.WriteException} to refuse the point (it is listed like a bad one). */
        void accept(long index, DataPoint point) throws IOException;
    }

    /**
     * What a request held.
     *
     * @param points    points read, good and bad
     * @param badPoints bad points (and a JSON syntax error counts as one)
     * @param errors    the first {@value #MAX_REPORTED} of them
     */
    public record Result(long points, long badPoints, List<PointError> errors) {
        public boolean ok() {
            return badPoints == 0;
        }
    }

    private final String table;
    private final Supplier<TableSchema> schema;
    private final boolean autoCreate;
    private final Precision precision;
    private final long defaultNanos;
    private final long maxPoints;
    /** Types this request gave columns the table does not have yet, so its points agree with each other. */
    private final Map<String, ColumnType> decided = new HashMap<>();
    private final List<PointError> errors = new ArrayList<>();
    private long badPoints;
    private long index;

    /**
     * @param table        the table written (for messages)
     * @param schema       the table's current schema, or null while it does not exist; asked once per point
     * @param autoCreate   whether unknown tags and columns may be created
     * @param precision    unit of epoch-number timestamps
     * @param defaultNanos timestamp of points without one
     * @param maxPoints    most points per request; 413 past it
     */
    public JsonPointDecoder(String table, Supplier<TableSchema> schema, boolean autoCreate, Precision precision, long defaultNanos,
                            long maxPoints) {
        this.table = table;
        this.schema = schema;
        this.autoCreate = autoCreate;
        this.precision = precision;
        this.defaultNanos = defaultNanos;
        this.maxPoints = maxPoints;
    }

    /** Reads the whole body; see the class comment for what it throws. */
    public Result decode(InputStream body, Sink sink) throws IOException {
        // A strict decoder: overlong forms, surrogates and stray bytes are errors, not U+FFFD in stored data.
        Reader in = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        long points = 0;
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                bad(0, null, "the body is empty: expected a point (a JSON object) or an array of points");
            } else if (t == JsonToken.START_OBJECT) {
                points = 1;
                point(p, sink);
            } else if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (++points > maxPoints) {
                        throw new HttpError(413, "cannot write points to table " + table + ": more than " + maxPoints
                                + " points in one request (limits.max_lines_per_request); split the request");
                    }
                    if (t == JsonToken.START_OBJECT) {
                        point(p, sink);
                    } else {
                        bad(index, null, "a point is a JSON object, not " + describe(t));
                        p.skipChildren();
                    }
                    index++;
                }
            } else {
                bad(0, null, "expected a point (a JSON object) or an array of points, not " + describe(t));
            }
            if (t != null && p.nextToken() != null) {
                points = Math.max(points, index + 1);
                bad(index, null, "unexpected data after the JSON value at line " + p.currentLocation().getLineNr()
                        + ", column " + p.currentLocation().getColumnNr() + " (send one object or one array)");
            }
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("cannot read request body: not valid UTF-8 (" + e.getMessage() + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            bad(index, null, "invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage());
            points = Math.max(points, index + 1);
        }
        return new Result(Math.max(points, badPoints), badPoints, List.copyOf(errors));
    }

    private void bad(long at, String field, String reason) {
        badPoints++;
        if (errors.size() < MAX_REPORTED) {
            errors.add(new PointError(at, field, reason));
        }
    }

    /** What is known of the point being read; the first problem found is the one reported. */
    private final class PointState {
        final Map<String, String> tags = new HashMap<>(8);
        final Map<String, Object> fields = new java.util.LinkedHashMap<>(8);
        final TableSchema schema;
        final Map<String, ColumnType> newColumns = new HashMap<>(4);
        long timestamp;
        String field;
        String reason;

        PointState(TableSchema schema) {
            this.schema = schema;
            this.timestamp = defaultNanos;
        }

        void fail(String where, String why) {
            if (reason == null) {
                field = where;
                reason = why;
            }
        }

        boolean failed() {
            return reason != null;
        }
    }

    /** Reads one point object (the parser is on its START_OBJECT) and hands it on or lists it. */
    private void point(JsonParser p, Sink sink) throws IOException {
        PointState s = new PointState(schema.get());
        Set<String> keys = new HashSet<>(4);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (!keys.add(key)) {
                s.fail(key, "duplicate key");
                p.skipChildren();
                continue;
            }
            switch (key) {
                case "timestamp" -> {
                    if (v != JsonToken.VALUE_NULL) {
                        try {
                            s.timestamp = PointTimestamp.read(p, v, precision);
                        } catch (ValueTyping.Refused e) {
                            s.fail("timestamp", e.getMessage());
                        }
                        p.skipChildren();
                    }
                }
                case "tags" -> tags(p, v, s);
                case "values" -> values(p, v, s);
                default -> {
                    s.fail(key, "unknown key (a point has timestamp, tags and values)");
                    p.skipChildren();
                }
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("BUG: point object ended on " + t);
        }
        if (!s.failed() && s.fields.isEmpty()) {
            s.fail("values", "a point needs at least one value that is not null");
        }
        if (s.failed()) {
            bad(index, s.field, s.reason);
            return;
        }
        decided.putAll(s.newColumns);
        if (badPoints == 0) {
            DataPoint.Builder b = DataPoint.at(s.timestamp).tags(s.tags);
            s.fields.forEach(b::field);
            try {
                sink.accept(index, b.build());
            } catch (WriteBatch.WriteException e) {
                bad(index, null, e.getMessage());
            }
        }
    }

    /** What {@link #members} does with one member of an object: its name, its path for errors, its value's token. */
    private interface Member {
        void accept(String name, String field, JsonToken t) throws IOException;
    }

    /**
     * Walks the object {@code tags} or {@code values} of a point: null is none, anything but an
     * object fails the point ({@code shape} says what was expected), a duplicate key fails it, and
     * every other member goes to {@code member}; nested values are skipped after it.
     */
    private void members(JsonParser p, JsonToken v, PointState s, String section, String shape, Member member) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            s.fail(section, section + " are an object of " + shape + ", not " + describe(v));
            p.skipChildren();
            return;
        }
        Set<String> names = new HashSet<>(8);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String field = section + "." + name;
            if (!names.add(name)) {
                s.fail(field, "duplicate key");
            } else {
                member.accept(name, field, t);
            }
            p.skipChildren();
        }
    }

    private void tags(JsonParser p, JsonToken v, PointState s) throws IOException {
        members(p, v, s, "tags", "name: string", (name, field, t) -> {
            if (t == JsonToken.VALUE_STRING) {
                tag(name, field, p.getText(), s);
            } else if (t != JsonToken.VALUE_NULL) {
                s.fail(field, "a tag value is a string (write \"12\", not 12), not " + describe(t));
            }
        });
    }

    private void tag(String name, String field, String value, PointState s) {
        if (s.failed()) {
            return;
        }
        try {
            ValueTyping.checkedText(name);
            ValueTyping.checkedText(value);
        } catch (ValueTyping.Refused e) {
            s.fail(field, e.getMessage());
            return;
        }
        TableSchema schema = s.schema;
        if (schema != null && (schema.valueIndex(name) >= 0 || name.equals(schema.timestampColumn()))) {
            s.fail(field, "'" + name + "' is " + (schema.valueIndex(name) >= 0 ? "a value column" : "the timestamp column")
                    + " of table " + table + ", not a tag");
        } else if ((schema == null || schema.tagIndex(name) < 0) && !autoCreate) {
            s.fail(field, "table " + table + " has no tag column '" + name + "' (auto-create is off)");
        } else {
            s.tags.put(name, value);
        }
    }

    private void values(JsonParser p, JsonToken v, PointState s) throws IOException {
        members(p, v, s, "values", "column: value", (name, field, t) -> {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                s.fail(field, "a value is a number, string, boolean or null, not " + describe(t));
            } else if (t != JsonToken.VALUE_NULL) {
                value(p, t, name, field, s);
            }
        });
    }

    private void value(JsonParser p, JsonToken t, String name, String field, PointState s) throws IOException {
        if (s.failed()) {
            return; // the point is bad already: the rest is only walked
        }
        TableSchema schema = s.schema;
        ColumnType type = null;
        if (schema != null) {
            if (schema.tagIndex(name) >= 0 || name.equals(schema.timestampColumn())) {
                s.fail(field, "'" + name + "' is " + (schema.tagIndex(name) >= 0 ? "a tag column" : "the timestamp column")
                        + " of table " + table + ", not a value column");
                return;
            }
            int i = schema.valueIndex(name);
            type = i >= 0 ? schema.value(i).type() : null;
        }
        if (type == null) {
            type = decided.get(name);
        }
        if (type == null) {
            if (!autoCreate) {
                s.fail(field, "table " + table + " has no column '" + name + "' (auto-create is off)");
                return;
            }
            type = ValueTyping.typeForNewColumn(t);
            s.newColumns.put(name, type);
        }
        try {
            ValueTyping.checkedText(name);
            s.fields.put(name, ValueTyping.convert(p, t, type));
        } catch (ValueTyping.Refused e) {
            s.fail(field, e.getMessage());
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(t);
        };
    }
}
