package dev.sundial.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shell session driven line by line: cancelling a running statement. */
class ShellSessionTest {
    @TempDir
    Path tmp;

    @Test
    void cancelStopsTheRunningStatementAtItsNextRowAndTheSessionGoesOn() throws Exception {
        try (Sundial db = Sundial.open(tmp)) {
            Table t = db.createTable(TableSchema.builder("t").value("v", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
            List<DataPoint> points = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                points.add(DataPoint.at(1_704_067_200_000_000_000L + i * 1_000_000_000L).field("v", (long) i).build());
            }
            t.insert(points);
            StringWriter screen = new StringWriter();
            ShellSession[] session = new ShellSession[1];
            // the user presses Ctrl-C as soon as output appears (after the 1,000-row width sample)
            Writer cancelling = new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    session[0].cancelRunning();
                    screen.write(buf, off, len);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            StringWriter err = new StringWriter();
            session[0] = new ShellSession(db, new PrintWriter(cancelling), new PrintWriter(err), false);
            assertThat(session[0].acceptLine("SELECT v FROM t;")).isTrue();
            assertThat(err.toString()).isEqualTo("ERROR: canceling statement due to user request\n");
            assertThat(screen.toString()).contains("\n 999\n").doesNotContain("\n 1000\n").doesNotContain("rows)");
            session[0].acceptLine("SELECT count(*) AS n FROM t;");
            assertThat(screen.toString()).endsWith(" 5000\n(1 row)\n\n"); // a new statement is not cancelled by the old Ctrl-C
            assertThat(session[0].failed()).isTrue();
        }
    }
}
