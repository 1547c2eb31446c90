package dev.sundial.server.pgwire;

import dev.sundial.PreparedQuery;

/**
 * A statement of the extended query protocol (Parse): its text, and either the engine's parsed
 * statement or a {@link ClientCommand} answered by the connection, or neither for an empty
 * statement. {@code paramOids} holds the type the client declared for each parameter (0:
 * unspecified), one per parameter the statement takes. Immutable.
 */
record Prepared(String sql, PreparedQuery query, ClientCommand command, int[] paramOids) {
    boolean empty() {
        return query == null && command == null;
    }

    /** Whether running it gives rows, so Describe answers RowDescription rather than NoData. */
    boolean returnsRows() {
        return query != null && switch (query.kind()) {
            case SELECT, EXPLAIN, SHOW, CALL -> true; // CALL maintenance() answers one row per step
            default -> false;
        };
    }
}
