package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.index.TagFilter;
import dev.sundial.segment.SegmentInfo;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The after-flush hook of {@link FlushCoordinator}: told of each table's published segments; a failing listener keeps the WAL. */
class AfterFlushHookTest {
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path dir;

    private static Table table(Sundial db) throws IOException {
        return db.createTableIfNotExists(TableSchema.builder("m").tag("h").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
    }

    @Test
    void listenersSeeEachFlushedTablesSegments() throws IOException {
        SundialOptions o = SundialOptions.defaults().withFlushIntervalMillis(0);
        try (Sundial db = Sundial.open(dir, o)) {
            List<String> seen = new ArrayList<>();
            db.flushes().addAfterFlush((t, segs) -> {
                long rows = 0;
                for (SegmentInfo s : segs) {
                    rows += s.rows();
                }
                seen.add(t.definition().name() + ":" + rows);
            });
            Table t = table(db);
            for (int i = 0; i < 10; i++) {
                t.insert(DataPoint.at(i * SEC).tag("h", "a").field("v", (double) i).build());
            }
            db.flush();
            db.flush(); // nothing new: no call
            assertThat(seen).containsExactly("m:10");
        }
    }

    @Test
    void aFailingListenerFailsTheFlushAndTheWalKeepsTheRows() throws IOException {
        SundialOptions o = SundialOptions.defaults().withFlushIntervalMillis(0).withWalSegmentBytes(4096);
        Sundial db = Sundial.open(dir, o);
        db.flushes().addAfterFlush((t, segs) -> {
            throw new IOException("cannot build rollup: test");
        });
        Table t = table(db);
        for (int i = 0; i < 500; i++) {
            t.insert(DataPoint.at(i * SEC).tag("h", "a").field("v", (double) i).build());
        }
        assertThatThrownBy(db::flush).hasMessageContaining("cannot build rollup");
        db.closeWithoutFlushForTesting();
        try (Sundial again = Sundial.open(dir, o)) {
            assertThat(again.problems()).isEmpty();
            assertThat(again.table("m").query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all())).hasSize(500);
        }
    }
}
