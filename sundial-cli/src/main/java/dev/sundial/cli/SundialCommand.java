package dev.sundial.cli;

import dev.sundial.QueryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code sundial} command: entry point of the runnable jar. Errors reach the user as one line
 * ({@code sundial: <message>}); {@code --verbose} adds the stack trace.
 */
@Command(name = "sundial", mixinStandardHelpOptions = true, version = "sundial 0.1.0",
        description = "Sundial time-series database.",
        subcommands = {DemoCommand.class, ServeCommand.class, SqlCommand.class, ShellCommand.class, ImportCommand.class, ExportCommand.class, StatsCommand.class, CheckCommand.class, QuarantineCommand.class,
            MaintainCommand.class, TokenCommand.class, UserCommand.class,
            CommandLine.HelpCommand.class})
public final class SundialCommand implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and the launcher). */
    public static int run(String... args) {
        SundialCommand root = new SundialCommand();
        CommandLine cl = new CommandLine(root);
        cl.setExecutionStrategy(parsed -> {
            EngineLog.install(root.verbose || System.getenv("SUNDIAL_VERBOSE") != null);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // SQL errors come with the statement line and a caret under the spot
            String msg = ex instanceof QueryException q ? q.describe()
                    : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("sundial: " + msg);
            if (root.verbose || System.getenv("SUNDIAL_VERBOSE") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
