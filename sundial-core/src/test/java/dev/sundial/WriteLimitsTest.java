package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.index.SeriesKey;
import dev.sundial.index.SeriesKeyLimit;
import dev.sundial.index.TagFilter;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defect 4 (limits): a tag value over 1 MiB was accepted, and the next open cut the series
 * registry at it (its reader refused records over 1 MiB), so the table's later series vanished and
 * new series inherited their rows. Names, tag columns and series keys now have documented limits,
 * checked on every write path before anything of the point is kept, and the largest key allowed
 * reads back after close and reopen.
 */
class WriteLimitsTest {
    @TempDir
    Path tmp;

    private static Table table(Sundial db) throws Exception {
        return db.createTable(TableSchema.builder("m").tag("host").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
    }

    private static DataPoint point(long ts, String host, double v) {
        return DataPoint.at(ts).tag("host", host).field("v", v).build();
    }

    /** host → v of every row, by owner. */
    private static Map<String, List<Double>> rows(Table t) {
        Map<String, List<Double>> out = new HashMap<>();
        for (DataPoint p : t.query(0, Long.MAX_VALUE, TagFilter.all())) {
            out.computeIfAbsent(p.tag("host"), k -> new ArrayList<>()).add((Double) p.field("v"));
        }
        return out;
    }

    @Test
    void aTagValueOverTheLimitIsRefusedAndNoSeriesChangesOwner() throws Exception {
        Path dir = tmp.resolve("db");
        String huge = "x".repeat((1 << 20) + 10);
        try (Sundial db = Sundial.open(dir)) {
            Table t = table(db);
            t.insert(point(1000, "a", 1.0));
            assertThatThrownBy(() -> t.insert(point(1000, huge, 2.0))).isInstanceOf(WriteBatch.WriteException.class)
                    .hasMessage("cannot write series of table m: series key is " + (1 + 2 + 4 + huge.length())
                            + " bytes, the limit is 65536 (tag host has a " + huge.length() + "-byte value)");
            // a batch holding it writes nothing, the good points around it included
            assertThatThrownBy(() -> t.insert(List.of(point(2000, "a", 9.0), point(2000, huge, 9.0))))
                    .isInstanceOf(WriteBatch.WriteException.class);
            t.insert(point(1000, "c", 3.0));
            assertThat(t.seriesCount()).isEqualTo(2);
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.problems()).isEmpty();
            assertThat(db.repairs()).isEmpty();
            Table t = db.table("m");
            t.insert(point(3000, "new", 4.0));
            assertThat(rows(t)).isEqualTo(Map.of("a", List.of(1.0), "c", List.of(3.0), "new", List.of(4.0)));
            assertThat(t.seriesKey(2)).isEqualTo(SeriesKey.of("new"));
        }
    }

    @Test
    void theLargestKeysReadBackAfterReopen() throws Exception {
        Path dir = tmp.resolve("db");
        // one tag holding all of the key: "m" + ",host=" + value = 65536 bytes, in 2-byte characters
        String oneTag = "é".repeat((SeriesKeyLimit.MAX_BYTES - 1 - 6) / 2) + "x";
        // every tag column the table may have, only the last with a value (a record with 1,023 empty slots)
        TableSchema.Builder wide = TableSchema.builder("w").value("v", ColumnType.DOUBLE);
        for (int i = 0; i < TableSchema.MAX_TAG_COLUMNS; i++) {
            wide.tag(String.format("t%04d", i));
        }
        String lastOnly = "y".repeat(SeriesKeyLimit.MAX_BYTES - 1 - 2 - 5);
        // and every tag column with a value
        Map<String, String> all = new HashMap<>();
        int per = (SeriesKeyLimit.MAX_BYTES - 1) / TableSchema.MAX_TAG_COLUMNS - 2 - 5;
        int rest = SeriesKeyLimit.MAX_BYTES - 1 - TableSchema.MAX_TAG_COLUMNS * (2 + 5 + per);
        for (int i = 0; i < TableSchema.MAX_TAG_COLUMNS; i++) {
            all.put(String.format("t%04d", i), "z".repeat(per + (i == 0 ? rest : 0)));
        }
        try (Sundial db = Sundial.open(dir)) {
            Table t = table(db);
            Table w = db.createTable(wide.build(), TableOptions.DEFAULTS);
            t.insert(point(1000, oneTag, 1.0));
            w.insert(DataPoint.at(1000).tag("t1023", lastOnly).field("v", 2.0).build());
            w.insert(DataPoint.at(1000).tags(all).field("v", 3.0).build());
            // one byte more is refused, on the DataPoint, SeriesRef and line-protocol paths
            assertThatThrownBy(() -> t.insert(point(1000, oneTag + "x", 1.0))).hasMessageContaining("series key is 65537 bytes");
            assertThatThrownBy(() -> t.series(Map.of("host", oneTag + "x"))).hasMessageContaining("series key is 65537 bytes");
            assertThatThrownBy(() -> w.insert(DataPoint.at(1000).tag("t1023", lastOnly + "y").field("v", 2.0).build()))
                    .hasMessageContaining("series key is 65537 bytes, the limit is 65536 (tag t1023");
            WriteBatch b = db.newBatch();
            ParsedPoint p = lineProtocol("m,host=" + oneTag + "x v=1 1000\n");
            assertThatThrownBy(() -> b.add(p, 0)).isInstanceOf(WriteBatch.WriteException.class)
                    .hasMessageContaining("series key is 65537 bytes");
            assertThat(b.rows()).isZero();
            b.add(lineProtocol("m,host=" + oneTag + " v=5 2000\n"), 0).commit();
            db.flush();
        }
        try (Sundial db = Sundial.open(dir)) {
            assertThat(db.problems()).isEmpty();
            Table t = db.table("m");
            Table w = db.table("w");
            assertThat(t.seriesCount()).isEqualTo(1);
            assertThat(t.seriesKey(0)).isEqualTo(SeriesKey.of(oneTag));
            assertThat(rows(t)).isEqualTo(Map.of(oneTag, List.of(1.0, 5.0)));
            assertThat(w.seriesCount()).isEqualTo(2);
            assertThat(w.seriesKey(0).tag(TableSchema.MAX_TAG_COLUMNS - 1)).isEqualTo(lastOnly);
            List<DataPoint> back = w.query(0, Long.MAX_VALUE, TagFilter.all());
            assertThat(back).hasSize(2);
            assertThat(back.stream().filter(d -> d.tags().size() == TableSchema.MAX_TAG_COLUMNS).findFirst().orElseThrow().tags())
                    .isEqualTo(all);
        }
    }

    private static ParsedPoint lineProtocol(String line) throws Exception {
        ParsedPoint p = new ParsedPoint();
        try (LineProtocolReader r = new LineProtocolReader(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), Precision.NANOSECONDS)) {
            assertThat(r.next(p)).isTrue();
        }
        return p;
    }

    @Test
    void namesAreAtMost256BytesOfUtf8() throws Exception {
        String ok = "é".repeat(128); // 256 bytes
        String tooLong = "é".repeat(128) + "x"; // 257 bytes in 129 characters (accepted before, when characters were counted)
        assertThat(TableSchema.builder(ok).tag(ok + "").value("v" + ok.substring(1), ColumnType.DOUBLE).build().name()).isEqualTo(ok);
        assertThatThrownBy(() -> TableSchema.builder(tooLong).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("…': it is 257 bytes in UTF-8, the limit is 256");
        assertThatThrownBy(() -> TableSchema.builder("m").tag(tooLong).build()).hasMessageStartingWith("cannot use tag name '");
        assertThatThrownBy(() -> TableSchema.builder("m").value(tooLong, ColumnType.DOUBLE).build())
                .hasMessageStartingWith("cannot use column name '");
        try (Sundial db = Sundial.open(tmp.resolve("db"))) {
            Table t = table(db);
            // auto-created names on the write paths are errors of the point (WriteException), creating nothing
            assertThatThrownBy(() -> db.newBatch().add(tooLong, point(1, "a", 1.0))).isInstanceOf(WriteBatch.WriteException.class)
                    .hasMessageContaining("257 bytes");
            assertThatThrownBy(() -> t.insert(DataPoint.at(1).tag(tooLong, "a").field("v", 1.0).build()))
                    .isInstanceOf(WriteBatch.WriteException.class).hasMessageStartingWith("cannot use tag name");
            assertThatThrownBy(() -> t.insert(DataPoint.at(1).tag("host", "a").field(tooLong, 1.0).build()))
                    .isInstanceOf(WriteBatch.WriteException.class).hasMessageStartingWith("cannot use column name");
            assertThatThrownBy(() -> db.newBatch().add(lineProtocol("m,host=a " + tooLong + "=1 1\n"), 0))
                    .isInstanceOf(WriteBatch.WriteException.class);
            assertThatThrownBy(() -> db.newBatch().add(lineProtocol(tooLong + ",host=a v=1 1\n"), 0))
                    .isInstanceOf(WriteBatch.WriteException.class);
            assertThat(db.tables()).extracting(Table::name).containsExactly("m");
            assertThat(t.schema().tags()).containsExactly("host");
            assertThat(t.schema().valueCount()).isEqualTo(1);
            assertThat(t.seriesCount()).isZero();
        }
    }

    @Test
    void aTableHasAtMost1024TagColumns() throws Exception {
        TableSchema.Builder b = TableSchema.builder("w").value("v", ColumnType.DOUBLE);
        for (int i = 0; i < TableSchema.MAX_TAG_COLUMNS; i++) {
            b.tag("t" + i);
        }
        TableSchema full = b.build();
        assertThatThrownBy(() -> full.withTag("one_more")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot define table w: 1025 tag columns, the limit is 1024");
        try (Sundial db = Sundial.open(tmp.resolve("db"))) {
            Table w = db.createTable(full, TableOptions.DEFAULTS);
            assertThatThrownBy(() -> w.insert(DataPoint.at(1).tag("one_more", "x").field("v", 1.0).build()))
                    .isInstanceOf(WriteBatch.WriteException.class).hasMessage("cannot define table w: 1025 tag columns, the limit is 1024");
            assertThat(w.schema().tagCount()).isEqualTo(TableSchema.MAX_TAG_COLUMNS);
        }
    }
}
