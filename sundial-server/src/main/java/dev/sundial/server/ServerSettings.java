package dev.sundial.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's settings as text, key by key, before they become a {@link ServerConfig}: the
 * defaults, then a config file ({@code key = value} lines, {@code #} comments; the format of
 * {@code conf/sundial.conf}, which lists every key with its default), then command-line flags.
 * An unknown key or a value that does not parse is an error naming the key, and for a file the
 * file and line. Not thread-safe; build one, then call {@link #toConfig()}.
 */
public final class ServerSettings {
    /** Every key with its default, in the order of {@code conf/sundial.conf}. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data_dir", "sundial-data");
        d.put("http.bind", "127.0.0.1");
        d.put("http.port", "7470");
        d.put("http.max_threads", "64");
        d.put("http.shutdown_grace_ms", "30000");
        d.put("http.tls.key_store", "");
        d.put("http.tls.key_store_password", "");
        d.put("pg.port", "5470");
        d.put("pg.auth", "scram");
        d.put("pg.tls_required", "false");
        d.put("wal.sync", "batch");
        d.put("ingest.auto_create", "true");
        d.put("limits.max_body_bytes", Long.toString(64L << 20));
        d.put("limits.max_lines_per_request", "1000000");
        d.put("limits.max_header_bytes", Integer.toString(16 << 10));
        d.put("limits.idle_timeout_ms", "60000");
        d.put("limits.min_body_rate_bytes", "1024");
        d.put("limits.max_connections", "16384");
        d.put("limits.query_timeout_ms", "60000");
        d.put("limits.query_memory_bytes", Long.toString(1L << 30));
        d.put("limits.max_concurrent_queries", "8");
        d.put("limits.query_queue_ms", "10000");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);

    private ServerSettings() {
    }

    public static ServerSettings defaults() {
        return new ServerSettings();
    }

    /** Every key this version knows, in file order. */
    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** Sets {@code key} (from a flag or a test); an unknown key is an {@link IllegalArgumentException}. */
    public ServerSettings set(String key, String value) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("cannot set server setting [key=" + key + "]: unknown key (known: "
                    + String.join(", ", DEFAULTS.keySet()) + ")");
        }
        values.put(key, value.strip());
        return this;
    }

    /** The current text of {@code key}. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("cannot read server setting [key=" + key + "]: unknown key");
        }
        return v;
    }

    /**
     * Reads a config file over the current values.
     *
     * @throws IllegalArgumentException naming the file and line of a bad line or unknown key
     */
    public ServerSettings readFile(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("cannot read config file [file=" + file + "]: not UTF-8 text", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = " [file=" + file + ", line=" + (i + 1) + "]";
            if (eq <= 0) {
                throw new IllegalArgumentException("cannot read config file" + where + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("cannot read config file" + where + ": unknown key '" + key + "'");
            }
            values.put(key, line.substring(eq + 1).strip());
        }
        try {
            toConfig();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file [file=" + file + "]: " + e.getMessage(), e);
        }
        return this;
    }

    /** The settings as a config; a value that does not parse is an error naming its key. */
    public ServerConfig toConfig() {
        String store = get("http.tls.key_store");
        String password = get("http.tls.key_store_password");
        return new ServerConfig(Path.of(get("data_dir")), get("http.bind"), integer("http.port"), walSync(),
                size("limits.max_body_bytes"), integer("limits.max_lines_per_request"), integer("limits.max_header_bytes"),
                size("limits.idle_timeout_ms"), size("limits.min_body_rate_bytes"), integer("limits.max_connections"),
                size("limits.query_timeout_ms"), size("limits.query_memory_bytes"),
                integer("limits.max_concurrent_queries"), size("limits.query_queue_ms"), integer("http.max_threads"),
                size("http.shutdown_grace_ms"), bool("ingest.auto_create"), store.isEmpty() ? null : Path.of(store),
                password.isEmpty() ? null : password, integer("pg.port"),
                get("pg.auth"), bool("pg.tls_required"));
    }

    private String walSync() {
        String v = get("wal.sync");
        try {
            dev.sundial.wal.WalSyncMode.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use wal.sync=" + v + ": " + e.getMessage(), e);
        }
        return v;
    }

    private int integer(String key) {
        long v = size(key);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot use " + key + "=" + get(key) + ": larger than " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A whole number, with {@code _} allowed between digits ({@code 64_000_000}). */
    private long size(String key) {
        String v = get(key);
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot use " + key + "=" + v + ": not a whole number", e);
        }
    }

    private boolean bool(String key) {
        return switch (get(key)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("cannot use " + key + "=" + get(key) + ": expected true or false");
        };
    }
}
