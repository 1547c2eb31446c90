package dev.sundial.cli;

import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses exported line protocol into comparable maps (the shape of the corpus test's expectations). */
final class ExportParsing {
    private ExportParsing() {
    }

    /**
     * Comparison key of a float: its raw bits, except that both zeros compare equal — the corpus's
     * JSON writes the -0.0 that {@code -0.} decodes to as {@code 0} (JSON has no negative zero), so
     * the sign of zero cannot be checked against it. Codec tests check -0.0 bit for bit.
     */
    static String floatKey(double v) {
        return v == 0.0 ? "float:zero" : "float:" + Double.doubleToRawLongBits(v);
    }

    static List<Map<String, Object>> points(byte[] lp, boolean withTime) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(lp), Precision.NANOSECONDS)) {
            ParsedPoint p = new ParsedPoint();
            while (r.next(p)) {
                Map<String, Object> m = new TreeMap<>();
                m.put("~name", p.measurement());
                for (int i = 0; i < p.tagCount(); i++) {
                    m.put("tag:" + p.tagKey(i), p.tagValue(i));
                }
                for (int i = 0; i < p.fieldCount(); i++) {
                    Object v = switch (p.fieldType(i)) {
                        case FLOAT -> floatKey(p.doubleValue(i));
                        case INTEGER, UNSIGNED -> "int:" + p.longValue(i);
                        case BOOLEAN -> "bool:" + p.booleanValue(i);
                        case STRING -> "string:" + p.stringValue(i);
                    };
                    m.put("field:" + p.fieldKey(i), v);
                }
                if (withTime) {
                    m.put("~time", p.timestampNanos());
                }
                out.add(m);
            }
        }
        return out;
    }
}
