package dev.sundial.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer fuzz tests of the two readers: any bytes end in points or the documented exception
 * ({@link LineProtocolException}, {@link CsvFormatException}), never another exception or a hang; the
 * reader always reaches end of input in skip-bad mode. Every line-protocol point decoded is also
 * written back and must decode to the same point. Under plain {@code mvn test} the seeds in
 * {@code IngestFuzzTestInputs/<method>/} and the empty input are replayed; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class IngestFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void lineProtocolReader(FuzzedDataProvider data) throws IOException {
        int maxEntry = data.consumeBoolean() ? 16 + data.consumeInt(0, 200) : LineProtocolReader.DEFAULT_MAX_ENTRY_BYTES;
        Precision precision = Precision.values()[data.consumeInt(0, 3)];
        byte[] text = data.consumeRemainingAsBytes();
        int calls = 0;
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(text), precision, maxEntry)) {
            ParsedPoint p = new ParsedPoint();
            while (true) {
                if (++calls > text.length + 2) {
                    throw new IllegalStateException("reader made no progress after " + calls + " calls on " + text.length + " bytes");
                }
                try {
                    if (!r.next(p)) {
                        break;
                    }
                    roundTrip(p);
                } catch (LineProtocolException expected) {
                    if (expected.line() < 1 || expected.column() < 1) {
                        throw new IllegalStateException("bad position in " + expected.getMessage());
                    }
                }
            }
        }
    }

    private static void roundTrip(ParsedPoint p) throws IOException {
        Decoded before = Decoded.of(p).unsignedAsInteger();
        if (!p.hasTimestamp()) {
            p.setTimestamp(0);
            before = new Decoded(before.measurement(), before.tags(), before.fields(), true, 0);
        }
        StringBuilder sb = new StringBuilder();
        LineProtocolWriter.appendPoint(sb, p);
        List<Decoded> after;
        try {
            after = Decoded.decodeAll(sb.toString().getBytes(StandardCharsets.UTF_8), Precision.NANOSECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("written point does not parse: " + sb, e);
        }
        if (!after.equals(List.of(before))) {
            throw new IllegalStateException("round trip changed " + before + " into " + after + " via " + sb);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void csvReader(FuzzedDataProvider data) throws IOException {
        int maxRecord = data.consumeBoolean() ? 16 + data.consumeInt(0, 200) : CsvReadOptions.DEFAULT_MAX_RECORD_BYTES;
        Precision precision = Precision.values()[data.consumeInt(0, 3)];
        byte[] text = data.consumeRemainingAsBytes();
        CsvReadOptions o = CsvReadOptions.of("t").withMaxRecordBytes(maxRecord).withPrecision(precision);
        int calls = 0;
        try (CsvPointReader r = new CsvPointReader(new ByteArrayInputStream(text), o)) {
            ParsedPoint p = new ParsedPoint();
            while (true) {
                if (++calls > text.length + 2) {
                    throw new IllegalStateException("reader made no progress after " + calls + " calls on " + text.length + " bytes");
                }
                try {
                    if (!r.next(p)) {
                        break;
                    }
                    if (!"t".equals(p.measurement()) || p.lineNumber() < 2) {
                        throw new IllegalStateException("bad point " + p);
                    }
                } catch (CsvFormatException expected) {
                    if (expected.line() < 1 || expected.column() < 1) {
                        throw new IllegalStateException("bad position in " + expected.getMessage());
                    }
                }
            }
        }
    }
}
