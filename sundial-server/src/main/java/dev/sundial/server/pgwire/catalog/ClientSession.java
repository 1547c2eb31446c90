package dev.sundial.server.pgwire.catalog;

import dev.sundial.Session;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a catalog answer knows of the connection that asks: the user and database names of its
 * StartupMessage, its process id (BackendKeyData), the parameters the connection reports
 * (ParameterStatus: server_version, TimeZone, application_name, …; a live view, so a SET shows
 * in a later SHOW), its engine session, whose database is the live catalog, and the names of the
 * pgwire users of {@code sundial user add} (read at each call: {@code pg_roles}, psql's {@code \du}).
 * Immutable; the parameter map is read on the connection's own thread.
 */
public record ClientSession(String user, String database, int pid, Map<String, String> parameters, Session session,
                            Supplier<List<String>> users) {
    /** A session that knows no pgwire users (trust, tests). */
    public ClientSession(String user, String database, int pid, Map<String, String> parameters, Session session) {
        this(user, database, pid, parameters, session, List::of);
    }
}
