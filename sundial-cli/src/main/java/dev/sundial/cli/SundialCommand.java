package dev.sundial.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sundial} command: entry point of the runnable jar. */
@Command(name = "sundial", mixinStandardHelpOptions = true, version = "sundial 0.1.0",
        description = "Sundial time-series database.")
public final class SundialCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new SundialCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
