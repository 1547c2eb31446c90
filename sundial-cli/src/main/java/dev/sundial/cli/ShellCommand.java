package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.cli.shell.InteractiveShell;
import dev.sundial.cli.shell.ShellSession;
import dev.sundial.sql.parser.SqlParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sundial shell}: an interactive SQL shell on a terminal ({@link InteractiveShell}); with
 * standard input from a pipe or a file it reads statements and backslash commands from there,
 * without prompts, and exits with 1 when any of them failed.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive SQL shell: statements end with ';' and may span lines; \\? lists the backslash commands",
            "(\\dt, \\d NAME, \\x, \\timing, \\q). Tab completes keywords, tables and columns. Ctrl-C drops the input, Ctrl-D quits.",
            "With standard input from a pipe it runs what it reads, without prompts."})
final class ShellCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @ParentCommand
    SundialCommand root;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default: ~/.sundial_history).")
    Path history;

    @Option(names = "--no-history", description = "Keep no history file.")
    boolean noHistory;

    @Option(names = "--create", description = "Create the database when the data directory holds none (a script that begins with CREATE TABLE);"
            + " without it a directory without a database is refused.")
    boolean create;

    @Override
    public Integer call() throws Exception {
        boolean verbose = root != null && root.verbose;
        try (Sundial s = create ? db.openCreating() : db.open()) {
            if (!StandardInput.isTerminal()) {
                return piped(s, verbose);
            }
            Path file = noHistory ? null : history != null ? history : Path.of(System.getProperty("user.home"), ".sundial_history");
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                return new InteractiveShell(s, terminal, file, SqlParser.keywords(), verbose).run();
            }
        }
    }

    private static int piped(Sundial s, boolean verbose) throws java.io.IOException {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
        ShellSession session = new ShellSession(s, out, err, verbose);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean quit = false;
        for (String line = in.readLine(); line != null && !quit; line = in.readLine()) {
            quit = !session.acceptLine(line);
        }
        if (!quit) {
            session.finishInput();
        }
        out.flush();
        err.flush();
        return session.failed() ? 1 : 0;
    }
}
