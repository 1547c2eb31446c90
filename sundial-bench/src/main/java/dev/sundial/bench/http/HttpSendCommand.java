package dev.sundial.bench.http;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bench http-send}: POSTs a line-protocol file, cut beforehand into requests of N lines,
 * over K keep-alive connections to a running server, and prints points/s, lines/s, MB/s and the
 * request latency. Exit code 1 when any request failed (each failure printed with its body).
 */
@Command(name = "http-send", mixinStandardHelpOptions = true,
        description = "Send a line-protocol file to an HTTP write endpoint (InfluxDB v1 /write or v2 /api/v2/write) and measure.")
public final class HttpSendCommand implements Callable<Integer> {
    @Option(names = "--url", required = true,
            description = "Write URL, e.g. http://127.0.0.1:7470/api/v2/write?bucket=b&precision=ns or http://127.0.0.1:7470/write?db=x")
    String url;

    @Option(names = "--file", required = true, description = "Line-protocol file (a name ending in .gz is read gzipped), e.g. from generate-devops.")
    Path file;

    @Option(names = "--connections", defaultValue = "" + LineProtocolHttpSender.DEFAULT_CONNECTIONS,
            description = "Concurrent keep-alive connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--lines-per-request", defaultValue = "" + LineProtocolHttpSender.DEFAULT_LINES_PER_REQUEST,
            description = "Lines per request body. Default: ${DEFAULT-VALUE}.")
    int linesPerRequest;

    @Option(names = "--gzip", description = "Compress each body beforehand and send it with Content-Encoding: gzip.")
    boolean gzip;

    @Option(names = "--token", description = "Send Authorization: Token <T>.")
    String token;

    @Option(names = "--rounds", defaultValue = "1", description = "Send the whole file this many times (a first round warms the server up). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        LineProtocolHttpSender sender = new LineProtocolHttpSender(url, connections, token);
        long t0 = System.nanoTime();
        RequestBodies bodies = RequestBodies.read(file, linesPerRequest, gzip);
        System.out.printf("cut %s into %s in %.1f s%n", file, bodies.summary(), (System.nanoTime() - t0) / 1e9);
        boolean anyFailed = false;
        for (int r = 1; r <= rounds; r++) {
            SendResult result = sender.send(bodies);
            System.out.printf("round %d, %d connections -> %s: %s%n", r, connections, url, result.summary());
            anyFailed |= result.failed() > 0;
        }
        return anyFailed ? 1 : 0;
    }
}
