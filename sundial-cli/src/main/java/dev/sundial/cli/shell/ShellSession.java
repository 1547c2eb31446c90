package dev.sundial.cli.shell;

import dev.sundial.QueryException;
import dev.sundial.Sundial;
import dev.sundial.cli.sql.AlignedPrinter;
import dev.sundial.cli.sql.ExpandedPrinter;
import dev.sundial.cli.sql.StatementRunner;
import dev.sundial.sql.output.StatementSplitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The state of one {@code sundial shell}: the statement being typed, the display settings ({@code
 * \timing}, {@code \x}), and whether any statement failed. Input arrives line by line, from JLine
 * or from a pipe: statements run when their {@code ;} arrives (several on one line run in order);
 * a line that starts with a backslash, outside a statement, is a shell command (see {@link
 * #HELP}). Errors are printed ({@code ERROR: } and, for SQL errors, the statement line with a caret
 * under the spot) and the session goes on. Not thread-safe.
 */
public final class ShellSession {
    static final String HELP = """
            General
              \\q                quit (Ctrl-D too)
              \\? or \\help       this help
            Informational
              \\dt               list tables (SHOW TABLES)
              \\d [NAME]         describe table NAME, exactly as \\dt lists it (without NAME: list tables)
            Formatting
              \\x [on|off]       toggle expanded display (one line per column)
              \\timing [on|off]  toggle printing the time each statement takes
            SQL statements end with ';' and may span lines; Ctrl-C drops the statement being typed.
            Tab completes SQL keywords, table and column names.
            """;

    private final StatementRunner runner;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;
    private final AlignedPrinter aligned = new AlignedPrinter(AlignedPrinter.WIDTH_SAMPLE_ROWS);
    private final ExpandedPrinter expandedPrinter = new ExpandedPrinter(AlignedPrinter.WIDTH_SAMPLE_ROWS);
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean cancelRequested;
    private boolean timing;
    private boolean expanded;
    private boolean failed;

    public ShellSession(Sundial db, PrintWriter out, PrintWriter err, boolean verbose) {
        this.runner = new StatementRunner(db, List.of(), () -> cancelRequested);
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    /** Feeds one line of input (without its line end); returns false when the user quit ({@code \q}). */
    public boolean acceptLine(String line) {
        if (pending.isEmpty() && line.strip().startsWith("\\")) {
            return command(line.strip());
        }
        pending.append(line).append('\n');
        StatementSplitter.Split split = StatementSplitter.split(pending.toString());
        pending.setLength(0);
        String rest = split.rest();
        for (String statement : split.statements()) {
            execute(statement);
        }
        out.flush();
        if (!split.statements().isEmpty() && rest.strip().startsWith("\\")) {
            return command(rest.strip()); // "SHOW TABLES; \d t" on one line, as psql takes it
        }
        pending.append(rest);
        return true;
    }

    /** True while a statement has been started but not ended with {@code ;}. */
    public boolean hasPendingInput() {
        return !pending.isEmpty();
    }

    /** Drops the statement being typed (Ctrl-C). */
    public void cancelInput() {
        pending.setLength(0);
    }

    /** End of piped input: a last statement without {@code ;} runs, as at the end of a psql script. */
    public void finishInput() {
        if (hasPendingInput()) {
            String last = pending.toString().strip();
            pending.setLength(0);
            execute(last);
            out.flush();
        }
    }

    /**
     * Stops the statement now running at its next row (Ctrl-C while it runs); callable from any
     * thread, e.g. a signal handler. No effect when nothing runs.
     */
    public void cancelRunning() {
        cancelRequested = true;
    }

    /** True when a statement or command failed in this session. */
    public boolean failed() {
        return failed;
    }

    private void execute(String sql) {
        long start = System.nanoTime();
        cancelRequested = false; // a Ctrl-C before this statement began is not meant for it
        try {
            long rows = runner.run(sql, expanded ? expandedPrinter : aligned, out);
            if (rows >= 0) {
                out.println(); // psql leaves a blank line after rows
            }
            if (timing) {
                out.printf(Locale.ROOT, "Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
            }
        } catch (QueryException e) {
            error(e.describe(), e);
        } catch (IOException | RuntimeException e) {
            error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private void error(String message, Exception e) {
        failed = true;
        out.flush();
        err.println("ERROR: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** Runs a backslash command; false for {@code \q}. */
    private boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        String name = parts[0];
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (name) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\?", "\\help" -> out.print(HELP);
            case "\\timing" -> {
                Boolean on = toggle(name, arg, timing);
                if (on != null) {
                    timing = on;
                    out.println("Timing is " + (on ? "on." : "off."));
                }
            }
            case "\\x" -> {
                Boolean on = toggle(name, arg, expanded);
                if (on != null) {
                    expanded = on;
                    out.println("Expanded display is " + (on ? "on." : "off."));
                }
            }
            case "\\dt" -> execute("SHOW TABLES");
            case "\\d" -> execute(arg.isEmpty() ? "SHOW TABLES" : "DESCRIBE " + quotedName(arg));
            default -> {
                failed = true;
                out.flush();
                err.println("invalid command " + name);
                err.println("Try \\? for help.");
                err.flush();
            }
        }
        out.flush();
        return true;
    }

    /** The new setting: flipped without an argument, else on/off; null (after an error) otherwise. */
    private Boolean toggle(String name, String arg, boolean current) {
        switch (arg.toLowerCase(Locale.ROOT)) {
            case "" -> {
                return !current;
            }
            case "on" -> {
                return true;
            }
            case "off" -> {
                return false;
            }
            default -> {
                failed = true;
                out.flush();
                err.println("ERROR: cannot set " + name + " to '" + arg + "': expected on or off");
                err.flush();
                return null;
            }
        }
    }

    /** A table name as \dt lists it, quoted so that case and odd characters survive; kept when the user quoted it. */
    static String quotedName(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
