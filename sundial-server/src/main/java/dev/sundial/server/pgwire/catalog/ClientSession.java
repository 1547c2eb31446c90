package dev.sundial.server.pgwire.catalog;

import dev.sundial.Session;
import java.util.Map;

/**
 * What a catalog answer knows of the connection that asks: the user and database names of its
 * StartupMessage, its process id (BackendKeyData), the parameters the connection reports
 * (ParameterStatus: server_version, TimeZone, application_name, …; a live view, so a SET shows
 * in a later SHOW) and its engine session, whose database is the live catalog. Immutable; the
 * parameter map is read on the connection's own thread.
 */
public record ClientSession(String user, String database, int pid, Map<String, String> parameters, Session session) {
}
