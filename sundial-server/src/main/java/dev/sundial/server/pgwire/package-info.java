/**
 * The PostgreSQL wire protocol, version 3.0 (DESIGN §8, issue 10): psql and pgjdbc reach Sundial's
 * SQL on {@code pg.port}. {@link dev.sundial.server.pgwire.PgWireServer} accepts connections, one
 * {@link dev.sundial.server.pgwire.PgConnection} speaks the protocol on each. What works and what
 * comes next: {@code docs/pgwire.md}.
 *
 * <p>Errors to clients are ErrorResponse messages with a SQLSTATE ({@link
 * dev.sundial.server.pgwire.SqlState}); errors in the server's own log read {@code cannot <verb>
 * <object> [key=value]: cause}.
 */
package dev.sundial.server.pgwire;
