package dev.sundial.server.pgwire;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS for pgwire: the server's {@link SSLContext} from the key store HTTPS uses
 * ({@code http.tls.key_store}, PKCS#12 or JKS), and the upgrade of an accepted socket after
 * SSLRequest (an {@link SSLSocket} in server mode layered over it). Thread-safe.
 */
final class PgTls {
    private final SSLContext context;

    private PgTls(SSLContext context) {
        this.context = context;
    }

    /**
     * Loads the key store (its type found from the file).
     *
     * @throws IOException naming the file when it cannot be read, its password is wrong, or it holds no usable key
     */
    static PgTls load(Path keyStore, String password) throws IOException {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance(keyStore.toFile(), pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return new PgTls(ctx);
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("cannot load TLS key store for pgwire [file=" + keyStore + "]: " + e.getMessage(), e);
        }
    }

    /** The TLS server socket over {@code plain}, its handshake done (under the socket's read timeout). */
    SSLSocket upgrade(Socket plain) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        s.setUseClientMode(false);
        s.startHandshake();
        return s;
    }

    /** A buffered input stream that tells how many bytes it holds: data a client sent before TLS began must not be taken for TLS data. */
    static final class Input extends BufferedInputStream {
        Input(InputStream in, int size) {
            super(in, size);
        }

        synchronized int buffered() {
            return count - pos;
        }
    }
}
