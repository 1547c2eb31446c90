package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.index.TagFilter;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.Precision;
import dev.sundial.table.TimestampRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxData's line-protocol corpus (6,615 decode cases) through {@code sundial import} and
 * {@code sundial export}: every valid case is stored and exported exactly (re-reading the export
 * gives the corpus's points: measurement, tags, fields with types, time), every invalid text is
 * rejected, the rejection is named with its line, and nothing of it is written. Differences adopted
 * by DESIGN §2: {@code u} is stored as BIGINT (exported as {@code i}), values above 2^63−1 are errors;
 * and timestamps outside {@link TimestampRange} are errors.
 */
class LineProtocolCorpusImportTest {
    @TempDir
    Path tmp;

    private static byte[] text(JsonNode input) {
        JsonNode t = input.get("text");
        return t.isTextual() ? t.asText().getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(t.get("binary").asText());
    }

    private static Precision precision(JsonNode input) {
        return Precision.parse(input.get("precision").asText());
    }

    @Test
    void corpusPassesThroughImportAndExport() throws Exception {
        // testdata/ of the repository (the pom sets sundial.shared; a run from the module directory without it)
        Path corpus = Path.of(System.getProperty("sundial.shared", "../testdata"), "conformance/line-protocol/corpus.json");
        assertThat(corpus).as("the conformance corpus (testdata/conformance, or -Dsundial.shared=DIR)").exists();
        JsonNode decode = new ObjectMapper().readTree(corpus.toFile()).get("decode");
        int valid = 0;
        int invalid = 0;
        List<String> failures = new ArrayList<>();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Path invalidDir = tmp.resolve("invalid");
        try (Sundial shared = Sundial.open(invalidDir)) {
            var it = decode.fields();
            int n = 0;
            while (it.hasNext()) {
                var e = it.next();
                JsonNode input = e.getValue().get("input");
                JsonNode output = e.getValue().get("output");
                boolean expectError = output.has("error") || needsUnsigned64(output) || outsideTimestampRange(output);
                if (expectError) {
                    invalid++;
                    errBytes.reset();
                    boolean ok = importText(shared, "case-" + e.getKey() + ".lp", text(input), precision(input), err);
                    String msg = errBytes.toString(StandardCharsets.UTF_8);
                    if (ok) {
                        failures.add(e.getKey() + ": invalid text was accepted: " + input.get("text"));
                    } else if (!msg.contains("case-" + e.getKey() + ".lp:")) {
                        failures.add(e.getKey() + ": rejection does not name FILE:LINE: " + msg);
                    }
                } else {
                    valid++;
                    String problem = roundTrip(tmp.resolve("valid-" + (n++)), input, output);
                    if (problem != null) {
                        failures.add(e.getKey() + ": " + problem);
                    }
                }
            }
            // nothing of any rejected text was written
            long rows = 0;
            for (Table t : shared.tables()) {
                rows += t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all()).size();
            }
            assertThat(rows).as("rows written from rejected texts").isZero();
        }
        assertThat(valid + invalid).isEqualTo(6615);
        assertThat(failures).as(failures.size() + " of " + (valid + invalid) + " cases failed").isEmpty();
    }

    /**
     * Sundial accepts {@link TimestampRange} (docs/formats-input.md §4): the corpus's points at
     * InfluxDB's extremes, ±(2^63−2) ns, are errors of their line.
     */
    private static boolean outsideTimestampRange(JsonNode output) {
        for (JsonNode p : output.get("result")) {
            if (p.has("time") && !TimestampRange.contains(p.get("time").asLong())) {
                return true;
            }
        }
        return false;
    }

    /** DESIGN §2: unsigned values above 2^63-1 are an error in Sundial. */
    private static boolean needsUnsigned64(JsonNode output) {
        for (JsonNode p : output.get("result")) {
            for (JsonNode f : p.get("fields")) {
                JsonNode v = f.get("value");
                if (v.has("uint") && v.get("uint").bigIntegerValue().bitLength() > 63) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean importText(Sundial db, String name, byte[] text, Precision precision, PrintStream err) throws Exception {
        ImportCommand cmd = new ImportCommand();
        cmd.batchRows = 50_000;
        cmd.skipBad = false;
        cmd.noPrecisionCheck = true; // the corpus tests the format: its timestamps are any numbers
        try (PointSource src = PointSource.open(name, new ByteArrayInputStream(text), "lp", precision, null, null, null,
                LineProtocolReader.DEFAULT_MAX_ENTRY_BYTES);
             ImportPipeline pipeline = new ImportPipeline(db, cmd.batchRows)) {
            boolean ok = cmd.importFile(name, src, pipeline, new ImportPipeline.Result(), err, () -> { });
            pipeline.finish();
            return ok;
        }
    }

    /** Imports one valid case into a fresh directory, exports it, parses the export, compares. */
    private String roundTrip(Path dir, JsonNode input, JsonNode output) throws Exception {
        Path file = tmp.resolve("in.lp");
        Files.write(file, text(input));
        String p = input.get("precision").asText().replace("1", "").replace("µ", "u");
        int code = SundialCommand.run("import", "--data-dir", dir.toString(), "--precision", p, "--no-precision-check", "--no-progress", file.toString());
        if (code != 0) {
            return "import failed with exit code " + code;
        }
        long unit = precision(input).nanosPerUnit();
        long defaultTime = Math.floorDiv(input.get("defaultTime").asLong(), unit) * unit;
        boolean compareTime = true;
        for (JsonNode pt : output.get("result")) {
            if (pt.get("time").asLong() == defaultTime) {
                compareTime = false; // a line without timestamp: Sundial gives it its own time
            }
        }
        // Upserts (DESIGN §2): points of one series and time fold into one, later fields winning.
        Map<String, Map<String, Object>> expected = new TreeMap<>();
        for (JsonNode pt : output.get("result")) {
            Map<String, Object> m = pointOf(pt, true);
            Object time = m.get("~time");
            if (!compareTime) {
                m.remove("~time");
            }
            String key = m.get("~name") + "|" + tagsOf(m) + "|" + time;
            expected.computeIfAbsent(key, k -> new TreeMap<>()).putAll(m);
        }
        List<String> tables = new ArrayList<>();
        try (Sundial db = Sundial.open(dir)) {
            for (Table t : db.tables()) {
                tables.add(t.name());
            }
        }
        List<String> actual = new ArrayList<>();
        for (String table : tables) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream old = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int rc;
            try {
                rc = SundialCommand.run("export", "--data-dir", dir.toString(), "--table", table);
            } finally {
                System.setOut(old);
            }
            if (rc != 0) {
                return "export of " + table + " failed with exit code " + rc;
            }
            for (Map<String, Object> m : ExportParsing.points(out.toByteArray(), compareTime)) {
                actual.add(m.toString());
            }
        }
        List<String> e = expected.values().stream().map(Object::toString).sorted().toList();
        List<String> a = actual.stream().sorted().toList();
        return a.equals(e) ? null : "export " + a + " != expected " + e;
    }

    private static String tagsOf(Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (k.startsWith("tag:")) {
                b.append(k).append('=').append(v).append(',');
            }
        });
        return b.toString();
    }

    static Map<String, Object> pointOf(JsonNode pt, boolean withTime) {
        Map<String, Object> m = new TreeMap<>();
        m.put("~name", pt.get("name").asText());
        for (JsonNode t : pt.get("tags")) {
            m.put("tag:" + t.get("key").asText(), t.get("value").asText());
        }
        for (JsonNode f : pt.get("fields")) {
            JsonNode v = f.get("value");
            Object val;
            if (v.has("float")) {
                val = ExportParsing.floatKey(v.get("float").asDouble());
            } else if (v.has("int")) {
                val = "int:" + v.get("int").asLong();
            } else if (v.has("uint")) {
                val = "int:" + v.get("uint").asLong();
            } else if (v.has("bool")) {
                val = "bool:" + v.get("bool").asBoolean();
            } else {
                val = "string:" + v.get("string").asText();
            }
            m.put("field:" + f.get("key").asText(), val);
        }
        if (withTime) {
            m.put("~time", pt.get("time").asLong());
        }
        return m;
    }
}
