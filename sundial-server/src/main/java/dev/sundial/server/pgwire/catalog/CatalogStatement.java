package dev.sundial.server.pgwire.catalog;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryResult;
import java.util.function.BiFunction;

/**
 * A recognized catalog statement, prepared like an engine statement: each {@link #execute} builds
 * the catalog afresh from the live tables and answers with its parameters bound ({@code null}s
 * when pgwire describes the statement before Bind). Immutable and thread-safe.
 */
final class CatalogStatement implements PreparedQuery {
    private final String sql;
    private final int parameterCount;
    private final Kind kind;
    private final ClientSession session;
    private final BiFunction<Catalog, Object[], CatalogResult> answer;

    CatalogStatement(String sql, int parameterCount, Kind kind, ClientSession session,
                     BiFunction<Catalog, Object[], CatalogResult> answer) {
        this.sql = sql;
        this.parameterCount = parameterCount;
        this.kind = kind;
        this.session = session;
        this.answer = answer;
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public QueryResult execute(Object... params) {
        Object[] p = params.length >= parameterCount ? params : java.util.Arrays.copyOf(params, parameterCount);
        return answer.apply(Catalog.of(session), p);
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public Kind kind() {
        return kind;
    }
}
