package dev.sundial.sql;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.SqlEngine;
import dev.sundial.Sundial;
import dev.sundial.sql.parser.SqlParser;
import dev.sundial.sql.parser.Statement;

/**
 * The SQL engine behind {@link Sundial#sql}: parses once per {@link Sundial#prepare}, and per
 * execution analyzes with the bound parameters, plans and runs. Registered as a
 * {@link java.util.ServiceLoader} service. Thread-safe and stateless.
 */
public final class SundialSqlEngine implements SqlEngine {
    @Override
    public PreparedQuery prepare(Sundial db, String sql) {
        if (sql == null || sql.isBlank()) {
            throw new QueryException("cannot run an empty statement");
        }
        Statement stmt = SqlParser.parse(sql);
        int params = ParameterCounter.count(stmt);
        return new Prepared(db, sql, stmt, params);
    }

    private record Prepared(Sundial db, String sql, Statement statement, int parameterCount) implements PreparedQuery {
        @Override
        public QueryResult execute(Object... params) {
            if (params.length != parameterCount) {
                throw new QueryException("the statement takes " + parameterCount + " parameter(s), got " + params.length);
            }
            try {
                return new StatementExecutor(db, sql, params).run(statement);
            } catch (QueryException e) {
                throw e;
            } catch (java.io.UncheckedIOException e) {
                throw new QueryException(e.getMessage(), e);
            }
        }
    }
}
