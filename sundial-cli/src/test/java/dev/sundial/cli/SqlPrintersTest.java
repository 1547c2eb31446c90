package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.DataPoint;
import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.cli.sql.AlignedPrinter;
import dev.sundial.cli.sql.ExpandedPrinter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aligned and expanded printers on real results, including rows beyond the width sample. */
class SqlPrintersTest {
    @TempDir
    Path tmp;

    @Test
    void rowsAfterTheWidthSampleStreamUntruncated() throws Exception {
        SqlFixture.create(tmp);
        try (Sundial db = Sundial.open(tmp); QueryResult r = db.sql("SELECT note, count FROM m WHERE host = 'a'")) {
            StringWriter out = new StringWriter();
            long rows = new AlignedPrinter(1).print(r, out);
            assertThat(rows).isEqualTo(3);
            // widths come from the header and the first row only; the wider note of row 2 is not cut
            assertThat(out.toString()).isEqualTo(String.join("\n",
                    " note | count",
                    "------+-------",
                    " x    |    10",
                    " a,\"b\" | ", // an empty last cell gets no trailing blanks
                    "      |    -3",
                    "(3 rows)", ""));
        }
    }

    @Test
    void expandedDisplayShowsOneLinePerColumn() throws Exception {
        SqlFixture.create(tmp);
        try (Sundial db = Sundial.open(tmp); QueryResult r = db.sql("SELECT host, usage, count FROM m WHERE host = 'b'")) {
            StringWriter out = new StringWriter();
            assertThat(new ExpandedPrinter(10).print(r, out)).isEqualTo(1);
            assertThat(out.toString()).isEqualTo("""
                    -[ RECORD 1 ]
                    host  | b
                    usage | 0.25
                    count |
                    """);
        }
        try (Sundial db = Sundial.open(tmp); QueryResult r = db.sql("SELECT note FROM m WHERE host = 'nobody'")) {
            StringWriter out = new StringWriter();
            new ExpandedPrinter(10).print(r, out);
            assertThat(out.toString()).isEqualTo("(0 rows)\n");
        }
    }

    @Test
    void controlCharactersAreEscapedInAlignedOutput() throws Exception {
        SqlFixture.create(tmp);
        try (Sundial db = Sundial.open(tmp)) {
            db.table("m").insert(DataPoint.at(SqlFixture.T0).tag("host", "c").field("note", "two\nlines").build());
            try (QueryResult r = db.sql("SELECT note FROM m WHERE host = 'c'")) {
                StringWriter out = new StringWriter();
                new AlignedPrinter(100).print(r, out);
                assertThat(out.toString()).isEqualTo("    note\n------------\n two\\nlines\n(1 row)\n");
            }
        }
    }
}
