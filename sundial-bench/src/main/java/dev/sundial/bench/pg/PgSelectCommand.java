package dev.sundial.bench.pg;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench pg-select}: issue 10's streaming figure. Starts {@code sundial serve} as its own
 * process, creates {@code wide} (a timestamp, one tag, 10 DOUBLE value columns), loads it with
 * {@code COPY wide FROM STDIN} (CSV, in statements of {@code --copy-rows} rows: each is one
 * atomic write and must stay under {@code limits.max_body_bytes}), then reads it whole with {@code
 * SELECT *} through pgjdbc with auto-commit off and fetch size 10,000 (a cursor: text format, as
 * pgjdbc reads a cursor by default), reading every column of every row, and with {@code COPY wide
 * TO STDOUT}. Reports rows/s of each, and the peak used heap of the server (its {@code /metrics})
 * and of this client (sampled), and the server's peak RSS, each measured from the start of the
 * reads: flat memory means these stay far below the size of the result.
 */
@Command(name = "pg-select", mixinStandardHelpOptions = true,
        description = "A 1 M-row SELECT * streamed to pgjdbc (fetch size 10,000) and COPY TO STDOUT: rows/s and peak memory of both sides.")
public final class PgSelectCommand implements Callable<Integer> {
    private static final int VALUES = 10;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the table (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--hosts", defaultValue = "100", description = "Series (tag values) the rows spread over (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--fetch-size", defaultValue = "10000", description = "pgjdbc fetch size (default: ${DEFAULT-VALUE}).")
    int fetchSize;

    @Option(names = "--runs", defaultValue = "3", description = "Times the SELECT is run; each is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--read", defaultValue = "all", description = "What the client reads of each row: all (every column, parsed) or"
            + " none (rows only: the transfer without pgjdbc's parsing; default: ${DEFAULT-VALUE}).")
    String read;

    @Option(names = "--binary", description = "Binary results (pgjdbc's prepareThreshold=-1), instead of the text format of a plain cursor.")
    boolean binary;

    @Option(names = "--copy-rows", defaultValue = "200000", description = "Rows per COPY FROM statement while loading (default: ${DEFAULT-VALUE}).")
    int copyRows;

    @Option(names = "--heap", defaultValue = "512m", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--server-opts", description = "More JVM options for the server, space-separated (e.g. -XX:StartFlightRecording=filename=/tmp/s.jfr).")
    String serverOpts;

    @Option(names = "--jar", description = "The runnable jar (default: sundial-cli/target/sundial.jar of the checkout).")
    Path jar;

    @Override
    public Integer call() throws Exception {
        try (ServerProcess server = ServerProcess.start(jar, heap, serverOpts)) {
            Properties p = new Properties();
            p.setProperty("user", "bench");
            if (binary) {
                p.setProperty("prepareThreshold", "-1"); // server-prepared from the first execution: binary results
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrl, p)) {
                load(c);
                server.gc();
                System.out.printf("server heap used after a full GC, before the reads: %,d MiB (the table's head and caches)%n",
                        server.heapUsedBytes() >> 20);
                server.rss.resetPeak();
                server.sampleHeap();
                for (int run = 1; run <= runs; run++) {
                    select(c, server, run);
                }
                copyOut(c, server);
                System.out.printf("server peak RSS since the reads began: %,d MiB (VmHWM, -Xmx%s)%n", server.rss.peakKib() / 1024, heap);
            }
            return 0;
        }
    }

    private void load(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE wide (timestamp TIMESTAMP, host VARCHAR TAG");
            for (int v = 0; v < VALUES; v++) {
                ddl.append(", v").append(v).append(" DOUBLE");
            }
            st.execute(ddl.append(')').toString());
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        long start = 1_704_067_200_000_000_000L; // 2024-01-01
        int perHost = (rows + hosts - 1) / hosts;
        StringBuilder b = new StringBuilder(1 << 17);
        long written = 0;
        CopyIn in = null;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        for (int i = 0; i < perHost && written < rows; i++) {
            for (int h = 0; h < hosts && written < rows; h++) {
                if (in == null) {
                    in = copy.copyIn("COPY wide FROM STDIN (FORMAT csv)");
                }
                long ts = start + i * 10_000_000_000L;
                b.append(java.time.Instant.ofEpochSecond(0, ts)).append(",host_").append(h);
                for (int v = 0; v < VALUES; v++) {
                    b.append(',').append(Math.round(rnd.nextDouble() * 10_000) / 100.0);
                }
                b.append('\n');
                written++;
                if (b.length() > (1 << 16)) {
                    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    b.setLength(0);
                }
                if (written % copyRows == 0) {
                    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    b.setLength(0);
                    in.endCopy();
                    in = null;
                }
            }
        }
        if (in != null) {
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("loaded %,d rows (%d series, %d DOUBLE columns) with COPY FROM STDIN in %.1f s: %,.0f rows/s"
                + " (client CSV generation included)%n", written, hosts, VALUES, s, written / s);
    }

    private void select(Connection c, ServerProcess server, int run) throws Exception {
        c.setAutoCommit(false);
        boolean all = read.equals("all");
        try (HeapSampler client = new HeapSampler(); Statement st = binary ? c.prepareStatement("SELECT * FROM wide") : c.createStatement()) {
            st.setFetchSize(fetchSize);
            long t0 = System.nanoTime();
            long n = 0;
            double sum = 0;
            try (ResultSet r = binary ? ((java.sql.PreparedStatement) st).executeQuery() : st.executeQuery("SELECT * FROM wide")) {
                int cols = r.getMetaData().getColumnCount();
                while (r.next()) {
                    n++;
                    if (!all) {
                        continue;
                    }
                    sum += r.getTimestamp(1).getNanos();
                    sum += r.getString(2).length();
                    for (int i = 3; i <= cols; i++) {
                        sum += r.getDouble(i);
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            c.commit();
            if (n != rows) {
                throw new IllegalStateException("BUG: SELECT * returned " + n + " rows, expected " + rows);
            }
            System.out.printf("SELECT * run %d: %,d rows × 12 columns in %.2f s: %,.0f rows/s (%s, fetch size %,d, client reads %s;"
                            + " checksum %.0f); peak heap used: server %,d MiB, client %,d MiB%n", run, n, s, n / s,
                    binary ? "binary" : "text", fetchSize, read, sum,
                    server.heapPeakBytes() >> 20, client.peakBytes() >> 20);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void copyOut(Connection c, ServerProcess server) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long[] bytes = new long[1];
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        try (HeapSampler client = new HeapSampler()) {
            long t0 = System.nanoTime();
            long n = copy.copyOut("COPY wide TO STDOUT (FORMAT csv)", counting);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("COPY TO STDOUT: %,d rows (%,d MiB of CSV) in %.2f s: %,.0f rows/s; peak heap used: server %,d MiB, client %,d MiB%n",
                    n, bytes[0] >> 20, s, n / s, server.heapPeakBytes() >> 20, client.peakBytes() >> 20);
        }
    }
}
