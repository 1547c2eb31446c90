package dev.sundial.sql;

import dev.sundial.PreparedQuery;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.Session;
import dev.sundial.SqlEngine;
import dev.sundial.Sundial;
import dev.sundial.sql.exec.OperatorResult;
import dev.sundial.sql.parser.SqlParser;
import dev.sundial.sql.parser.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SQL engine behind {@link Sundial#sql} and {@link Session#sql}: parses once per
 * {@link Sundial#prepare}, and per execution analyzes with the bound parameters and the session's
 * settings, plans and runs. Registered as a
 * {@link java.util.ServiceLoader} service. Thread-safe; its only state is the parse cache.
 */
public final class SundialSqlEngine implements SqlEngine {
    /**
     * Parsed statements by text, least recently used evicted: the same text with different
     * parameters (the usual dashboard and client pattern) is parsed once. 512 entries of immutable
     * ASTs, a few KiB each.
     */
    private static final int PARSE_CACHE_ENTRIES = 512;
    /** Longer statements (bulk INSERTs) are not cached: 512 of them could hold gigabytes of AST. */
    private static final int PARSE_CACHE_MAX_CHARS = 8192;
    private final Map<String, Statement> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Statement> eldest) {
            return size() > PARSE_CACHE_ENTRIES;
        }
    };

    @Override
    public PreparedQuery prepare(Session session, String sql) {
        if (sql == null || sql.isBlank()) {
            throw new QueryException("cannot run an empty statement");
        }
        Statement stmt;
        synchronized (parsed) {
            stmt = parsed.get(sql);
        }
        if (stmt == null) {
            try {
                stmt = SqlParser.parse(sql);
            } catch (StackOverflowError e) {
                throw OperatorResult.translate(e);
            }
            if (sql.length() <= PARSE_CACHE_MAX_CHARS) {
                synchronized (parsed) {
                    parsed.put(sql, stmt);
                }
            }
        }
        int params = ParameterCounter.count(stmt);
        return new Prepared(session, sql, stmt, params);
    }

    private record Prepared(Session session, String sql, Statement statement, int parameterCount) implements PreparedQuery {
        @Override
        public QueryResult execute(Object... params) {
            if (params.length != parameterCount) {
                throw new QueryException("the statement takes " + parameterCount + " parameter(s), got " + params.length);
            }
            try {
                QueryResult r = new StatementExecutor(session, sql, params).run(statement);
                if (r instanceof OperatorResult o && session.hasTimeZone()) {
                    o.setTimeZone(session.timeZone()); // timestamps print in the session's zone
                }
                return r;
            } catch (RuntimeException e) {
                throw OperatorResult.translate(e);
            } catch (StackOverflowError e) {
                throw OperatorResult.translate(e);
            }
        }

        @Override
        public Kind kind() {
            return switch (statement) {
                case Statement.Select s -> Kind.SELECT;
                case Statement.Compound c -> Kind.SELECT;
                case Statement.Explain e -> Kind.EXPLAIN;
                case Statement.ShowTables s -> Kind.SHOW;
                case Statement.Describe d -> Kind.SHOW;
                case Statement.ShowMaintenance s -> Kind.SHOW;
                case Statement.ShowSetting s -> Kind.SHOW;
                case Statement.SetSetting s -> Kind.SET;
                case Statement.Insert i -> Kind.INSERT;
                case Statement.Delete d -> Kind.DELETE;
                case Statement.CreateTable c -> Kind.DDL;
                case Statement.AlterTableSet a -> Kind.DDL;
                case Statement.AlterTableAddColumn a -> Kind.DDL;
                case Statement.DropTable d -> Kind.DDL;
                case Statement.Call c -> Kind.CALL;
            };
        }
    }
}
