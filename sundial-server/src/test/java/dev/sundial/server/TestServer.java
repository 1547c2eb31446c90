package dev.sundial.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.server.auth.Authenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A real server on a free loopback port over a real database in a temporary directory, and a
 * JDK HTTP client to talk to it: what the server tests share. Close it to stop both.
 */
public final class TestServer implements AutoCloseable {
    public final Sundial db;
    public final SundialServer server;
    public final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Sundial db, SundialServer server) {
        this.db = db;
        this.server = server;
    }

    public static TestServer start(Path dir) throws IOException {
        return start(dir, s -> s, Authenticator.OPEN);
    }

    /** {@code settings}: changes to the defaults (the data directory and port 0 for HTTP and pgwire are set already). */
    public static TestServer start(Path dir, UnaryOperator<ServerSettings> settings, Authenticator auth) throws IOException {
        ServerConfig config = settings.apply(ServerSettings.defaults().set("data_dir", dir.toString()).set("http.port", "0")
                .set("pg.port", "0"))
                .toConfig();
        SundialServer server = SundialServer.start(config, auth);
        Sundial db = Sundial.open(dir, SundialOptions.defaults().withAutoCreate(config.autoCreate())
                .withQueryTimeoutMillis(config.queryTimeoutMillis()).withQueryMemoryBytes(config.queryMemoryBytes()));
        server.attach(db);
        return new TestServer(db, server);
    }

    private static final Map<String, TestServer> FUZZ_SERVERS = new ConcurrentHashMap<>();

    /**
     * One server for every input of a fuzz target ({@code name}), started on first use over a
     * temporary directory and closed when the JVM ends: a server per input would make fuzzing a
     * hundred times slower.
     */
    public static TestServer forFuzzing(String name, UnaryOperator<ServerSettings> settings) throws IOException {
        try {
            return FUZZ_SERVERS.computeIfAbsent(name, n -> {
                try {
                    TestServer s = start(Files.createTempDirectory("sundial-" + n), settings, Authenticator.OPEN);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            s.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
                    return s;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Lets a fuzz target connect to its own server: Jazzer's SSRF detector refuses connections
     * made while an input runs, and loopback (which the JDK client may name localhost) is not what
     * it looks for.
     */
    public static SilentCloseable allowLoopback() {
        return BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"));
    }

    public URI uri(String pathAndQuery) {
        return URI.create(server.uri() + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String pathAndQuery, String body, String... headers) throws IOException, InterruptedException {
        return post(pathAndQuery, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        db.close();
    }
}
