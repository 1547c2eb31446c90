package dev.sundial.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 client connection on a plain socket, with the least HTTP a line-protocol
 * sender needs, so that the sender costs little CPU beside the server it measures: a request is a
 * head written as given and a {@code Content-Length} body; a response is a status line, headers
 * and a body framed by {@code Content-Length}, by {@code chunked} transfer coding, or by the end of
 * the connection. Interim 1xx responses are skipped. No redirects, no TLS, no pipelining.
 *
 * <p>The socket is opened on first use and again after the server closes it ({@code Connection:
 * close}, HTTP/1.0 without keep-alive, a body framed by the end of the connection) or after an I/O
 * error. When writing a body fails, the response is read anyway: a server may answer early (413
 * past its body limit, 401) and close, and its answer says more than the reset. Not thread-safe: one
 * connection per sending thread.
 */
public final class HttpClientConnection implements Closeable {
    /** Body bytes kept for a failure's message; the rest is read and dropped. */
    static final int KEPT_BODY_BYTES = 4096;
    private static final int MAX_LINE_BYTES = 64 << 10;

    private final HttpTarget target;
    private final int timeoutMillis;
    private final byte[] buf = new byte[16 << 10];
    private final StringBuilder line = new StringBuilder(128);
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(KEPT_BODY_BYTES);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int pos;
    private int lim;
    private long bodyLength;

    public HttpClientConnection(HttpTarget target, int timeoutMillis) {
        this.target = target;
        this.timeoutMillis = timeoutMillis;
    }

    /** Opens the socket unless it is open. */
    void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // head and body are two writes; Nagle would hold the body's first segment back
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect [host=" + target.host() + " port=" + target.port() + "]: " + e.getMessage(), e);
        }
        socket = s;
        pos = 0;
        lim = 0;
    }

    /** Sends {@code head} then {@code body} and reads the response. */
    public HttpResponse exchange(byte[] head, byte[] body) throws IOException {
        connect();
        try {
            out.write(head);
            out.write(body);
            out.flush();
        } catch (IOException writeFailure) {
            try {
                return readResponse();
            } catch (IOException e) {
                writeFailure.addSuppressed(e);
                throw writeFailure;
            } finally {
                close();
            }
        }
        try {
            HttpResponse r = readResponse();
            if (!r.keepAlive()) {
                close();
            }
            return r;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private HttpResponse readResponse() throws IOException {
        while (true) {
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("cannot parse response status line [line=" + abbreviate(statusLine) + "]: not HTTP/1.x");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("cannot parse response status line [line=" + abbreviate(statusLine) + "]: bad status code", e);
            }
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            long contentLength = -1;
            boolean chunked = false;
            String connection = "";
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("cannot parse response header [line=" + abbreviate(h) + "]: no name");
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("cannot parse response header [line=" + abbreviate(h) + "]: not a length", e);
                    }
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    connection = value.toLowerCase(Locale.ROOT);
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim (100 Continue): the final response follows
            }
            boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            kept.reset();
            bodyLength = 0;
            if (status == 204 || status == 304) {
                // no body, whatever the headers say
            } else if (chunked) {
                readChunked();
            } else if (contentLength >= 0) {
                readBody(contentLength);
            } else {
                do {
                    keep(lim - pos);
                } while (fill());
                keepAlive = false;
            }
            return new HttpResponse(status, reason, keepAlive, bodyLength, kept.toByteArray());
        }
    }

    private void readChunked() throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("cannot parse response chunk size [line=" + abbreviate(sizeLine) + "]: not hexadecimal", e);
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailer fields: not needed
                }
                return;
            }
            readBody(size);
            if (!readLine().isEmpty()) {
                throw new IOException("cannot parse chunked response body: no CRLF after a chunk");
            }
        }
    }

    private void readBody(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException("cannot read response body: the server closed the connection with " + n + " bytes missing");
            }
            int k = (int) Math.min(n, lim - pos);
            keep(k);
            n -= k;
        }
    }

    private void keep(int k) {
        int room = KEPT_BODY_BYTES - kept.size();
        if (room > 0) {
            kept.write(buf, pos, Math.min(room, k));
        }
        bodyLength += k;
        pos += k;
    }

    /** A line without its CR LF, bytes as ISO-8859-1 characters. */
    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (pos == lim && !fill()) {
                throw new EOFException("cannot read response: the server closed the connection"
                        + (line.isEmpty() ? "" : " in the middle of a line"));
            }
            byte c = buf[pos++];
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE_BYTES) {
                throw new IOException("cannot read response: a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.append((char) (c & 0xff));
        }
    }

    /** Reads more bytes into the empty buffer; false at the end of the connection. */
    private boolean fill() throws IOException {
        int n = in.read(buf);
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to save on this connection
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
