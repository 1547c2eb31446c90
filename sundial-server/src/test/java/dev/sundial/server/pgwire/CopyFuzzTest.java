package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jazzer targets for COPY's parsers, without a server:
 *
 * <ul>
 *   <li>{@code rows}: any bytes, in any format the options allow, cut anywhere into CopyData
 *       pieces, give rows or a clean 22P04 with a message, never another exception; and the rows
 *       are the same whatever the cuts (the whole input in one piece is the reference).</li>
 *   <li>{@code roundTrip}: rows written by {@link CopyFormat} (the COPY TO encoder, as CopyOut
 *       joins them) and cut anywhere parse back to the same values.</li>
 *   <li>{@code statement}: any text that {@link CopyStatement#isCopy} routes to COPY parses or
 *       is a clean {@link PgError} with a message, never another exception.</li>
 * </ul>
 *
 * Under plain {@code mvn test} the seeds in {@code CopyFuzzTestInputs/<method>/} and the empty
 * input are replayed; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class CopyFuzzTest {
    /** Delimiters, quotes and NULL texts the fuzzer picks from: the defaults and the awkward ones. */
    private static final char[] CHARS = {',', '\t', '|', ';', '"', '\'', '\\', 'n', 'N', 'x', '0', '.', ' ', '\r', '\n', 'a'};
    private static final String[] NULLS = {null, "", "\\N", "NULL", "x", "a,b", "\"", "\\", "\n", "a\tb", "|", "\\.", "a\\", "\\\\"};

    @FuzzTest(maxDuration = "60s")
    void rows(FuzzedDataProvider data) {
        CopyFormat f = format(data);
        if (f == null) {
            return;
        }
        long cutSeed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        List<List<String>> whole = parse(f, input, new int[0]);
        List<List<String>> cut = parse(f, input, cuts(input.length, cutSeed));
        if (!same(whole, cut)) {
            throw new IllegalStateException("BUG: rows differ with the input cut: " + whole + " vs " + cut + " of "
                    + Arrays.toString(input) + " in " + f);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void roundTrip(FuzzedDataProvider data) {
        CopyFormat f = format(data);
        if (f == null) {
            return;
        }
        int columns = data.consumeInt(1, 4);
        int rowCount = data.consumeInt(0, 8);
        long cutSeed = data.consumeLong();
        List<List<String>> expected = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rowCount; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    out.append(f.delimiter());
                }
                String v = data.consumeBoolean() ? null : utf8Safe(data.consumeString(12));
                if (v == null) {
                    f.appendNull(out);
                } else {
                    StringBuilder one = new StringBuilder();
                    f.appendValue(one, v);
                    if (!f.csv() && one.toString().equals(f.nullText())) {
                        v = null; // text format: a value written as the NULL text reads as NULL, in PostgreSQL too
                    }
                    out.append(one);
                }
                row.add(v);
            }
            out.append('\n');
            expected.add(row);
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        List<List<String>> parsed = parse(f, bytes, cuts(bytes.length, cutSeed));
        if (parsed == null || !same(expected, parsed)) {
            throw new IllegalStateException("BUG: " + f + " wrote " + expected + " as " + out.toString().replace("\n", "\\n")
                    + " but it reads back as " + parsed);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void statement(byte[] input) {
        String sql = new String(input, StandardCharsets.UTF_8);
        if (!CopyStatement.isCopy(sql)) {
            return;
        }
        try {
            CopyStatement st = CopyStatement.parse(sql);
            if (st.format() == null || (st.table() == null) == (st.query() == null) || st.selectSql() == null
                    || (st.table() != null && st.tableName().isEmpty() && !st.table().startsWith("\""))) {
                throw new IllegalStateException("BUG: parsed " + sql + " as " + st);
            }
        } catch (PgError e) {
            checkError(e, sql);
        }
    }

    /** The findings of {@code roundTrip} (its seeds replay them): options whose output reads back as other values. */
    @Test
    void optionsThatWouldNotReadBackAreRefused() {
        String[][] refused = {{"text", "DELIMITER", "n"}, {"text", "DELIMITER", "0"}, {"text", "DELIMITER", "."}, {"text", "NULL", "a\n"},
            {"csv", "NULL", "a\r"}, {"csv", "NULL", "a,b"}, {"csv", "NULL", "\""}, {"text", "NULL", "x\\"}, {"text", "NULL", "\\."},
            {"csv", "QUOTE", "\n"}};
        for (String[] r : refused) {
            CopyFormat.Builder b = new CopyFormat.Builder();
            b.option("FORMAT", r[0]);
            b.option(r[1], r[2]);
            assertThatThrownBy(b::build).as("%s %s '%s'", r[0], r[1], r[2]).isInstanceOf(PgError.class)
                    .hasMessageStartingWith("cannot copy [").extracting(e -> ((PgError) e).sqlState()).isEqualTo(SqlState.INVALID_PARAMETER_VALUE);
        }
        CopyFormat.Builder ok = new CopyFormat.Builder();
        ok.option("FORMAT", "text");
        ok.option("NULL", "\\\\");
        ok.option("DELIMITER", "N");
        assertThat(ok.build().nullText()).isEqualTo("\\\\");
    }

    private static void checkError(PgError e, String sql) {
        if (e.getMessage() == null || e.getMessage().isBlank() || e.sqlState() == null || e.sqlState().length() != 5
                || e.position() < 0 || e.position() > sql.length() + 1) {
            throw new IllegalStateException("BUG: unclear error for " + sql + ": " + e.sqlState() + " " + e.getMessage()
                    + " at " + e.position(), e);
        }
    }

    /** A format from the first input bytes, as the COPY options would build it; null when the options are refused. */
    private static CopyFormat format(FuzzedDataProvider data) {
        CopyFormat.Builder b = new CopyFormat.Builder();
        boolean csv = data.consumeBoolean();
        try {
            b.option("FORMAT", csv ? "csv" : "text");
            if (data.consumeBoolean()) {
                b.option("DELIMITER", String.valueOf(data.pickValue(CHARS)));
            }
            String nullText = data.pickValue(NULLS);
            if (nullText != null) {
                b.option("NULL", nullText);
            }
            if (csv && data.consumeBoolean()) {
                b.option("QUOTE", String.valueOf(data.pickValue(CHARS)));
            }
            if (csv && data.consumeBoolean()) {
                b.option("ESCAPE", String.valueOf(data.pickValue(CHARS)));
            }
            return b.build();
        } catch (PgError e) {
            checkError(e, "");
            return null;
        }
    }

    /** Cut points in [0, length], sorted, from a seed: where CopyData messages end. */
    private static int[] cuts(int length, long seed) {
        Random r = new Random(seed);
        int[] c = new int[r.nextInt(Math.min(length, 16) + 1)];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextInt(length + 1);
        }
        Arrays.sort(c);
        return c;
    }

    /** The rows of {@code input} fed in pieces ending at {@code cuts}, or null when the parser refused it (cleanly). */
    private static List<List<String>> parse(CopyFormat f, byte[] input, int[] cuts) {
        CopyRowParser p = new CopyRowParser(f);
        List<List<String>> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                p.feed(Arrays.copyOfRange(input, from, to));
                from = to;
                boolean last = i == cuts.length;
                while (p.next(fields, last)) {
                    if (fields.isEmpty() || p.line() != rows.size() + 1 || p.rawLine() == null) {
                        throw new IllegalStateException("BUG: row " + p.line() + " has no fields or no text: " + fields);
                    }
                    rows.add(List.copyOf(nullsKept(fields)));
                    if (rows.size() > input.length + 1) {
                        throw new IllegalStateException("BUG: more rows than bytes");
                    }
                }
            }
            return rows;
        } catch (PgError e) {
            if (!e.sqlState().equals(SqlState.BAD_COPY_FILE_FORMAT) || e.getMessage().isBlank()) {
                throw new IllegalStateException("BUG: unexpected error " + e.sqlState() + " " + e.getMessage(), e);
            }
            p.rawLine(); // the context of the error message must be there
            return null;
        }
    }

    /** List.copyOf refuses nulls: NULL fields are kept as a marker object's text. */
    private static List<String> nullsKept(List<String> fields) {
        List<String> out = new ArrayList<>(fields.size());
        for (String s : fields) {
            out.add(s == null ? NULL_MARK : s);
        }
        return out;
    }

    private static final String NULL_MARK = new String("\u0000NULL\u0000");

    private static boolean same(List<List<String>> a, List<List<String>> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            List<String> x = a.get(i);
            List<String> y = b.get(i);
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                String u = x.get(k);
                String v = y.get(k);
                boolean uNull = u == null || u == NULL_MARK;
                boolean vNull = v == null || v == NULL_MARK;
                if (uNull != vNull || (!uNull && !u.equals(v))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The string as UTF-8 carries it: a lone surrogate would be written as '?', which is not the value. */
    private static String utf8Safe(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
