package dev.sundial.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test HTTP/1.1 server on 127.0.0.1 that records every request (head and Content-Length body) and
 * answers with the raw bytes a script returns for the request's number, closing the connection
 * when the script says so. One thread per connection. Thread-safe.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** A raw response and whether the server closes the connection after writing it. */
    record Reply(String raw, boolean close) {
        static Reply keep(String raw) {
            return new Reply(raw, false);
        }
    }

    /** One received request. */
    record Received(String requestLine, Map<String, String> headers, byte[] body, int connection) {
    }

    @FunctionalInterface
    interface Script {
        Reply reply(int index, Received request);
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger index = new AtomicInteger();
    private final Thread acceptor;

    ScriptedHttpServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int c = connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> serve(s, c));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
                Received r = new Received(requestLine, headers, in.readNBytes(length), connection);
                received.add(r);
                Reply reply = script.reply(index.getAndIncrement(), r);
                out.write(reply.raw().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(5000);
    }
}
