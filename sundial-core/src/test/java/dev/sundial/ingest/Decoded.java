package dev.sundial.ingest;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/** Test helper: an immutable copy of a {@link ParsedPoint}, comparable with equals (floats by bits). */
record Decoded(String measurement, List<List<String>> tags, List<Field> fields, boolean hasTime, long time) {

    /** One field; {@code value} is Long (INTEGER/UNSIGNED), Long of the double's bits (FLOAT), Boolean or String. */
    record Field(String key, FieldType type, Object value) {
        @Override
        public String toString() {
            return key + ":" + type + "=" + (type == FieldType.FLOAT ? Double.longBitsToDouble((Long) value) : value);
        }
    }

    static Decoded of(ParsedPoint p) {
        List<List<String>> tags = new ArrayList<>();
        for (int i = 0; i < p.tagCount(); i++) {
            tags.add(List.of(p.tagKey(i), p.tagValue(i)));
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < p.fieldCount(); i++) {
            Object v = switch (p.fieldType(i)) {
                case FLOAT -> Double.doubleToRawLongBits(p.doubleValue(i));
                case INTEGER, UNSIGNED -> p.longValue(i);
                case BOOLEAN -> p.booleanValue(i);
                case STRING -> p.stringValue(i);
            };
            fields.add(new Field(p.fieldKey(i), p.fieldType(i), v));
        }
        return new Decoded(p.measurement(), tags, fields, p.hasTimestamp(), p.hasTimestamp() ? p.timestampNanos() : 0);
    }

    /** The same point with UNSIGNED turned into INTEGER (what the writer does). */
    Decoded unsignedAsInteger() {
        List<Field> f = new ArrayList<>();
        for (Field x : fields) {
            f.add(x.type == FieldType.UNSIGNED ? new Field(x.key, FieldType.INTEGER, x.value) : x);
        }
        return new Decoded(measurement, tags, f, hasTime, time);
    }

    /** Decodes every entry of {@code text}; throws the first error. */
    static List<Decoded> decodeAll(byte[] text, Precision precision) throws Exception {
        List<Decoded> out = new ArrayList<>();
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text), precision)) {
            ParsedPoint p = new ParsedPoint();
            while (r.next(p)) {
                out.add(of(p));
            }
        }
        return out;
    }
}
