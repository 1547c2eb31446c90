package dev.sundial.cli.shell;

import dev.sundial.Sundial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The shell on a terminal, through JLine: prompt {@code sundial=> }, continuation prompt {@code
 * sundial-> } while a statement lacks its {@code ;} (see {@link SqlLineParser}), line editing,
 * history (kept in a file when one is given, one entry per statement), Tab completion ({@link
 * SqlCompleter}). Ctrl-C drops the input being typed, or stops the statement running at its next
 * row; Ctrl-D on an empty line (or the end of the terminal's input) quits. Not thread-safe; the caller owns and closes the terminal.
 */
public final class InteractiveShell {
    public static final String PROMPT = "sundial=> ";
    public static final String CONTINUATION_PROMPT = "sundial-> ";

    private final LineReader reader;
    private final ShellSession session;

    /** {@code history}: file to load and append to, or null to keep history in memory only. */
    public InteractiveShell(Sundial db, Terminal terminal, Path history, Collection<String> keywords, boolean verbose) {
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sundial")
                .parser(new SqlLineParser())
                .completer(new SqlCompleter(db, keywords))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                // '!' is SQL ('!=', '!~'), not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = b.build();
        this.session = new ShellSession(db, terminal.writer(), terminal.writer(), verbose);
    }

    /** Reads and runs input until {@code \q} or Ctrl-D; returns 0, or 1 when a statement failed. */
    public int run() throws IOException {
        Terminal terminal = reader.getTerminal();
        terminal.writer().println("sundial shell: type \\? for help, \\q to quit.");
        terminal.flush();
        // Ctrl-C while a statement runs stops it (while a line is read, JLine handles it: UserInterruptException)
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> session.cancelRunning());
        try {
            while (true) {
                String input;
                try {
                    input = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    session.cancelInput();
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!accept(input)) {
                    break;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            reader.getHistory().save();
        }
        return session.failed() ? 1 : 0;
    }

    private boolean accept(String input) {
        for (String line : input.split("\r?\n", -1)) {
            if (!session.acceptLine(line)) {
                return false;
            }
        }
        return true; // SqlLineParser accepted the input, so no statement is left unfinished
    }
}
