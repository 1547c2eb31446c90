package dev.sundial.server.pgwire.catalog;

import dev.sundial.PreparedQuery;
import dev.sundial.server.pgwire.catalog.SqlTokens.Kind;
import dev.sundial.server.pgwire.catalog.SqlTokens.Token;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry of the catalog for one pgwire connection: recognizes the statements a PostgreSQL
 * client sends about the database rather than its data (those that read {@code pg_catalog}
 * relations, {@code information_schema}, or call PostgreSQL session functions, and {@code SHOW}
 * of PostgreSQL parameters) and prepares them as a {@link PreparedQuery} whose every execution
 * answers from the live catalog. Everything else (including {@code SELECT 1} and {@code SHOW
 * rollups}) is left to the engine.
 *
 * <p>In order: {@code SHOW}; a client query family ({@link ClientQueries}: psql's {@code \d}
 * commands, pgjdbc's {@code DatabaseMetaData}, Grafana's table and column lists); session
 * functions without {@code FROM} ({@link SessionFunctions}); a query of one catalog relation
 * ({@link SimpleSelect}); a query whose every branch reads a catalog that is always empty in
 * Sundial ({@link EmptyCatalogs}: policies, inheritance, publications, …). A catalog statement that
 * fits none is refused with {@link UnsupportedCatalogQuery} (0A000 naming the relation) and logged,
 * so that it can be added. Thread-safe: immutable apart from the session's live parameter map.
 */
public final class CatalogQueries {
    private static final Logger LOG = Logger.getLogger(CatalogQueries.class.getName());

    private final ClientSession session;

    public CatalogQueries(ClientSession session) {
        this.session = session;
    }

    /**
     * The catalog statement {@code sql} is, or null when it is one for the engine.
     *
     * @throws UnsupportedCatalogQuery for a catalog statement Sundial does not answer
     */
    public PreparedQuery prepare(String sql) {
        if (!mayBeCatalog(sql)) {
            return null; // INSERT, CREATE, … and SELECTs without a hint: not tokenized twice
        }
        SqlTokens t = SqlTokens.of(sql);
        if (t == null || t.tokens.isEmpty()) {
            return null;
        }
        CatalogStatement show = SessionFunctions.show(sql, t, session);
        if (show != null) {
            return show;
        }
        String catalogRelation = catalogRelation(t);
        try {
            if (catalogRelation == null) {
                return SessionFunctions.select(sql, t, session); // null: no session function, or a query with FROM (the engine's)
            }
            String normalized = t.normalized();
            CatalogStatement s = ClientQueries.recognize(sql, normalized, t, session);
            if (s == null) {
                s = SessionFunctions.select(sql, t, session);
            }
            if (s == null) {
                s = SimpleSelect.parse(sql, t, session);
            }
            if (s == null) {
                s = EmptyCatalogs.recognize(sql, t, session);
            }
            if (s == null) {
                throw new UnsupportedCatalogQuery("cannot answer a query of " + catalogRelation + ": Sundial answers only the catalog"
                        + " queries of psql, pgjdbc and Grafana it knows (docs/pgwire.md, Catalogs)");
            }
            return s;
        } catch (UnsupportedCatalogQuery e) {
            LOG.log(Level.INFO, "unanswered catalog query (" + e.getMessage() + "): " + sql);
            throw e;
        }
    }

    private static final String[] HINTS = {"pg_", "information_schema", "current_", "version", "user", "show"};

    /**
     * A cheap first look, so that the engine's statements (a multi-megabyte INSERT above all) pay
     * no tokenizing here: only a SELECT or SHOW that contains a catalog or session-function word
     * may be the catalog's.
     */
    static boolean mayBeCatalog(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) { // skip white space and comments before the first word
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        boolean select = sql.regionMatches(true, i, "select", 0, 6);
        if (!select && !sql.regionMatches(true, i, "show", 0, 4)) {
            return false;
        }
        String lower = sql.toLowerCase(java.util.Locale.ROOT);
        for (String h : HINTS) {
            if (lower.contains(h)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first catalog relation the statement names ({@code pg_catalog.pg_class}, {@code
     * information_schema.tables}, {@code pg_type}), or null; {@code pg_*} functions are not relations,
     * except one read in FROM ({@code pg_catalog.pg_get_keywords()}) when no relation is named.
     */
    static String catalogRelation(SqlTokens t) {
        String function = null;
        for (int i = 0; i < t.tokens.size(); i++) {
            Token k = t.tokens.get(i);
            if (k.kind() != Kind.NAME) {
                continue;
            }
            boolean qualified = i + 2 < t.tokens.size() && t.tokens.get(i + 1).is(".");
            if ((k.text().equals("pg_catalog") || k.text().equals("information_schema")) && qualified) {
                String rel = t.tokens.get(i + 2).text();
                boolean call = i + 3 < t.tokens.size() && t.tokens.get(i + 3).is("(");
                if (!call) {
                    return k.text() + "." + rel;
                }
                if (rel.startsWith("pg_") && fromItem(t, i) && function == null) {
                    function = k.text() + "." + rel + "()"; // pg_get_keywords(): a catalog the engine cannot read either
                }
            } else if (k.text().startsWith("pg_") && !(i > 0 && t.tokens.get(i - 1).is("."))) {
                boolean call = i + 1 < t.tokens.size() && t.tokens.get(i + 1).is("(");
                if (!call) {
                    return k.text();
                }
                if (fromItem(t, i) && function == null) {
                    function = k.text() + "()";
                }
            }
        }
        return function; // a relation named anywhere comes first: FROM also appears in trim(… FROM x)
    }

    /** Whether the name at {@code i} follows FROM or JOIN: a set-returning function read as a relation. */
    private static boolean fromItem(SqlTokens t, int i) {
        return i > 0 && (t.tokens.get(i - 1).is("from") || t.tokens.get(i - 1).is("join"));
    }
}
