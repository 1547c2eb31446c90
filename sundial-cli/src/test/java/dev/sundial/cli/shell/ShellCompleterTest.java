package dev.sundial.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.Sundial;
import dev.sundial.sql.parser.SqlParser;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tab completion against a real database: keywords, tables, columns. */
class ShellCompleterTest {
    @TempDir
    Path tmp;

    Sundial db;
    Terminal terminal;
    LineReader reader;
    SqlCompleter completer;
    final SqlLineParser parser = new SqlLineParser();

    @BeforeEach
    void open() throws Exception {
        db = Sundial.open(tmp);
        db.createTable(TableSchema.builder("cpu").tag("host").value("usage_user", ColumnType.DOUBLE).value("usage_idle", ColumnType.DOUBLE)
                .build(), TableOptions.DEFAULTS);
        db.createTable(TableSchema.builder("disk").tag("host").value("used", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
        db.createTable(TableSchema.builder("Weird Name").value("v", ColumnType.DOUBLE).build(), TableOptions.DEFAULTS);
        terminal = new DumbTerminal("test", "dumb", new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                StandardCharsets.UTF_8);
        completer = new SqlCompleter(db, List.of("SELECT", "SET", "SHOW", "FROM", "WHERE", "update"));
        reader = LineReaderBuilder.builder().terminal(terminal).parser(parser).completer(completer).build();
    }

    @AfterEach
    void close() throws Exception {
        terminal.close();
        db.close();
    }

    private List<String> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(reader, parser.parse(line, line.length()), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void keywordsInTheCaseTyped() {
        assertThat(complete("SE")).containsExactlyInAnyOrder("SELECT", "SET");
        assertThat(complete("se")).containsExactlyInAnyOrder("select", "set");
        assertThat(complete("SELECT 1; UP")).containsExactly("UPDATE");
    }

    @Test
    void theParsersKeywordsAreOffered() {
        SqlCompleter withParserKeywords = new SqlCompleter(db, SqlParser.keywords());
        List<Candidate> candidates = new ArrayList<>();
        withParserKeywords.complete(reader, parser.parse("CREATE TIMESE", 13), candidates);
        assertThat(candidates).extracting(Candidate::value).containsExactly("TIMESERIES");
        candidates.clear();
        withParserKeywords.complete(reader, parser.parse("sel", 3), candidates);
        assertThat(candidates).extracting(Candidate::value).contains("select");
    }

    @Test
    void tableNamesQuotedWhenNeeded() {
        assertThat(complete("SELECT * FROM c")).containsExactly("cpu");
        assertThat(complete("SELECT * FROM w")).containsExactlyInAnyOrder("where", "\"Weird Name\"");
        assertThat(complete("\\d d")).containsExactly("disk");
        assertThat(complete("\\d ")).containsExactlyInAnyOrder("cpu", "disk", "\"Weird Name\"");
    }

    @Test
    void columnsOfTheTablesNamedOrOfAll() {
        assertThat(complete("SELECT max(usage_")).containsExactlyInAnyOrder("usage_user", "usage_idle");
        assertThat(complete("SELECT u")).containsExactlyInAnyOrder("update", "usage_user", "usage_idle", "used");
        assertThat(complete("SELECT host, u FROM disk")).containsExactly("disk"); // the cursor is at the end
        assertThat(completeAt("SELECT host, u FROM disk", "SELECT host, u".length())).containsExactlyInAnyOrder("update", "used");
    }

    @Test
    void newTablesAreOfferedWithoutRestart() throws Exception {
        assertThat(complete("SELECT * FROM me")).isEmpty();
        db.createTable(TableSchema.builder("mem").value("free", ColumnType.BIGINT).build(), TableOptions.DEFAULTS);
        assertThat(complete("SELECT * FROM me")).containsExactly("mem");
    }

    @Test
    void incompleteInputIsNotAccepted() {
        assertThat(SqlLineParser.isComplete("SELECT 1")).isFalse();
        assertThat(SqlLineParser.isComplete("SELECT 1;")).isTrue();
        assertThat(SqlLineParser.isComplete("SELECT ';\n")).isFalse();
        assertThat(SqlLineParser.isComplete("\\dt")).isTrue();
        assertThat(SqlLineParser.isComplete("SELECT 1;\n\\x\nSELECT 2")).isFalse();
        assertThat(SqlLineParser.isComplete("  ")).isTrue();
        assertThat(SqlLineParser.isComplete("SELECT 1; \\dt")).isTrue();
        assertThat(SqlLineParser.isComplete("SELECT 1 \\dt")).isFalse();
    }

    private List<String> completeAt(String line, int cursor) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(reader, parser.parse(line, cursor), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }
}
