package dev.sundial.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Debian's Chromium in headless mode, driven over the DevTools protocol (a WebSocket from {@code
 * java.net.http}, JSON with Jackson): no Selenium, no driver binary. One page; {@link #eval} runs
 * JavaScript in it, {@link #key} and {@link #insertText} type like a user, and everything the page
 * requests, logs as an error or throws is recorded for the test to check. The binary is {@code
 * /usr/bin/chromium} unless {@code -Dsundial.chromium=PATH}; when it is missing, {@link #start}
 * fails with how to install it (CI's {@code .ci/run} installs it). Used by one test thread.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** URLs the page requested (every one, sub-resources and fetches included). */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Uncaught exceptions, console.error calls and error log entries (failed loads, CSP violations). */
    final List<String> errors = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Path binary() {
        return Path.of(System.getProperty("sundial.chromium", "/usr/bin/chromium"));
    }

    static HeadlessChromium start() throws IOException, InterruptedException {
        Path bin = binary();
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("cannot start Chromium [path=" + bin + "]: it is not installed; install it with"
                    + " 'apt-get install -y chromium' (.ci/run does so when it is missing) or point -Dsundial.chromium at one");
        }
        Path profile = Files.createTempDirectory("sundial-chromium-");
        Path log = profile.resolve("chromium.log");
        // the network flags keep Chromium from calling home: this machine refuses those connections
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--mute-audio", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=1400,1000", "--remote-debugging-port=0", "--user-data-dir=" + profile.resolve("data"), "about:blank");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();
        try {
            int port = devToolsPort(process, profile.resolve("data").resolve("DevToolsActivePort"), log);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body())) {
                if (target.get("type").asText().equals("page")) {
                    pageSocket = target.get("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("cannot find Chromium's page target [port=" + port + "]");
            }
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(CALL_TIMEOUT).buildAsync(URI.create(pageSocket), listener)
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium c = new HeadlessChromium(process, profile, ws);
            listener.owner = c;
            c.call("Runtime.enable", JSON.createObjectNode());
            c.call("Log.enable", JSON.createObjectNode());
            c.call("Network.enable", JSON.createObjectNode());
            c.call("Page.enable", JSON.createObjectNode());
            return c;
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            String tail = Files.exists(log) ? Files.readString(log) : "";
            throw new IllegalStateException("cannot start Chromium [path=" + bin + "]: " + e + "\n" + tail, e);
        }
    }

    private static int devToolsPort(Process p, Path portFile, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("Chromium exited with code " + p.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        try {
            socket.sendText(msg.toString(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode r = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException("cannot run " + method + ": " + r.get("error"));
            }
            return r.get("result");
        } catch (Exception e) {
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("cannot run " + method + ": " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    void navigate(String url) {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates {@code expression} (awaiting a promise) and returns its JSON value; a thrown error fails. */
    JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("cannot evaluate " + expression + ": " + r.get("exceptionDetails"));
        }
        JsonNode v = r.get("result").get("value");
        return v == null ? JSON.nullNode() : v;
    }

    /** Waits until {@code condition} (JavaScript) is true; on timeout fails with {@code describe}'s value and the errors seen. */
    void waitFor(String condition, String describe) throws InterruptedException {
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + condition + "; page: " + eval(describe) + "; errors: " + errors);
    }

    /** Types text at the focus, as an input method would (one input event). */
    void insertText(String text) {
        call("Input.insertText", JSON.createObjectNode().put("text", text));
    }

    /** Presses and releases a key: {@code modifiers} 2 = Ctrl, 4 = Meta (Cmd), 8 = Shift. */
    void key(String key, int keyCode, int modifiers) {
        for (String type : new String[] {"rawKeyDown", "keyUp"}) {
            call("Input.dispatchKeyEvent", JSON.createObjectNode().put("type", type).put("key", key).put("code", key)
                    .put("windowsVirtualKeyCode", keyCode).put("nativeVirtualKeyCode", keyCode).put("modifiers", modifiers));
        }
    }

    /** A left-button drag from (x1, y1) to (x2, y2) in CSS pixels of the viewport, in steps like a hand. */
    void drag(double x1, double y1, double x2, double y2) {
        mouse("mouseMoved", x1, y1, "none", 0);
        mouse("mousePressed", x1, y1, "left", 1);
        for (int i = 1; i <= 8; i++) {
            mouse("mouseMoved", x1 + (x2 - x1) * i / 8, y1 + (y2 - y1) * i / 8, "left", 1);
        }
        mouse("mouseReleased", x2, y2, "left", 1);
    }

    private void mouse(String type, double x, double y, String button, int buttons) {
        call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", x).put("y", y).put("button", button)
                .put("buttons", buttons).put("clickCount", type.equals("mouseMoved") ? 0 : 1));
    }

    void screenshot(Path file) throws IOException {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
    }

    private void event(JsonNode msg) {
        String method = msg.path("method").asText();
        JsonNode p = msg.path("params");
        switch (method) {
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").path("exception").path("description")
                    .asText(p.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().equals("error")) {
                    errors.add("console.error: " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) {
                    errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); // best effort: a temp dir
        }
    }

    /** Collects a message's fragments, then resolves the pending call or records the event. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final Consumer<String> sink = this::message;
        volatile HeadlessChromium owner;

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                sink.accept(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void message(String text) {
            try {
                JsonNode msg = JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
                HeadlessChromium c = owner;
                if (msg.has("id")) {
                    CompletableFuture<JsonNode> f = c == null ? null : c.pending.get(msg.get("id").asInt());
                    if (f != null) {
                        f.complete(msg);
                    }
                } else if (c != null) {
                    c.event(msg);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read a DevTools message: " + e.getMessage(), e);
            }
        }
    }
}
