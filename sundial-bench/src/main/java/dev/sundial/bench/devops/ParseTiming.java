package dev.sundial.bench.devops;

import dev.sundial.ingest.LineProtocolException;
import dev.sundial.ingest.LineProtocolReader;
import dev.sundial.ingest.ParsedPoint;
import dev.sundial.ingest.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Times {@link LineProtocolReader} over a line-protocol file on one thread, several rounds, printing
 * wall time and this thread's CPU time (the CPU figure is the one to compare on a shared machine).
 * Usage: {@code java -cp sundial-bench/target/sundial-bench.jar dev.sundial.bench.devops.ParseTiming
 * FILE [ROUNDS]}; a {@code .gz} file is decompressed on the fly (and its inflating is timed too).
 */
public final class ParseTiming {
    private ParseTiming() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ParseTiming FILE [ROUNDS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            long lines = 0;
            long points = 0;
            long bad = 0;
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                 LineProtocolReader r = new LineProtocolReader(in, Precision.NANOSECONDS)) {
                ParsedPoint p = new ParsedPoint();
                while (true) {
                    try {
                        if (!r.next(p)) {
                            break;
                        }
                    } catch (LineProtocolException e) {
                        bad++;
                        continue;
                    }
                    lines++;
                    points += p.fieldCount();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf("round %d: %,d lines, %,d points, %d bad, wall %.2f s, cpu %.2f s -> %,.0f lines/s, %,.0f points/s"
                    + " per cpu-second (%,.0f points/s wall)%n", round, lines, points, bad, wall, cpu, lines / cpu,
                    points / cpu, points / wall);
        }
    }
}
