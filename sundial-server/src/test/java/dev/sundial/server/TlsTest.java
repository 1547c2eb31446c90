package dev.sundial.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.Sundial;
import dev.sundial.server.auth.Authenticator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a key store the server speaks HTTPS only; a client that trusts the certificate writes and reads. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void aKeyStoreTurnsTheServerToHttps() throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "sundial", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret-pass")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        ServerConfig config = ServerSettings.defaults().set("data_dir", dir.resolve("data").toString()).set("http.port", "0").set("pg.port", "0")
                .set("http.tls.key_store", store.toString()).set("http.tls.key_store_password", "secret-pass").toConfig();
        try (SundialServer server = SundialServer.start(config, Authenticator.OPEN); Sundial db = Sundial.open(dir.resolve("data"))) {
            server.attach(db);
            assertThat(server.uri().toString()).startsWith("https://127.0.0.1:");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                trusted.load(in, "secret-pass".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> w = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/write"))
                    .POST(HttpRequest.BodyPublishers.ofString("m,host=a v=1 1\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(w.statusCode()).isEqualTo(204);
            HttpResponse<String> q = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/sql?q=SELECT%20count(*)%20FROM%20m"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(q.body()).contains("[[1]]");
            // plain HTTP on the TLS port gets no answer it could mistake for data
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isInstanceOf(java.io.IOException.class);
        }
    }
}
