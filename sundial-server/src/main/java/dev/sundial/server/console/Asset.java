package dev.sundial.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * One static file of the console, read from the classpath once and kept in memory: its bytes, a
 * gzip copy (text files only, and only when smaller), its content type and a strong ETag (a hash of
 * the bytes; the gzip copy's tag ends in {@code -gz}, since it is another representation).
 * Immutable.
 */
record Asset(byte[] bytes, byte[] gzip, String contentType, String etag, String gzipEtag) {
    /** The file kinds the console serves; any other extension is not served (the package's classes live beside). */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    /** The content type of a file name, or null when the console serves no such kind of file. */
    static String contentTypeOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Reads {@code resource} (an absolute classpath path); null when the classpath has no such file. */
    static Asset load(String resource, String contentType) {
        try (InputStream in = Asset.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            byte[] gz = contentType.startsWith("text/") || contentType.startsWith("image/svg") || contentType.startsWith("application/json")
                    ? gzip(bytes) : null;
            if (gz != null && gz.length >= bytes.length) {
                gz = null;
            }
            return new Asset(bytes, gz, contentType, "\"" + hash + "\"", "\"" + hash + "-gz\"");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file [resource=" + resource + "]: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("BUG: every JDK has SHA-256", e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(bytes);
        }
        return buf.toByteArray();
    }
}
