package dev.sundial.cli;

import dev.sundial.Sundial;
import dev.sundial.WriteBatch;
import dev.sundial.ingest.EpochUnitCheck;
import dev.sundial.ingest.IngestException;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sundial import FILE…}: loads line protocol or CSV (optionally gzip-compressed) into the
 * data directory. Tables and columns are created on first sight (DESIGN §2). Parsing runs on this
 * thread while a second thread commits the previous batch, so both cores work.
 *
 * <p>Memory is bounded whatever the input: a line longer than {@code --max-line-bytes} is a bad
 * line (skipped after buffering only that much), and a batch ends at {@code --batch-rows} rows,
 * {@value #MAX_BATCH_TEXT_BYTES} bytes of text or {@value #MAX_BATCH_TABLES} tables, whichever
 * comes first; {@link ImportPipeline} holds at most {@value ImportPipeline#BATCHES} batches.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports InfluxDB line protocol or CSV files (.gz too) with a progress bar and a final rows/s figure.",
            "By default the import stops at the first bad line, before anything of that line's batch is written;",
            "with --skip-bad such lines are named on stderr as FILE:LINE: reason, counted and skipped."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import; '-' reads standard input (line protocol).")
    List<String> files;

    @Option(names = "--format", defaultValue = "auto", description = "lp, csv or auto (by file name: .csv/.csv.gz are CSV, others line protocol).")
    String format;

    @Option(names = "--precision", defaultValue = "ns", description = "Unit of integer timestamps: ns, us, ms, s (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--no-precision-check",
            description = "Accept epoch numbers that --precision puts before 1971 or after 2200 although another unit would put them"
                    + " in 1990-2100 (by default that stops the import, naming the likely unit).")
    boolean noPrecisionCheck;

    @Option(names = "--skip-bad", description = "Skip malformed lines (reported on stderr) instead of stopping.")
    boolean skipBad;

    @Option(names = "--table", description = "CSV: table name (default: the file name without extension).")
    String table;

    @Option(names = "--tags", split = ",", description = "CSV: columns that are tags (or annotate the header as name:tag).")
    List<String> tags;

    @Option(names = "--timestamp-column", description = "CSV: the timestamp column (default: 'timestamp' or 'time').")
    String timestampColumn;

    @Option(names = "--batch-rows", defaultValue = "50000", description = "Rows per atomic write batch (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--max-line-bytes", defaultValue = "" + LineProtocolReader.DEFAULT_MAX_ENTRY_BYTES,
            description = "Longest line (CSV: record) accepted, in bytes; a longer one is a bad line (default: ${DEFAULT-VALUE}, 4 MiB).")
    int maxLineBytes;

    /**
     * A batch ends after this much text: with {@value ImportPipeline#BATCHES} batches in flight and
     * their WAL records, a few tens of MiB of heap whatever the lines hold (the strings of long lines
     * included). Batches of typical metrics stay large enough to amortize a commit: the devops file
     * (864,000 lines of 364 bytes) makes batches of about 23,000 rows instead of 50,000, and imports
     * as fast (median of 5 alternating whole-process runs: 4.14 s instead of 4.18 s;
     * {@code ./bench generate-devops --hosts 100 --duration 1d --decimals 2}, then {@code import}).
     */
    static final long MAX_BATCH_TEXT_BYTES = 8L << 20;
    /**
     * A batch ends when it has written this many tables: each costs a rows section of its own in
     * the WAL record (tens of KiB, however few its rows), so a file of thousands of measurements
     * would otherwise grow a batch by that much per measurement.
     */
    static final int MAX_BATCH_TABLES = 64;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when stderr is a terminal).")
    Boolean progress;

    /** {@link #precision}, parsed. */
    private Precision unit = Precision.NANOSECONDS;

    @Override
    public Integer call() throws Exception {
        Precision p = Precision.parse(precision);
        unit = p;
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("cannot import: --max-line-bytes must be at least 16, got " + maxLineBytes);
        }
        PrintStream err = System.err;
        long totalBytes = 0;
        for (String f : files) {
            if (!f.equals("-")) {
                Path path = Path.of(f);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("cannot import " + f + ": no such file");
                }
                totalBytes += Files.size(path);
            }
        }
        boolean showProgress = progress != null ? progress : System.console() != null;
        long start = System.nanoTime();
        ImportPipeline.Result total = new ImportPipeline.Result();
        List<String> warnings = new java.util.ArrayList<>();
        try (Sundial s = db.openCreating();
             ImportProgress bar = new ImportProgress(showProgress, totalBytes, err);
             ImportPipeline pipeline = new ImportPipeline(s, batchRows)) {
            long doneBytes = 0;
            for (String f : files) {
                try (PointSource src = PointSource.open(f, format, p, table, tags, timestampColumn, maxLineBytes)) {
                    long base = doneBytes;
                    long rowsBefore = total.rows;
                    long replacedBefore = 0;
                    if (src.csv()) {
                        pipeline.awaitCommitted(); // so that the file's own replaced rows can be told apart
                        replacedBefore = pipeline.replaced();
                    }
                    boolean ok = importFile(f, src, pipeline, total, err, () -> bar.update(base + src.bytesRead(), total.points));
                    if (ok && src.csv() && (tags == null || tags.isEmpty()) && !fileHadTags && fileTimestampsRepeat) {
                        pipeline.awaitCommitted();
                        long replacedHere = pipeline.replaced() - replacedBefore;
                        if (replacedHere > 0) { // printed after the progress bar is gone
                            warnings.add(collapsed(f, total.rows - rowsBefore, replacedHere));
                        }
                    }
                    doneBytes += src.bytesRead();
                    bar.update(doneBytes, total.points);
                    if (!ok) {
                        pipeline.finish();
                        bar.close();
                        total.replaced = pipeline.replaced();
                        warnings.forEach(err::println);
                        report(err, total, start, false);
                        return 1;
                    }
                }
            }
            pipeline.finish();
            total.replaced = pipeline.replaced();
            bar.update(totalBytes, total.points);
        }
        warnings.forEach(err::println);
        report(err, total, start, true);
        return 0;
    }

    boolean importFile(String name, PointSource src, ImportPipeline pipeline, ImportPipeline.Result total, PrintStream err,
                               Runnable tick) throws IOException {
        ParsedPoint point = new ParsedPoint();
        WriteBatch batch = pipeline.batch();
        boolean tagged = false;
        boolean repeats = false;
        long previousTs = Long.MIN_VALUE;
        long now = System.currentTimeMillis() * 1_000_000L;
        int sinceTick = 0;
        long batchTextStart = src.textBytes();
        while (true) {
            try {
                if (!src.next(point)) {
                    break;
                }
                if (point.hasTimestamp() && !point.timestampFromText() && !noPrecisionCheck) {
                    checkUnit(name, point);
                }
                tagged |= point.tagCount() > 0;
                long ts = point.timestampNanos();
                repeats |= ts <= previousTs;
                previousTs = ts;
                batch.add(point, now);
            } catch (IngestException e) {
                if (!bad(name, e.line(), e.column(), e.reason(), total, err)) {
                    batch.clear();
                    return false;
                }
                continue;
            } catch (WriteBatch.WriteException e) {
                if (!bad(name, point.lineNumber(), 0, e.getMessage(), total, err)) {
                    batch.clear();
                    return false;
                }
                continue;
            }
            if (batch.rows() >= batchRows || batch.tables() >= MAX_BATCH_TABLES
                    || src.textBytes() - batchTextStart >= MAX_BATCH_TEXT_BYTES) {
                total.rows += batch.rows();
                total.points += batch.points();
                batch = pipeline.submit(batch);
                batchTextStart = src.textBytes();
            }
            if (++sinceTick == 4096) {
                sinceTick = 0;
                tick.run();
            }
        }
        total.rows += batch.rows();
        total.points += batch.points();
        pipeline.submit(batch);
        fileHadTags = tagged;
        fileTimestampsRepeat = repeats;
        return true;
    }

    /** Whether a row of the last file {@link #importFile} read had a tag. */
    private boolean fileHadTags;
    /** Whether a timestamp of the last file was not after the one of the row before it. */
    private boolean fileTimestampsRepeat;

    /**
     * The warning, once per file, when rows of a CSV file without tag columns replaced rows: every row of such a file
     * is in one series, so rows of several devices at one timestamp overwrite each other. Said only
     * when the file's own timestamps repeat or go back (re-importing a file of one series replaces
     * its rows too, rightly and without a warning).
     */
    private static String collapsed(String file, long rows, long replaced) {
        return String.format("sundial: warning: %,d of %,d rows of %s replaced a row with the same timestamp: no tag column was named,"
                + " so all rows are one series; if some column identifies the series, pass --tags COL[,COL...]", replaced, rows, file);
    }

    /**
     * Stops the import at an epoch number that the precision misreads ({@link EpochUnitCheck}): a
     * mistake of the whole file, not of a line, so {@code --skip-bad} does not skip it. It is met on
     * the first line of a file with one unit, before anything of the file is written.
     */
    private void checkUnit(String name, ParsedPoint point) {
        Precision likely = EpochUnitCheck.likelyUnit(point.timestampNanos(), unit);
        if (likely != null) {
            throw new IllegalArgumentException("cannot import " + name + " line " + point.lineNumber() + ": "
                    + EpochUnitCheck.describe(point.timestampNanos(), unit, likely) + " (or --no-precision-check if they are right)");
        }
    }

    /** Reports a bad line; returns whether to go on. */
    private boolean bad(String file, long line, int column, String reason, ImportPipeline.Result total, PrintStream err) {
        total.skipped++;
        if (skipBad) {
            err.println(file + ":" + line + ": " + reason);
            return true;
        }
        err.println("sundial: cannot import " + file + ":" + line + (column > 0 ? ":" + column : "") + ": " + reason);
        err.println("sundial: stopped; nothing of the batch holding that line was written (use --skip-bad to skip bad lines)");
        return false;
    }

    private static void report(PrintStream err, ImportPipeline.Result r, long start, boolean complete) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        // "imported 4 rows: 2 new, 2 replaced (…)" once a row replaced another (writes are upserts)
        String replaced = r.replaced > 0 ? String.format(": %,d new, %,d replaced", r.rows - r.replaced, r.replaced) : "";
        err.printf("%s %,d rows%s (%,d points) in %.2f s: %,.0f rows/s, %,.0f points/s%s%n", complete ? "imported" : "imported before stopping:",
                r.rows, replaced, r.points, secs, r.rows / secs, r.points / secs,
                r.skipped > 0 ? String.format(", %,d bad line(s) %s", r.skipped, complete ? "skipped" : "") : "");
    }
}
