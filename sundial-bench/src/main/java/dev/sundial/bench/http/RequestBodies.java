package dev.sundial.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Line protocol cut beforehand into request bodies of N lines, in memory, so that reading, cutting
 * and compressing the input is not part of what a send measures (see {@link RequestCutter} for how
 * lines and points are counted). With gzip each body is compressed once here (default level, as
 * InfluxDB clients and Telegraf do) and sent with {@code Content-Encoding: gzip}; the raw size is
 * kept for the MB/s figure. Immutable after construction; safe to share between threads and rounds.
 */
public final class RequestBodies {
    /**
     * One request body.
     *
     * @param bytes     what goes on the wire (gzip-compressed when the bodies are)
     * @param rawBytes  its size as line protocol, before compression
     * @param lines     data lines (not blank, not comments)
     * @param points    fields of those lines
     * @param lineFeeds line feed bytes in the raw body, what a server that counts them must see
     */
    public record Body(byte[] bytes, long rawBytes, long lines, long points, long lineFeeds) {
    }

    private final List<Body> bodies;
    private final boolean gzip;
    private final int linesPerRequest;

    private RequestBodies(List<Body> bodies, boolean gzip, int linesPerRequest) {
        this.bodies = List.copyOf(bodies);
        this.gzip = gzip;
        this.linesPerRequest = linesPerRequest;
    }

    /** Reads {@code file} (gzip-decompressed when its name ends in {@code .gz}) and cuts it. */
    public static RequestBodies read(Path file, int linesPerRequest, boolean gzip) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz")
                        ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
            return cut(in, linesPerRequest, gzip);
        } catch (IOException e) {
            throw new IOException("cannot read line protocol [file=" + file + "]: " + e.getMessage(), e);
        }
    }

    /** Cuts all of {@code in} (not closed). */
    public static RequestBodies cut(InputStream in, int linesPerRequest, boolean gzip) throws IOException {
        RequestCutter cutter = new RequestCutter(linesPerRequest);
        in.transferTo(cutter);
        return of(cutter.finish(), gzip, linesPerRequest);
    }

    /**
     * Cuts what {@code writer} writes into the stream it is given: a generator's output without a
     * file in between.
     */
    public static RequestBodies cut(LineWriter writer, int linesPerRequest, boolean gzip) throws IOException {
        RequestCutter cutter = new RequestCutter(linesPerRequest);
        writer.writeTo(cutter);
        return of(cutter.finish(), gzip, linesPerRequest);
    }

    /** Something that writes line protocol to a stream, e.g. {@code DevopsGenerator::writeLineProtocol}. */
    @FunctionalInterface
    public interface LineWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static RequestBodies of(List<Body> cut, boolean gzip, int linesPerRequest) {
        if (!gzip) {
            return new RequestBodies(cut, false, linesPerRequest);
        }
        List<Body> zipped = new ArrayList<>(cut.size());
        for (Body b : cut) {
            zipped.add(new Body(gzip(b.bytes()), b.rawBytes(), b.lines(), b.points(), b.lineFeeds()));
        }
        return new RequestBodies(zipped, true, linesPerRequest);
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a request body: " + e.getMessage(), e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    public List<Body> bodies() {
        return bodies;
    }

    public int count() {
        return bodies.size();
    }

    public boolean gzip() {
        return gzip;
    }

    public int linesPerRequest() {
        return linesPerRequest;
    }

    public long lines() {
        return bodies.stream().mapToLong(Body::lines).sum();
    }

    public long points() {
        return bodies.stream().mapToLong(Body::points).sum();
    }

    public long rawBytes() {
        return bodies.stream().mapToLong(Body::rawBytes).sum();
    }

    public long wireBytes() {
        return bodies.stream().mapToLong(b -> b.bytes().length).sum();
    }

    public long lineFeeds() {
        return bodies.stream().mapToLong(Body::lineFeeds).sum();
    }

    /** One line: requests, lines, points, bytes. */
    public String summary() {
        return String.format("%,d requests of up to %,d lines: %,d lines, %,d points, %,d bytes%s", count(), linesPerRequest,
                lines(), points(), rawBytes(), gzip ? String.format(" (%,d gzipped)", wireBytes()) : "");
    }
}
