package dev.sundial.cli;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.DataDirectoryLock;
import dev.sundial.fs.Quarantine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sundial quarantine}: lists the files Sundial moved aside as damaged (and the bytes it cut
 * from WAL tails), and removes entries an operator has dealt with. {@code sundial check} reports
 * every damage entry (exit code 1) until it is removed here. Takes the directory lock, so it does
 * not run beside a process that has the database open.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"Lists the quarantine of a data directory (damaged files moved aside, bytes cut from WAL tails), or",
            "with --delete removes entries you have dealt with (restored, inspected, or accepted as lost).",
            "sundial check reports every damage entry (exit code 1) until it is removed."})
final class QuarantineCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sundial-data",
            description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--delete", description = "Delete the named entries (or all with --all), file and reason.")
    boolean delete;

    @Option(names = "--all", description = "With --delete: every entry.")
    boolean all;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Entry names, as listed.")
    List<String> names = List.of();

    @Override
    public Integer call() throws Exception {
        DataDirectoryLayout layout = new DataDirectoryLayout(dataDir);
        if (!delete && (all || !names.isEmpty())) {
            throw new IllegalArgumentException("cannot use entry names or --all without --delete");
        }
        if (delete && all == !names.isEmpty()) {
            throw new IllegalArgumentException("cannot delete quarantine entries: name them, or give --all");
        }
        DatabaseOptions.requireDatabase(dataDir); // the lock below would leave a file in a folder that is no database
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(layout.fs(), layout.lockFile())) {
            List<Quarantine.Entry> entries = Quarantine.list(layout.fs(), layout.quarantineDir());
            if (!delete) {
                for (Quarantine.Entry e : entries) {
                    System.out.println(e.name() + "\t" + e.kind().label + "\t" + e.original() + "\t" + e.reason());
                }
                System.out.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + " in " + layout.quarantineDir());
                return 0;
            }
            List<String> targets = all ? entries.stream().map(Quarantine.Entry::name).toList() : names;
            int missing = 0;
            for (String n : targets) {
                if (Quarantine.remove(layout.fs(), layout.quarantineDir(), n)) {
                    System.out.println("deleted " + n);
                } else {
                    System.err.println("sundial: no quarantine entry named " + n);
                    missing++;
                }
            }
            return missing == 0 ? 0 : 1;
        }
    }
}
