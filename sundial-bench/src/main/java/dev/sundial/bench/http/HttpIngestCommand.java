package dev.sundial.bench.http;

import dev.sundial.cli.demo.DevopsGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench http-ingest}: the ingest figure end to end. Starts {@code sundial serve}
 * as its own process (the runnable jar, {@code -Xmx1g}, a fresh data directory, {@code
 * wal.sync=batch}), cuts the generated devops day into requests beforehand, sends them with
 * {@link LineProtocolHttpSender} over K connections, checks that the server stored every row, and
 * reports points/s (sender and server on the same 2 cores) and the server's peak RSS (VmHWM).
 * Round 1 goes to a cold server; later rounds send further days to the same, warm server.
 */
@Command(name = "http-ingest", mixinStandardHelpOptions = true,
        description = "Line-protocol ingest over HTTP into a 'sundial serve' process: points/s and peak RSS.")
public final class HttpIngestCommand implements Callable<Integer> {
    private static final Pattern URL = Pattern.compile("at (http://\\S+) ");

    @Option(names = "--hosts", defaultValue = "100", description = "Devops hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--connections", defaultValue = "2", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--lines-per-request", defaultValue = "10000", description = "Lines per request (default: ${DEFAULT-VALUE}).")
    int linesPerRequest;

    @Option(names = "--rounds", defaultValue = "2", description = "Days sent, one per round; round 1 hits a cold server (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--heap", defaultValue = "1g", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--wal-sync", defaultValue = "batch", description = "The server's wal.sync (default: ${DEFAULT-VALUE}).")
    String walSync;

    @Option(names = "--decimals", defaultValue = "2",
            description = "Round values to this many decimals, as the import figure's file (-1: full precision; default: ${DEFAULT-VALUE}).")
    int decimals;

    @Option(names = "--gzip", description = "Send gzip bodies.")
    boolean gzip;

    @Option(names = "--server-opts", description = "More JVM options for the server, space-separated (e.g. -XX:StartFlightRecording=filename=/tmp/s.jfr).")
    String serverOpts;

    @Option(names = "--jar", description = "The runnable jar (default: sundial-cli/target/sundial.jar of the checkout).")
    Path jar;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("sundial.root", "."));
        Path serverJar = jar != null ? jar : root.resolve("sundial-cli/target/sundial.jar");
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("cannot find the runnable jar " + serverJar + " (build it: ./sundial --help)");
        }
        long day = 86_400_000_000_000L;
        List<RequestBodies> days = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            long start = DevopsGenerator.DEFAULT_START_NANOS + r * day;
            DevopsGenerator gen = new DevopsGenerator(new DevopsGenerator.Config(hosts, day / DevopsGenerator.DEFAULT_INTERVAL_NANOS,
                    start, DevopsGenerator.DEFAULT_INTERVAL_NANOS, 42 + r, decimals));
            days.add(RequestBodies.cut(gen::writeLineProtocol, linesPerRequest, gzip));
        }
        System.out.printf("generated and cut %d day(s) of %d hosts in %.1f s: %s each%n", rounds, hosts, (System.nanoTime() - t0) / 1e9,
                days.getFirst().summary());
        Path data = Files.createTempDirectory("sundial-http-ingest");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap));
        if (serverOpts != null && !serverOpts.isBlank()) {
            cmd.addAll(List.of(serverOpts.strip().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", serverJar.toString(), "serve", "--data-dir", data.toString(), "--http-port", "0", "--wal-sync", walSync));
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        RssSampler rss = new RssSampler(server.pid());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = URL.matcher("");
            String line = null;
            for (int i = 0; i < 20 && !m.find(); i++) { // JVM options may print lines of their own first
                line = out.readLine();
                if (line == null) {
                    throw new IOException("cannot start the server: it ended before serving");
                }
                m = URL.matcher(line);
            }
            if (!m.find(0)) {
                throw new IOException("cannot start the server: it printed " + line);
            }
            String base = m.group(1);
            rss.start();
            LineProtocolHttpSender sender = new LineProtocolHttpSender(base + "/api/v2/write?bucket=bench&precision=ns", connections, null);
            boolean failed = false;
            for (int r = 0; r < rounds; r++) {
                SendResult result = sender.send(days.get(r));
                System.out.printf("round %d (%s server): %s%n", r + 1, r == 0 ? "cold" : "warm", result.summary());
                failed |= result.failed() > 0;
            }
            long expectRows = days.stream().mapToLong(RequestBodies::lines).sum();
            long rows = count(base);
            System.out.printf("stored rows: %,d of %,d sent%s%n", rows, expectRows, rows == expectRows ? "" : "  MISMATCH");
            System.out.printf("server peak RSS: %,d MiB (VmHWM; heap -Xmx%s, wal.sync=%s)%n", rss.peakKib() / 1024, heap, walSync);
            return failed || rows != expectRows ? 1 : 0;
        } finally {
            rss.stop();
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            deleteTree(data);
        }
    }

    private static long count(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/sql?format=csv&q=SELECT%20count(*)%20FROM%20cpu")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("cannot count the stored rows: " + r.body());
        }
        return Long.parseLong(r.body().strip().split("\n")[1]);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
