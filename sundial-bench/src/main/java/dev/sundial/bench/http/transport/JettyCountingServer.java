package dev.sundial.bench.http.transport;

import java.io.InputStream;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty 12 side of the comparison, built as the real server is: a core {@link Handler.Abstract}
 * (no servlets) that reads the body in blocking style through {@link Content.Source#asInputStream}
 * into a 64 KiB array, on Jetty's default thread pool and one connector with default settings but
 * for the size of the buffer a connection reads the socket into ({@code HttpConfiguration}'s input
 * buffer, 8 KiB by default in Jetty 12.1), which the comparison varies. Thread-safe.
 */
final class JettyCountingServer implements CountingServer {
    private static final int READ_BYTES = 64 << 10;

    private final BodyCounter counter = new BodyCounter();
    private final Server server = new Server();
    private final ServerConnector connector;
    private final int inputBufferBytes;

    /** @param inputBufferBytes the connection's socket read buffer, or 0 for Jetty's default */
    JettyCountingServer(int inputBufferBytes) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        if (inputBufferBytes > 0) {
            http.setInputBufferSize(inputBufferBytes);
        }
        this.inputBufferBytes = http.getInputBufferSize();
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() { // blocking invocation type: the handler may block on reads
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] buf = new byte[READ_BYTES];
                long bytes = 0;
                long lineFeeds = 0;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                        bytes += n;
                        lineFeeds += BodyCounter.lineFeeds(buf, 0, n);
                    }
                }
                counter.add(bytes, lineFeeds);
                response.setStatus(HttpStatus.NO_CONTENT_204);
                callback.succeeded();
                return true;
            }
        });
        server.start();
    }

    @Override
    public String name() {
        return "jetty " + Server.getVersion() + " " + (inputBufferBytes >> 10) + "K";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public BodyCounter counter() {
        return counter;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
