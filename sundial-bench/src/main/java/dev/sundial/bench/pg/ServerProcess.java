package dev.sundial.bench.pg;

import dev.sundial.bench.http.RssSampler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sundial serve} as its own process for the pgwire benchmarks: the runnable jar on a fresh
 * data directory with free HTTP and PostgreSQL ports (read from its "serving … at http://… and
 * postgresql://host:port" line), its peak RSS sampled, and on {@link #close()} stopped and its
 * directory deleted. A process of its own so that the server's memory is measured apart from the
 * client's. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("at (http://\\S+) and postgresql://([^:\\s]+):(\\d+)");

    private final Process process;
    private final Path data;
    final RssSampler rss;
    final String httpBase;
    final String jdbcUrl;
    final String heap;

    private ServerProcess(Process process, Path data, String httpBase, String jdbcUrl, String heap) {
        this.process = process;
        this.data = data;
        this.httpBase = httpBase;
        this.jdbcUrl = jdbcUrl;
        this.heap = heap;
        this.rss = new RssSampler(process.pid());
        rss.start();
    }

    /** Starts the server; {@code jar} null means {@code sundial-cli/target/sundial.jar} of the checkout. */
    static ServerProcess start(Path jar, String heap, String extraOpts) throws IOException {
        Path root = Path.of(System.getProperty("sundial.root", "."));
        Path serverJar = jar != null ? jar : root.resolve("sundial-cli/target/sundial.jar");
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("cannot find the runnable jar " + serverJar
                    + " (build it: mvn -q -B -DskipTests -pl sundial-cli -am package)");
        }
        Path data = Files.createTempDirectory("sundial-pg-bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap));
        if (extraOpts != null && !extraOpts.isBlank()) {
            cmd.addAll(List.of(extraOpts.strip().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", serverJar.toString(), "serve", "--data-dir", data.toString(), "--http-port", "0", "--pg-port", "0",
                "--wal-sync", "none"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) { // JVM options may print lines of their own first
                String line = out.readLine();
                if (line == null) {
                    throw new IOException("cannot start the server: it ended before serving");
                }
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> drain(out), "server-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new ServerProcess(p, data, m.group(1), "jdbc:postgresql://" + m.group(2) + ":" + m.group(3) + "/sundial", heap);
                }
            }
            throw new IOException("cannot start the server: no 'serving … postgresql://' line");
        } catch (IOException | RuntimeException e) {
            p.destroy();
            throw e;
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the server's later output is not needed; reading it keeps its pipe from filling
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private volatile long heapPeak;
    private volatile boolean sampling;

    /**
     * Starts sampling the server's used heap from its {@code /metrics} ({@code
     * jvm_memory_used_bytes{area="heap"}}) every 200 ms, from a fresh peak; {@link #heapPeakBytes}
     * reads it. Each scrape costs the server a little CPU.
     */
    void sampleHeap() {
        heapPeak = 0;
        if (sampling) {
            return;
        }
        sampling = true;
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpBase + "/metrics")).build();
        Thread t = new Thread(() -> {
            while (sampling) {
                try {
                    String body = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = HEAP.matcher(body);
                    if (m.find()) {
                        heapPeak = Math.max(heapPeak, (long) Double.parseDouble(m.group(1)));
                    }
                    Thread.sleep(200);
                } catch (IOException e) {
                    return; // the server stopped
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "server-heap-sampler");
        t.setDaemon(true);
        t.start();
    }

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"\\} (\\S+)");

    /** Runs a full GC in the server ({@code jcmd PID GC.run}), so that the next heap sample shows its live data. */
    void gc() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    }

    /** The server's used heap now, from its {@code /metrics}. */
    long heapUsedBytes() throws IOException, InterruptedException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpBase + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = HEAP.matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    long heapPeakBytes() {
        return heapPeak;
    }

    @Override
    public void close() throws IOException {
        sampling = false;
        rss.stop();
        process.destroy();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(data)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
