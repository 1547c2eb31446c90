package dev.sundial.server;

import dev.sundial.Sundial;
import dev.sundial.SundialOptions;
import dev.sundial.server.auth.Authenticator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
