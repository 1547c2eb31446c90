package dev.sundial.server.pgwire;

import java.io.IOException;

/**
 * Where the simple and extended query protocols send a {@code COPY} statement ({@link
 * CopyStatement#isCopy}): parsed, then run by {@link CopyOut} or {@link CopyIn}. Stateless.
 */
final class Copy {
    private Copy() {
    }

    /** Runs the COPY in {@code sql} on the connection; returns its CommandComplete tag ({@code COPY n}). */
    static String run(PgConnection conn, String sql) throws IOException {
        CopyStatement st = CopyStatement.parse(sql);
        return st.in() ? CopyIn.run(conn, st) : CopyOut.run(conn, st);
    }
}
