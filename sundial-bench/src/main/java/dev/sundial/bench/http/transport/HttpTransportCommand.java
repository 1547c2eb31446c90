package dev.sundial.bench.http.transport;

import com.sun.management.OperatingSystemMXBean;
import dev.sundial.bench.http.LineProtocolHttpSender;
import dev.sundial.bench.http.RequestBodies;
import dev.sundial.bench.http.SendResult;
import dev.sundial.cli.demo.DevopsGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench http-transport}: which HTTP stack moves line protocol faster, before any parsing
 * (DESIGN §9: Jetty 12 core handlers, or Netty 4.2 if measured faster on ingest). Starts the
 * counting servers in this JVM ({@link JettyCountingServer} per input buffer size asked for,
 * {@link NettyCountingServer} per decoder chunk size), drives each
 * with {@link LineProtocolHttpSender} over the same pre-cut devops requests, warm-up rounds first,
 * then measured rounds alternating between the stacks, and prints per round and as medians: points/s,
 * lines/s, MB/s, and the process CPU time (sender included, measured alike for both) with points per
 * CPU second; "server CPU" is the process CPU less the sending threads' (so it holds GC and JIT too). Every round is checked: the server must have counted exactly the bytes, line feeds and
 * requests sent. The figures and the conclusion are in {@code docs/server.md}, "Why Jetty".
 */
@Command(name = "http-transport", mixinStandardHelpOptions = true,
        description = "Jetty 12 core handler against Netty 4.2 on line-protocol HTTP ingest (read and count the bodies, answer 204).")
public final class HttpTransportCommand implements Callable<Integer> {
    @Option(names = "--file", description = "Line-protocol file (.gz read gzipped). Default: devops data generated in memory"
            + " as by generate-devops --hosts H --duration Dd.")
    Path file;

    @Option(names = "--hosts", defaultValue = "100", description = "Hosts of the generated data. Default: ${DEFAULT-VALUE}.")
    int hosts;

    @Option(names = "--days", defaultValue = "1", description = "Days of the generated data (10 s interval). Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--connections", defaultValue = "" + LineProtocolHttpSender.DEFAULT_CONNECTIONS,
            description = "Concurrent keep-alive connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--lines-per-request", defaultValue = "" + LineProtocolHttpSender.DEFAULT_LINES_PER_REQUEST,
            description = "Lines per request. Default: ${DEFAULT-VALUE}.")
    int linesPerRequest;

    @Option(names = "--jetty-input-buffer", split = ",", defaultValue = "8192,65536",
            description = "Jetty's socket read buffer (HttpConfiguration input buffer size); one Jetty server per size,"
                    + " all measured. Default: ${DEFAULT-VALUE} (8192 is Jetty 12.1's own default).")
    List<Integer> jettyInputBuffers;

    @Option(names = "--netty-max-chunk", split = ",", defaultValue = "8192,65536",
            description = "Netty's largest decoded body piece (HttpDecoderConfig maxChunkSize); one Netty server per size,"
                    + " all measured. Default: ${DEFAULT-VALUE} (8192 is Netty 4.2's own default).")
    List<Integer> nettyMaxChunks;

    @Option(names = "--warmup-rounds", defaultValue = "1", description = "Unmeasured rounds per stack first. Default: ${DEFAULT-VALUE}.")
    int warmupRounds;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per stack, alternating. Default: ${DEFAULT-VALUE}.")
    int rounds;

    private record Round(SendResult send, long processCpuNanos) {
        double pointsPerCpuSecond() {
            return send.points() / (processCpuNanos / 1e9);
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        RequestBodies bodies;
        String source;
        if (file != null) {
            bodies = RequestBodies.read(file, linesPerRequest, false);
            source = file.toString();
        } else {
            DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(hosts, days * 86_400_000_000_000L, 123));
            bodies = RequestBodies.cut(g::writeLineProtocol, linesPerRequest, false);
            source = "devops data generated in memory (" + hosts + " hosts, " + days + " d, seed 123)";
        }
        System.out.printf("cut %s into %s in %.1f s%n", source, bodies.summary(), (System.nanoTime() - t0) / 1e9);
        System.out.printf("%d connections, %d warm-up + %d measured rounds per stack; %d CPUs available; %s%n", connections,
                warmupRounds, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());

        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<CountingServer> stacks = new ArrayList<>();
        try {
            for (int size : jettyInputBuffers) {
                stacks.add(new JettyCountingServer(size));
            }
            int jettys = stacks.size();
            for (int size : nettyMaxChunks) {
                stacks.add(new NettyCountingServer(size));
            }
            for (int r = 1; r <= warmupRounds; r++) {
                for (CountingServer s : stacks) {
                    Round round = round(s, bodies, os);
                    System.out.printf("warm-up %d %-19s %s%n", r, s.name(), round.send().summary());
                }
            }
            List<List<Round>> measured = new ArrayList<>();
            stacks.forEach(s -> measured.add(new ArrayList<>()));
            for (int r = 1; r <= rounds; r++) {
                for (int i = 0; i < stacks.size(); i++) {
                    Round round = round(stacks.get(i), bodies, os);
                    measured.get(i).add(round);
                    System.out.printf("round %d %-19s %s; process CPU %.2f s = %,.0f points per CPU second%n", r, stacks.get(i).name(),
                            round.send().summary(), round.processCpuNanos() / 1e9, round.pointsPerCpuSecond());
                }
            }
            System.out.printf("%nmedians of %d rounds (best: the fastest round, the least disturbed on a shared machine):%n", rounds);
            System.out.printf("%-19s %14s %14s %12s %8s %12s %11s %18s %9s %9s%n", "stack", "points/s", "best points/s", "lines/s",
                    "MB/s", "process CPU", "server CPU", "points per CPU s", "p50 ms", "p99 ms");
            for (int i = 0; i < stacks.size(); i++) {
                List<Round> m = measured.get(i);
                System.out.printf("%-19s %,14.0f %,14.0f %,12.0f %8.1f %10.2f s %9.2f s %,18.0f %9.1f %9.1f%n", stacks.get(i).name(),
                        median(m, x -> x.send().pointsPerSecond()), m.stream().mapToDouble(x -> x.send().pointsPerSecond()).max().orElse(0),
                        median(m, x -> x.send().linesPerSecond()), median(m, x -> x.send().megabytesPerSecond()),
                        median(m, x -> x.processCpuNanos() / 1e9), median(m, x -> (x.processCpuNanos() - x.send().senderCpuNanos()) / 1e9),
                        median(m, Round::pointsPerCpuSecond),
                        median(m, x -> x.send().latencyMillis(0.5)), median(m, x -> x.send().latencyMillis(0.99)));
            }
            for (int n = jettys; n < stacks.size(); n++) {
                for (int j = 0; j < jettys; j++) {
                    double throughput = median(measured.get(n), x -> x.send().pointsPerSecond())
                            / median(measured.get(j), x -> x.send().pointsPerSecond());
                    double perCpu = median(measured.get(n), Round::pointsPerCpuSecond) / median(measured.get(j), Round::pointsPerCpuSecond);
                    System.out.printf("%s / %s: throughput %.3f, points per CPU second %.3f%n", stacks.get(n).name(), stacks.get(j).name(),
                            throughput, perCpu);
                }
            }
        } finally {
            for (CountingServer s : stacks) {
                s.close();
            }
        }
        return 0;
    }

    /** One send of all bodies, with the process CPU it took and a check of what the server counted. */
    private Round round(CountingServer server, RequestBodies bodies, OperatingSystemMXBean os) throws InterruptedException {
        LineProtocolHttpSender sender = new LineProtocolHttpSender(
                "http://127.0.0.1:" + server.port() + "/api/v2/write?bucket=bench&precision=ns", connections, null);
        System.gc(); // the previous round's garbage is not this round's CPU
        BodyCounter c = server.counter();
        long requests0 = c.requests();
        long bytes0 = c.bytes();
        long lineFeeds0 = c.lineFeeds();
        long cpu0 = os.getProcessCpuTime();
        SendResult send = sender.send(bodies);
        long cpu = os.getProcessCpuTime() - cpu0;
        if (send.failed() > 0) {
            throw new IllegalStateException("cannot measure " + server.name() + ": requests failed: " + send.failures());
        }
        long requests = c.requests() - requests0;
        long bytes = c.bytes() - bytes0;
        long lineFeeds = c.lineFeeds() - lineFeeds0;
        if (requests != bodies.count() || bytes != bodies.rawBytes() || lineFeeds != bodies.lineFeeds()) {
            throw new IllegalStateException(String.format("BUG: %s counted %d requests, %d bytes, %d line feeds; sent %d, %d, %d",
                    server.name(), requests, bytes, lineFeeds, bodies.count(), bodies.rawBytes(), bodies.lineFeeds()));
        }
        return new Round(send, cpu);
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
