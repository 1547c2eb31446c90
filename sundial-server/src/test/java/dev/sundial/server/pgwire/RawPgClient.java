package dev.sundial.server.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal frontend for protocol tests: writes messages byte by byte as the protocol documents
 * them and reads backend messages as (type, body), so that a test sees exactly what the server
 * sends, including what real clients would hide. Not thread-safe.
 */
final class RawPgClient implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    record Msg(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of one field of an ErrorResponse ('C' code, 'M' message, 'S' severity, 'P' position). */
        String field(char code) {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                if (body[i] == code) {
                    return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }
    }

    RawPgClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** StartupMessage for protocol 3.0 with user and database; reads up to the first ReadyForQuery. */
    List<Msg> startup() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(196608);
        for (String s : new String[] {"user", "x", "database", "sundial", "application_name", "raw-test"}) {
            cstring(d, s);
        }
        d.writeByte(0);
        out.writeInt(b.size() + 4);
        out.write(b.toByteArray());
        out.flush();
        return untilReady();
    }

    void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    /** A message body built from Strings (NUL-terminated), Shorts (Int16) and Integers (Int32). */
    static byte[] body(Object... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        for (Object p : parts) {
            switch (p) {
                case String s -> cstring(d, s);
                case Short s -> d.writeShort(s);
                case Integer i -> d.writeInt(i);
                case Character c -> d.writeByte(c);
                default -> throw new IllegalArgumentException("BUG: part " + p);
            }
        }
        return b.toByteArray();
    }

    Msg read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Msg(type, body);
    }

    List<Msg> untilReady() throws IOException {
        List<Msg> msgs = new ArrayList<>();
        Msg m;
        do {
            m = read();
            msgs.add(m);
        } while (m.type() != 'Z');
        return msgs;
    }

    static String types(List<Msg> msgs) {
        StringBuilder b = new StringBuilder();
        for (Msg m : msgs) {
            b.append(m.type());
        }
        return b.toString();
    }

    private static void cstring(DataOutputStream d, String s) throws IOException {
        d.write(s.getBytes(StandardCharsets.UTF_8));
        d.writeByte(0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
