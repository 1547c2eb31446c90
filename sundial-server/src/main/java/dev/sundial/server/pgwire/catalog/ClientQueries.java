package dev.sundial.server.pgwire.catalog;

import static dev.sundial.server.pgwire.catalog.Relation.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The catalog queries of real clients, each FAMILY recognized by its shape (a regular expression
 * over the statement's {@link SqlTokens#normalized() normalized} text) and answered from the
 * live {@link Catalog} with the parameters it carries (psql's {@code '^(cpu)$'} name patterns,
 * pgjdbc's LIKE patterns bound as {@code $1}, a table OID, Grafana's quoted table name) and the
 * columns the client reads, in its order and with its types. Captured texts of every family are
 * the fixtures under {@code src/test/resources/pgwire/clients/}; {@code PgWireCatalogTest} runs
 * them all. Stateless and thread-safe.
 *
 * <p>To add a client query: capture its text as a fixture, add a {@link Family} here whose
 * pattern matches it (anchored, parameters as groups), and check the answer in the test.
 */
final class ClientQueries {
    /** What a family's answer gets: the match on the normalized text, the catalog, the bound parameters. */
    record Ask(Matcher m, String normalized, Catalog c, Object[] params) {
    }

    record Family(String name, Pattern pattern, Function<Ask, CatalogResult> answer) {
    }

    // Possessive loops: a greedy (?:[^']|'')* recurses once per character and overflows the stack on a long literal
    // (a 100 KB psql pattern); in the normalized text a literal's '' is always an escaped quote, so nothing is given back.
    private static final String LIT = "'((?:[^']++|'')*+)'";
    private static final String ARG = "(\\$\\d++|'(?:[^']++|'')*+')";
    private static final Pattern RELNAME_REGEX = Pattern.compile("c\\.relname operator\\(pg_catalog\\.~\\) " + LIT);
    private static final Pattern NSPNAME_REGEX = Pattern.compile("n\\.nspname operator\\(pg_catalog\\.~\\) " + LIT);
    private static final Pattern ALIASES = Pattern.compile(" as \"((?:[^\"]++|\"\")*+)\"");

    static final List<Family> FAMILIES = List.of(
            // psql \dt, \d (list), \dt PATTERN: the relations of some kinds
            new Family("psql-list-relations", p("^select n\\.nspname as \"Schema\", c\\.relname as \"Name\", case c\\.relkind"
                    + " when .*? end as \"Type\", pg_catalog\\.pg_get_userbyid\\(c\\.relowner\\) as \"Owner\"(.*?) from pg_catalog\\.pg_class c"
                    + " left join pg_catalog\\.pg_namespace n on n\\.oid = c\\.relnamespace( left join .*?)? where c\\.relkind in"
                    + " \\(([^)]*)\\)(.*) order by 1, 2$"), ClientQueries::psqlRelations),
            // psql \d NAME, step 1: the OID of each relation matching the pattern
            new Family("psql-describe-lookup", p("^select c\\.oid, n\\.nspname, c\\.relname from pg_catalog\\.pg_class c"
                    + " left join pg_catalog\\.pg_namespace n on n\\.oid = c\\.relnamespace where (.*) order by 2, 3$"),
                    ClientQueries::psqlLookup),
            // psql \d NAME, step 2: the relation's kind and flags
            new Family("psql-describe-table", p("^select c\\.relchecks, c\\.relkind, c\\.relhasindex, (.*) from"
                    + " pg_catalog\\.pg_class c left join pg_catalog\\.pg_class tc on \\(c\\.reltoastrelid = tc\\.oid\\)(.*) where"
                    + " c\\.oid = '(\\d+)'$"), ClientQueries::psqlTableInfo),
            // psql \d NAME, step 3: the columns
            new Family("psql-describe-columns", p("^select a\\.attname, pg_catalog\\.format_type\\(a\\.atttypid,"
                    + " a\\.atttypmod\\), (.*a\\.attidentity, a\\.attgenerated(, a\\.attstorage, a\\.attcompression as attcompression,"
                    + " case when a\\.attstattarget = - 1 then null else a\\.attstattarget end as attstattarget,"
                    + " pg_catalog\\.col_description\\(a\\.attrelid, a\\.attnum\\))?) from pg_catalog\\.pg_attribute a where a\\.attrelid = '(\\d+)' and a\\.attnum > 0 and not"
                    + " a\\.attisdropped order by a\\.attnum$"), ClientQueries::psqlColumns),
            // psql \gdesc: the names and types of a result psql already described, as a VALUES list
            new Family("psql-gdesc", p("^select name as \"Column\", pg_catalog\\.format_type\\(tp, tpm\\) as \"Type\" from"
                    + " \\(values ?(.*)\\) s ?\\(name, tp, tpm\\)$"), ClientQueries::psqlDescribeResult),
            // psql \l
            new Family("psql-list-databases", p("^select d\\.datname as \"Name\", (.*) from pg_catalog\\.pg_database d"
                    + "( where .*)? order by 1$"), ClientQueries::psqlDatabases),
            // psql \dn
            new Family("psql-list-schemas", p("^select n\\.nspname as \"Name\", pg_catalog\\.pg_get_userbyid\\(n\\.nspowner\\)"
                    + " as \"Owner\" from pg_catalog\\.pg_namespace n where (.*) order by 1$"), ClientQueries::psqlSchemas),
            // pgjdbc DatabaseMetaData.getTables
            new Family("pgjdbc-get-tables", p("^select (current_database\\(\\)|null) as \"TABLE_CAT\", n\\.nspname as"
                    + " \"TABLE_SCHEM\", c\\.relname as \"TABLE_NAME\", .* as \"TABLE_TYPE\", d\\.description as \"REMARKS\", .* from"
                    + " pg_catalog\\.pg_namespace n, pg_catalog\\.pg_class c left join pg_catalog\\.pg_description d on (.*) where"
                    + " c\\.relnamespace = n\\.oid(.*) order by \"TABLE_TYPE\", \"TABLE_SCHEM\", \"TABLE_NAME\"$"), ClientQueries::jdbcTables),
            // pgjdbc DatabaseMetaData.getSchemas
            new Family("pgjdbc-get-schemas", p("^select nspname as \"TABLE_SCHEM\", (current_database\\(\\)|null) as"
                    + " \"TABLE_CATALOG\" from pg_catalog\\.pg_namespace where nspname <> 'pg_toast' (.*) order by \"TABLE_SCHEM\"$"),
                    ClientQueries::jdbcSchemas),
            // pgjdbc DatabaseMetaData.getColumns
            new Family("pgjdbc-get-columns", p("^select \\* from \\(select (?:current_database\\(\\) as current_database, )?n\\.nspname, c\\.relname, a\\.attname,"
                    + " a\\.atttypid, (.*) from pg_catalog\\.pg_namespace n join pg_catalog\\.pg_class c on \\(c\\.relnamespace ="
                    + " n\\.oid\\) join pg_catalog\\.pg_attribute a on (.*)\\) c where true(.*) order by nspname, c\\.relname, attnum$"),
                    ClientQueries::jdbcColumns),
            // pgjdbc DatabaseMetaData.getTypeInfo: every type
            new Family("pgjdbc-type-list", p("^select t\\.typname, t\\.oid from pg_catalog\\.pg_type t join"
                    + " pg_catalog\\.pg_namespace n on \\(t\\.typnamespace = n\\.oid\\) where n\\.nspname != 'pg_toast'(.*)$"),
                    ClientQueries::jdbcTypeList),
            // pgjdbc TypeInfoCache (ResultSetMetaData.getColumnTypeName of a type it does not know, e.g. interval)
            new Family("pgjdbc-type-by-oid", p("^select n\\.nspname = any\\(current_schemas\\(true\\)\\), n\\.nspname,"
                    + " t\\.typname from pg_catalog\\.pg_type t join pg_catalog\\.pg_namespace n on t\\.typnamespace = n\\.oid where"
                    + " t\\.oid = " + ARG + "$"), ClientQueries::jdbcTypeByOid),
            // pgjdbc TypeInfoCache: a type's array-ness and kind by OID or by name
            new Family("pgjdbc-type-info", p("^select typinput = 'pg_catalog\\.array_in'::regproc as is_array, typtype,"
                    + " typname, pg_type\\.oid from pg_catalog\\.pg_type left join (.*?)(?: where (pg_type\\.oid|typname) = " + ARG
                    + ")? order by sp\\.r, pg_type\\.oid desc( limit 1)?$"), ClientQueries::jdbcTypeInfo),
            // Grafana's table list without a schema (postgresMetaQuery showTables())
            new Family("grafana-tables", p("^select case when (.*) then quote_ident\\(table_name\\) else"
                    + " quote_ident\\(table_schema\\) \\|\\| '\\.' \\|\\| quote_ident\\(table_name\\) end as \"table\" from"
                    + " information_schema\\.tables where quote_ident\\(table_schema\\) not in (.*)$"), ClientQueries::grafanaTables),
            // Grafana's table list of a schema (showTables(schema))
            new Family("grafana-tables-of-schema", p("^select quote_ident\\(table_name\\) as \"table\" from"
                    + " information_schema\\.tables where quote_ident\\(table_schema\\) = " + LIT + " order by 1$"),
                    ClientQueries::grafanaTablesOfSchema),
            // Grafana's column list of a table (getSchema(table))
            new Family("grafana-columns", p("^select quote_ident\\(column_name\\) as \"column\", data_type as \"type\""
                    + " from information_schema\\.columns where case when array_length\\(parse_ident\\(" + LIT + "\\), 1\\) = 2 .*$"),
                    ClientQueries::grafanaColumns),
            // pgjdbc DatabaseMetaData.getSQLKeywords (DBeaver and other GUI tools call it on connect):
            // the dialect's keywords that are not in the SQL:2003 list the driver passes
            new Family("pgjdbc-sql-keywords", p("^select string_agg\\(word, ','\\) from pg_catalog\\.pg_get_keywords\\(\\) where"
                    + " word <> all ?\\('\\{([^'}]*)\\}'::text\\[\\]\\)$"), ClientQueries::jdbcKeywords),
            // pgjdbc DatabaseMetaData.getFunctions: Sundial has no user-defined functions, and its
            // built-in ones are not pg_proc rows (their argument and result types are not PostgreSQL's)
            new Family("pgjdbc-get-functions", p("^select current_database\\(\\) as \"FUNCTION_CAT\", n\\.nspname as"
                    + " \"FUNCTION_SCHEM\", p\\.proname as \"FUNCTION_NAME\", .* from pg_catalog\\.pg_proc p inner join"
                    + " pg_catalog\\.pg_namespace n on .* where true (?:.* )?and p\\.prokind = 'f'.*$"),
                    a -> none("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE:int2", "SPECIFIC_NAME")),
            // pgjdbc DatabaseMetaData.getProcedures: no procedures (prokind 'p') in Sundial
            new Family("pgjdbc-get-procedures", p("^select current_database\\(\\) as \"PROCEDURE_CAT\", n\\.nspname as"
                    + " \"PROCEDURE_SCHEM\", p\\.proname as \"PROCEDURE_NAME\", null, null, null, .* from pg_catalog\\.pg_namespace n,"
                    + " pg_catalog\\.pg_proc p .* where p\\.pronamespace = n\\.oid (?:.* )?and p\\.prokind = 'p'.*$"),
                    a -> none("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "?column?", "?column?", "?column?", "REMARKS",
                            "PROCEDURE_TYPE:int4", "SPECIFIC_NAME")),
            // pgjdbc getFunctionColumns and getProcedureColumns (the same query): the arguments of
            // no function; the driver builds its own result of the rows
            new Family("pgjdbc-function-columns", p("^select current_database\\(\\) as current_database, n\\.nspname,"
                    + " p\\.proname, p\\.prorettype, p\\.proargtypes, t\\.typtype, t\\.typrelid, p\\.proargnames, p\\.proargmodes,"
                    + " p\\.proallargtypes, p\\.oid from pg_catalog\\.pg_proc p, pg_catalog\\.pg_namespace n, pg_catalog\\.pg_type t"
                    + " where .*$"), a -> none("current_database:name", "nspname:name", "proname:name", "prorettype:oid",
                            "proargtypes", "typtype:char", "typrelid:oid", "proargnames", "proargmodes", "proallargtypes", "oid:oid")),
            // pgjdbc getTablePrivileges: Sundial grants by scope to a user, not per table (docs/auth.md),
            // so it states no table ACL rather than the owner's implicit one
            new Family("pgjdbc-table-privileges", p("^select current_database\\(\\) as current_database, n\\.nspname,"
                    + " c\\.relname, r\\.rolname, c\\.relacl from pg_catalog\\.pg_namespace n, pg_catalog\\.pg_class c,"
                    + " pg_catalog\\.pg_roles r where .*$"),
                    a -> none("current_database:name", "nspname:name", "relname:name", "rolname:name", "relacl")),
            // pgjdbc getColumnPrivileges: likewise
            new Family("pgjdbc-column-privileges", p("^select current_database\\(\\) as current_database, n\\.nspname,"
                    + " c\\.relname, r\\.rolname, c\\.relacl, a\\.attacl, a\\.attname from pg_catalog\\.pg_namespace n,"
                    + " pg_catalog\\.pg_class c, pg_catalog\\.pg_roles r, pg_catalog\\.pg_attribute a where .*$"),
                    a -> none("current_database:name", "nspname:name", "relname:name", "rolname:name", "relacl", "attacl",
                            "attname:name")),
            // pgjdbc getUDTs: composite and domain types outside pg_catalog; Sundial's types are all base types
            new Family("pgjdbc-get-udts", p("^select current_database\\(\\) as \"TYPE_CAT\", n\\.nspname as \"TYPE_SCHEM\","
                    + " t\\.typname as \"TYPE_NAME\", .* from pg_catalog\\.pg_type t, pg_catalog\\.pg_namespace n where .* and"
                    + " t\\.typtype in \\('c', 'd'\\).*$"), a -> none("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME",
                            "DATA_TYPE:int4", "REMARKS", "BASE_TYPE:int4")),
            // pgjdbc TypeInfoCache.getPGType(name) (getVersionColumns asks for "tid"): the type's OID by name
            new Family("pgjdbc-type-by-name", p("^select pg_type\\.oid, typname from pg_catalog\\.pg_type left join (.*?)"
                    + " where typname = " + ARG + " order by sp\\.r, pg_type\\.oid desc limit 1$"), ClientQueries::jdbcTypeByName),
            // pgjdbc getClientInfoProperties: the length of type name (pg_type.typlen)
            new Family("pgjdbc-type-length", p("^select t\\.typlen from pg_catalog\\.pg_type t, pg_catalog\\.pg_namespace n"
                    + " where t\\.typnamespace = n\\.oid and t\\.typname = " + LIT + " and n\\.nspname = 'pg_catalog'$"),
                    ClientQueries::jdbcTypeLength),
            // DBeaver's tables of a schema (PostgreSchema TableCache): pg_class with NULL comments and partitioning
            new Family("dbeaver-tables", p("^select c\\.oid, c\\.\\*(?:, (.*?))? from pg_catalog\\.pg_class c(?: left outer join"
                    + " (?:pg_catalog\\.)?(?:pg_description d|pg_depend dep) on (?:(?! where | left ).)*)+ where (.*)$"),
                    DbeaverCatalog::tables),
            // DBeaver's columns of a table or schema (the table cache's children): pg_attribute with NULL defaults and comments
            new Family("dbeaver-columns", p("^select c\\.relname, a\\.\\*(?:, (.*?))? from pg_catalog\\.pg_attribute a inner join"
                    + " pg_catalog\\.pg_class c on \\(a\\.attrelid = c\\.oid\\)((?: left outer join (?:pg_catalog\\.)?(?:pg_attrdef ad|"
                    + "pg_description dsc|pg_depend dep) on (?:(?! where | left ).)*)*) where (.*?)(?: order by (?:c\\.relname, )?a\\.attnum)?$"),
                    DbeaverCatalog::columns),
            // psql \du and \dg (roles), \du+ with their comments
            new Family("psql-list-roles", p("^select r\\.rolname, r\\.rolsuper, r\\.rolinherit, r\\.rolcreaterole, r\\.rolcreatedb,"
                    + " r\\.rolcanlogin, r\\.rolconnlimit, r\\.rolvaliduntil, array\\(select b\\.rolname from pg_catalog\\.pg_auth_members m"
                    + " join pg_catalog\\.pg_roles b on \\(m\\.roleid = b\\.oid\\) where m\\.member = r\\.oid\\) as memberof(, pg_catalog\\."
                    + "shobj_description\\(r\\.oid, 'pg_authid'\\) as description)?, r\\.rolreplication, r\\.rolbypassrls from"
                    + " pg_catalog\\.pg_roles r(?: where (.*))? order by 1$"), ClientQueries::psqlRoles),
            // psql \dT and \dT+ without a pattern: the types outside pg_catalog and information_schema, of which Sundial has none
            new Family("psql-list-types", p("^select n\\.nspname as \"Schema\", pg_catalog\\.format_type\\(t\\.oid, null\\) as \"Name\","
                    + "( t\\.typname as \"Internal name\", .*?)? pg_catalog\\.obj_description\\(t\\.oid,"
                    + " 'pg_type'\\) as \"Description\" from pg_catalog\\.pg_type t left join pg_catalog\\.pg_namespace n on n\\.oid ="
                    + " t\\.typnamespace where .* and n\\.nspname <> 'pg_catalog' and n\\.nspname <> 'information_schema' and"
                    + " pg_catalog\\.pg_type_is_visible\\(t\\.oid\\) order by 1, 2$"), ClientQueries::psqlTypes),
            // DBeaver's data types of a schema (PostgreDataTypeCache), loaded on connect
            new Family("dbeaver-types", p("^select t\\.oid, t\\.\\*, c\\.relkind, format_type\\(nullif\\(t\\.typbasetype, 0\\),"
                    + " t\\.typtypmod\\) as base_type_name, d\\.description from pg_catalog\\.pg_type t(?: left outer join"
                    + " pg_catalog\\.pg_type et on et\\.oid = t\\.typelem)? left outer join (?:pg_catalog\\.)?pg_class c on c\\.oid ="
                    + " t\\.typrelid left outer join pg_catalog\\.pg_description d on t\\.oid = d\\.objoid where (.*?)(?: order by t\\.oid)?$"),
                    DbeaverCatalog::types));

    private ClientQueries() {
    }

    /** A family's pattern: over the whole text, line breaks in literals (psql's {@code E'\n'}) included. */
    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    /** The statement of the family {@code normalized} belongs to, or null. */
    static CatalogStatement recognize(String sql, String normalized, SqlTokens t, ClientSession s) {
        for (Family f : FAMILIES) {
            Matcher m = f.pattern.matcher(normalized);
            if (m.matches()) {
                return new CatalogStatement(sql, t.parameterCount(), dev.sundial.PreparedQuery.Kind.SELECT, s,
                        (c, params) -> f.answer.apply(new Ask(m, normalized, c, params)));
            }
        }
        return null;
    }

    // ---- psql ----

    private static final Pattern GDESC_ROW = Pattern.compile("\\(" + LIT + ", '(\\d+)'::pg_catalog\\.oid, (?:- ?)?\\d+\\)");

    /**
     * psql's {@code \gdesc}: one row per {@code (name, oid, typmod)} of its VALUES list, the type as
     * format_type names it ({@code ???} for an OID it does not know, as PostgreSQL's).
     */
    private static CatalogResult psqlDescribeResult(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        Matcher v = GDESC_ROW.matcher(a.m.group(1));
        while (v.find()) {
            PgType t = PgType.byOid(Long.parseLong(v.group(2)));
            rows.add(new Object[] {v.group(1).replace("''", "'"), t == null ? "???" : t.sqlName()});
        }
        return new CatalogResult(List.of(new CatalogResult.Column("Column", PgType.NAME), new CatalogResult.Column("Type", PgType.TEXT)), rows);
    }

    /**
     * The relations of the kinds asked (only tables exist), with the columns of {@code \\dt}, and
     * those of {@code \\dt+} (Persistence, Access method, Size, Description) or {@code \\di}
     * (Table) by their aliases; an unknown extra column is refused rather than guessed.
     */
    private static CatalogResult psqlRelations(Ask a) {
        List<CatalogResult.Column> cols = new ArrayList<>(List.of(new CatalogResult.Column("Schema", PgType.NAME),
                new CatalogResult.Column("Name", PgType.NAME), new CatalogResult.Column("Type", PgType.TEXT),
                new CatalogResult.Column("Owner", PgType.NAME)));
        List<String> extra = new ArrayList<>();
        Matcher am = ALIASES.matcher(a.m.group(1));
        while (am.find()) {
            String alias = am.group(1).replace("\"\"", "\"");
            if (!List.of("Persistence", "Access method", "Size", "Description", "Table").contains(alias)) {
                throw new UnsupportedCatalogQuery("cannot answer psql's relation list [column=" + alias + "]: not a column Sundial knows");
            }
            extra.add(alias);
            cols.add(new CatalogResult.Column(alias, alias.equals("Access method") || alias.equals("Table") ? PgType.NAME : PgType.TEXT));
        }
        List<Object[]> rows = new ArrayList<>();
        boolean tables = a.m.group(3).contains("'r'");
        Pattern names = pattern(RELNAME_REGEX, a.m.group(4));
        Pattern schemas = pattern(NSPNAME_REGEX, a.m.group(4));
        if (tables && (schemas == null || schemas.matcher("public").find())) {
            for (Catalog.Rel r : a.c.tables()) {
                if (names == null || names.matcher(r.name()).find()) {
                    List<Object> row = new ArrayList<>(List.of("public", r.name(), "table", Catalog.OWNER_NAME));
                    for (String e : extra) {
                        row.add(switch (e) {
                            case "Persistence" -> "permanent";
                            case "Access method" -> "sundial";
                            case "Size" -> sizePretty(r.bytes());
                            default -> null;
                        });
                    }
                    rows.add(row.toArray());
                }
            }
        }
        return new CatalogResult(cols, rows);
    }

    /** PostgreSQL's pg_size_pretty: bytes below 10 kB, then kB, MB, GB, TB, each rounded half up. */
    static String sizePretty(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        long size = bytes >> 9; // half-kB units: the last bit rounds
        for (String unit : List.of("kB", "MB", "GB", "TB")) {
            if (size < 20 * 1024 || unit.equals("TB")) {
                return (size + 1) / 2 + " " + unit;
            }
            size >>= 10;
        }
        throw new IllegalStateException("BUG: unreachable");
    }

    private static CatalogResult psqlLookup(Ask a) {
        Pattern names = pattern(RELNAME_REGEX, a.m.group(1));
        Pattern schemas = pattern(NSPNAME_REGEX, a.m.group(1));
        List<Object[]> rows = new ArrayList<>();
        if (schemas == null || schemas.matcher("public").find()) {
            for (Catalog.Rel r : a.c.tables()) {
                if (names == null || names.matcher(r.name()).find()) {
                    rows.add(new Object[] {r.oid(), "public", r.name()});
                }
            }
        }
        return new CatalogResult(List.of(col("oid", PgType.OID), col("nspname", PgType.NAME), col("relname", PgType.NAME)), rows);
    }

    /**
     * The flags psql reads by position: relchecks, relkind, relhasindex, relhasrules,
     * relhastriggers, relrowsecurity, relforcerowsecurity, relhasoids, relispartition, a reloptions
     * text, reltablespace, the type of a typed table, relpersistence, relreplident, amname. A
     * Sundial table has no checks, indexes, rules, triggers or policies.
     */
    private static CatalogResult psqlTableInfo(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        Catalog.Rel r = a.c.table(Long.parseLong(a.m.group(3)));
        if (r != null) {
            rows.add(new Object[] {0L, "r", false, false, false, false, false, false, false, "", 0L, "", "p", "d", "sundial"});
        }
        return new CatalogResult(List.of(col("relchecks", PgType.INT2), col("relkind", PgType.CHAR), col("relhasindex", PgType.BOOL),
                col("relhasrules", PgType.BOOL), col("relhastriggers", PgType.BOOL), col("relrowsecurity", PgType.BOOL),
                col("relforcerowsecurity", PgType.BOOL), col("relhasoids", PgType.BOOL), col("relispartition", PgType.BOOL),
                col("?column?", PgType.TEXT), col("reltablespace", PgType.OID), col("case", PgType.TEXT),
                col("relpersistence", PgType.CHAR), col("relreplident", PgType.CHAR), col("amname", PgType.NAME)), rows);
    }

    /**
     * attname, format_type, default, attnotnull, attcollation, attidentity, attgenerated (psql
     * reads them by position), and for {@code \\d+} attstorage, attcompression, attstattarget and
     * the column's description.
     */
    private static CatalogResult psqlColumns(Ask a) {
        boolean verbose = a.m.group(2) != null;
        List<Object[]> rows = new ArrayList<>();
        Catalog.Rel r = a.c.table(Long.parseLong(a.m.group(3)));
        if (r != null) {
            for (Catalog.Attr at : r.attrs()) {
                Object[] base = {at.name(), at.type().sqlName(), null, at.notNull(), null, "", ""};
                rows.add(verbose ? new Object[] {base[0], base[1], null, base[3], null, "", "", at.type().len() < 0 ? "x" : "p", "",
                        null, null} : base);
            }
        }
        List<CatalogResult.Column> cols = new ArrayList<>(List.of(col("attname", PgType.NAME), col("format_type", PgType.TEXT),
                col("pg_get_expr", PgType.TEXT), col("attnotnull", PgType.BOOL), col("attcollation", PgType.NAME),
                col("attidentity", PgType.CHAR), col("attgenerated", PgType.CHAR)));
        if (verbose) {
            cols.addAll(List.of(col("attstorage", PgType.CHAR), col("attcompression", PgType.CHAR), col("attstattarget", PgType.INT2),
                    col("col_description", PgType.TEXT)));
        }
        return new CatalogResult(cols, rows);
    }

    /** One database, the one connected to; the columns by their aliases, so \l of any psql version fits. */
    private static CatalogResult psqlDatabases(Ask a) {
        List<CatalogResult.Column> cols = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        cols.add(new CatalogResult.Column("Name", PgType.NAME));
        row.add(a.c.session().database());
        Matcher m = ALIASES.matcher(a.m.group(1));
        while (m.find()) {
            String alias = m.group(1).replace("\"\"", "\"");
            cols.add(new CatalogResult.Column(alias, alias.equals("Owner") || alias.equals("Encoding") ? PgType.NAME : PgType.TEXT));
            row.add(switch (alias) {
                case "Owner" -> Catalog.OWNER_NAME;
                case "Encoding" -> "UTF8";
                case "Collate", "Ctype" -> "C";
                case "Locale Provider" -> "libc";
                default -> null;
            });
        }
        return new CatalogResult(cols, List.<Object[]>of(row.toArray()));
    }

    private static final Pattern ROLNAME_REGEX = Pattern.compile("r\\.rolname operator\\(pg_catalog\\.~\\) " + LIT);

    /**
     * The roles of pg_roles, in the columns psql reads (it prints the Attributes itself from the
     * flags): without {@code pg_*} names unless asked, filtered by the {@code \\du PATTERN}.
     */
    private static CatalogResult psqlRoles(Ask a) {
        String where = a.m.group(2) == null ? "" : a.m.group(2);
        Pattern names = pattern(ROLNAME_REGEX, where);
        Relation roles = a.c.pgRoles();
        List<Object[]> rows = new ArrayList<>();
        boolean verbose = a.m.group(1) != null;
        for (Object[] r : roles.rows()) {
            String name = (String) r[1];
            if ((where.contains("r.rolname !~ '^pg_'") && name.startsWith("pg_")) || (names != null && !names.matcher(name).find())) {
                continue;
            }
            List<Object> row = new ArrayList<>(List.of(name, r[2], r[3], r[4], r[5], r[6], r[8]));
            row.add(null); // rolvaliduntil
            row.add("{}"); // member of no role
            if (verbose) {
                row.add(null);
            }
            row.add(r[7]);
            row.add(r[10]);
            rows.add(row.toArray());
        }
        List<CatalogResult.Column> cols = new ArrayList<>(List.of(col("rolname", PgType.NAME), col("rolsuper", PgType.BOOL),
                col("rolinherit", PgType.BOOL), col("rolcreaterole", PgType.BOOL), col("rolcreatedb", PgType.BOOL),
                col("rolcanlogin", PgType.BOOL), col("rolconnlimit", PgType.INT4), col("rolvaliduntil", PgType.TIMESTAMPTZ),
                col("memberof", PgType.NAME_ARRAY)));
        if (verbose) {
            cols.add(col("description", PgType.TEXT));
        }
        cols.add(col("rolreplication", PgType.BOOL));
        cols.add(col("rolbypassrls", PgType.BOOL));
        return new CatalogResult(cols, rows);
    }

    /** No rows: every type of Sundial's pg_type is in pg_catalog, which {@code \\dT} leaves out. */
    private static CatalogResult psqlTypes(Ask a) {
        List<CatalogResult.Column> cols = new ArrayList<>(List.of(new CatalogResult.Column("Schema", PgType.NAME),
                new CatalogResult.Column("Name", PgType.TEXT)));
        if (a.m.group(1) != null) {
            cols.addAll(List.of(new CatalogResult.Column("Internal name", PgType.NAME), new CatalogResult.Column("Size", PgType.TEXT),
                    new CatalogResult.Column("Elements", PgType.TEXT), new CatalogResult.Column("Owner", PgType.NAME),
                    new CatalogResult.Column("Access privileges", PgType.TEXT)));
        }
        cols.add(new CatalogResult.Column("Description", PgType.TEXT));
        return new CatalogResult(cols, List.of());
    }

    private static CatalogResult psqlSchemas(Ask a) {
        String where = a.m.group(1);
        Pattern names = pattern(NSPNAME_REGEX, where);
        List<Object[]> rows = new ArrayList<>();
        for (Object[] n : Catalog.namespaces()) {
            String name = (String) n[1];
            boolean system = name.startsWith("pg_") || name.equals("information_schema");
            if ((!system || !where.contains("n.nspname !~ '^pg_'")) && (names == null || names.matcher(name).find())) {
                rows.add(new Object[] {name, Catalog.OWNER_NAME});
            }
        }
        rows.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
        return new CatalogResult(List.of(new CatalogResult.Column("Name", PgType.NAME), new CatalogResult.Column("Owner", PgType.NAME)),
                rows);
    }

    // ---- pgjdbc ----

    private static CatalogResult jdbcTables(Ask a) {
        String where = a.m.group(3);
        Pattern names = likeArg(where, "c\\.relname like " + ARG, a.params);
        Pattern schemas = likeArg(where, "n\\.nspname like " + ARG, a.params);
        boolean typeFilter = where.contains(" and (false ");
        boolean tables = !typeFilter || where.matches(".*\\(c\\.relkind (= 'r'|in \\('r'[^)]*\\)) and n\\.nspname !~ '\\^pg_'.*");
        List<Object[]> rows = new ArrayList<>();
        if (tables && (schemas == null || schemas.matcher("public").matches())) {
            for (Catalog.Rel r : a.c.tables()) {
                if (names == null || names.matcher(r.name()).matches()) {
                    rows.add(new Object[] {a.m.group(1).equals("null") ? null : a.c.session().database(), "public", r.name(), "TABLE",
                            null, "", "", "", "", ""});
                }
            }
        }
        return new CatalogResult(List.of(new CatalogResult.Column("TABLE_CAT", PgType.NAME),
                new CatalogResult.Column("TABLE_SCHEM", PgType.NAME), new CatalogResult.Column("TABLE_NAME", PgType.NAME),
                new CatalogResult.Column("TABLE_TYPE", PgType.TEXT), new CatalogResult.Column("REMARKS", PgType.TEXT),
                new CatalogResult.Column("TYPE_CAT", PgType.TEXT), new CatalogResult.Column("TYPE_SCHEM", PgType.TEXT),
                new CatalogResult.Column("TYPE_NAME", PgType.TEXT), new CatalogResult.Column("SELF_REFERENCING_COL_NAME", PgType.TEXT),
                new CatalogResult.Column("REF_GENERATION", PgType.TEXT)), rows);
    }

    private static CatalogResult jdbcSchemas(Ask a) {
        Pattern names = likeArg(a.m.group(2), "nspname like " + ARG, a.params);
        List<Object[]> rows = new ArrayList<>();
        for (Object[] n : Catalog.namespaces()) {
            if (names == null || names.matcher((String) n[1]).matches()) {
                rows.add(new Object[] {n[1], a.m.group(1).equals("null") ? null : a.c.session().database()});
            }
        }
        rows.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
        return new CatalogResult(List.of(new CatalogResult.Column("TABLE_SCHEM", PgType.NAME),
                new CatalogResult.Column("TABLE_CATALOG", PgType.NAME)), rows);
    }

    /** The inner select's columns, which pgjdbc reads by name. */
    private static CatalogResult jdbcColumns(Ask a) {
        Pattern tables = likeArg(a.m.group(2), "c\\.relname like " + ARG, a.params);
        Pattern schemas = likeArg(a.m.group(2), "n\\.nspname like " + ARG, a.params);
        Pattern columns = likeArg(a.m.group(3), "attname like " + ARG, a.params);
        List<Object[]> rows = new ArrayList<>();
        if (schemas == null || schemas.matcher("public").matches()) {
            for (Catalog.Rel r : a.c.tables()) {
                if (tables != null && !tables.matcher(r.name()).matches()) {
                    continue;
                }
                for (Catalog.Attr at : r.attrs()) {
                    if (columns == null || columns.matcher(at.name()).matches()) {
                        rows.add(new Object[] {a.c.session().database(), "public", r.name(), at.name(), (long) at.type().oid(), at.notNull(), -1L,
                                (long) at.type().len(), -1L, (long) at.num(), null, null, null, null, 0L, "b"});
                    }
                }
            }
        }
        return new CatalogResult(List.of(col("current_database", PgType.NAME), col("nspname", PgType.NAME),
                col("relname", PgType.NAME), col("attname", PgType.NAME), col("atttypid", PgType.OID), col("attnotnull", PgType.BOOL), col("atttypmod", PgType.INT4), col("attlen", PgType.INT2),
                col("typtypmod", PgType.INT4), col("attnum", PgType.INT8), col("attidentity", PgType.CHAR),
                col("attgenerated", PgType.CHAR), col("adsrc", PgType.TEXT), col("description", PgType.TEXT),
                col("typbasetype", PgType.OID), col("typtype", PgType.CHAR)), rows);
    }

    private static CatalogResult jdbcTypeList(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        for (PgType t : PgType.ALL) {
            rows.add(new Object[] {t.name(), (long) t.oid()});
        }
        return new CatalogResult(List.of(col("typname", PgType.NAME), col("oid", PgType.OID)), rows);
    }

    private static CatalogResult jdbcTypeByOid(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        PgType t = byOid(arg(a.m.group(1), a.params));
        if (t != null) {
            rows.add(new Object[] {true, "pg_catalog", t.name()});
        }
        return new CatalogResult(List.of(col("?column?", PgType.BOOL), col("nspname", PgType.NAME), col("typname", PgType.NAME)), rows);
    }

    private static CatalogResult jdbcTypeInfo(Ask a) {
        String by = a.m.group(2);
        String v = by == null ? null : arg(a.m.group(3), a.params);
        List<Object[]> rows = new ArrayList<>();
        for (PgType t : PgType.ALL) {
            if (by == null || by.equals("typname") ? by == null || t.name().equals(v) : t == byOid(v)) {
                rows.add(new Object[] {t.category() == 'A', "b", t.name(), (long) t.oid()});
            }
        }
        return new CatalogResult(List.of(col("is_array", PgType.BOOL), col("typtype", PgType.CHAR), col("typname", PgType.NAME),
                col("oid", PgType.OID)), rows);
    }

    /**
     * No rows, in columns {@code name[:type]} (text unless a type is named): the answer to a
     * catalog of things Sundial does not have.
     */
    private static CatalogResult none(String... columns) {
        List<CatalogResult.Column> cols = new ArrayList<>();
        for (String c : columns) {
            int colon = c.lastIndexOf(':');
            PgType type = PgType.TEXT;
            String name = c;
            if (colon > 0) {
                name = c.substring(0, colon);
                type = switch (c.substring(colon + 1)) {
                    case "name" -> PgType.NAME;
                    case "oid" -> PgType.OID;
                    case "char" -> PgType.CHAR;
                    case "int2" -> PgType.INT2;
                    case "int4" -> PgType.INT4;
                    default -> throw new IllegalStateException("BUG: no catalog type " + c);
                };
            }
            cols.add(new CatalogResult.Column(name, type));
        }
        return new CatalogResult(cols, List.of());
    }

    private static CatalogResult jdbcTypeByName(Ask a) {
        String name = arg(a.m.group(2), a.params);
        List<Object[]> rows = new ArrayList<>();
        for (PgType t : PgType.ALL) {
            if (t.name().equals(name)) {
                rows.add(new Object[] {(long) t.oid(), t.name()});
            }
        }
        return new CatalogResult(List.of(col("oid", PgType.OID), col("typname", PgType.NAME)), rows);
    }

    private static CatalogResult jdbcTypeLength(Ask a) {
        String name = unquote(a.m.group(1));
        List<Object[]> rows = new ArrayList<>();
        for (PgType t : PgType.ALL) {
            if (t.name().equals(name)) {
                rows.add(new Object[] {(long) t.len()});
            }
        }
        return new CatalogResult(List.of(col("typlen", PgType.INT2)), rows);
    }

    // ---- Grafana ----

    private static CatalogResult grafanaTables(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Rel r : a.c.tables()) {
            rows.add(new Object[] {quoteIdent(r.name())});
        }
        rows.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
        return new CatalogResult(List.of(new CatalogResult.Column("table", PgType.TEXT)), rows);
    }

    private static CatalogResult grafanaTablesOfSchema(Ask a) {
        List<Object[]> rows = new ArrayList<>();
        if (unquote(a.m.group(1)).equals("public")) {
            for (Catalog.Rel r : a.c.tables()) {
                rows.add(new Object[] {quoteIdent(r.name())});
            }
        }
        rows.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
        return new CatalogResult(List.of(new CatalogResult.Column("table", PgType.TEXT)), rows);
    }

    /**
     * One row: Sundial's keywords (its SQL parser's, lower case) that are not in the list the
     * driver excludes, comma-separated, as {@code string_agg} over PostgreSQL's {@code
     * pg_get_keywords()} would give them.
     */
    private static CatalogResult jdbcKeywords(Ask a) {
        java.util.Set<String> excluded = new java.util.HashSet<>(List.of(a.m.group(1).split(","))); // a word may repeat
        List<String> words = new ArrayList<>();
        for (String k : dev.sundial.sql.parser.SqlParser.keywords()) {
            String w = k.toLowerCase(Locale.ROOT);
            if (!excluded.contains(w)) {
                words.add(w);
            }
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {String.join(",", words)});
        return new CatalogResult(List.of(col("string_agg", PgType.TEXT)), rows);
    }

    private static CatalogResult grafanaColumns(Ask a) {
        List<String> parts = parseIdent(unquote(a.m.group(1)));
        String table = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
        boolean schemaOk = parts.size() != 2 || parts.get(0).equals("public");
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Rel r : a.c.tables()) {
            if (schemaOk && r.name().equals(table)) {
                for (Catalog.Attr at : r.attrs()) {
                    rows.add(new Object[] {quoteIdent(at.name()), at.type().sqlName()});
                }
            }
        }
        return new CatalogResult(List.of(new CatalogResult.Column("column", PgType.TEXT),
                new CatalogResult.Column("type", PgType.VARCHAR)), rows);
    }

    // ---- helpers ----

    /** A psql name pattern (a POSIX regular expression, {@code ^(cpu)$}) found in {@code where}, or null. */
    private static Pattern pattern(Pattern finder, String where) {
        Matcher m = finder.matcher(where);
        if (!m.find()) {
            return null;
        }
        String regex = unquote(m.group(1));
        String problem = regex.length() > MAX_NAME_PATTERN ? "longer than " + MAX_NAME_PATTERN + " characters" : namePatternProblem(regex);
        if (problem == null) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problem = e.getDescription();
            }
        }
        throw new UnsupportedCatalogQuery("cannot answer psql's name pattern [pattern=" + regex.substring(0, Math.min(regex.length(), 80))
                + "]: " + problem);
    }

    /** The longest name pattern compiled: a name has at most 63 characters, and compiling a long literal takes quadratic time. */
    private static final int MAX_NAME_PATTERN = 1_000;

    /**
     * Why a psql name pattern is not run, or null: the patterns psql makes ({@code ^(cpu.*)$}, {@code
     * ^(c\.pu)$}, {@code ^(cpu|mem)$}) pass; Java-only syntax ({@code (?}, possessive {@code *+},
     * escapes other than a quoted symbol or {@code \d \s \w}), bounds and POSIX classes are refused
     * (PostgreSQL's regular expressions are not Java's), and so is a repeated group holding a
     * repetition or an alternation ({@code (a*)*}, {@code (a|a)*}), which a backtracking matcher
     * could take exponential time on: the client chose the pattern.
     */
    static String namePatternProblem(String regex) {
        List<Boolean> groupRepeats = new ArrayList<>(); // per open group: whether it holds a repetition or an alternation
        boolean atom = false; // whether the last item can be repeated
        boolean quantified = false; // whether the last item is a repetition
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= regex.length()) {
                        return "it ends in a backslash";
                    }
                    char e = regex.charAt(++i);
                    if (Character.isLetterOrDigit(e) && "dDsSwW".indexOf(e) < 0) {
                        return "the escape \\" + e + " is not one Sundial reads";
                    }
                    atom = true;
                    quantified = false;
                }
                case '[' -> {
                    int end = classEnd(regex, i);
                    if (end < 0) {
                        return "a bracket expression Sundial does not read";
                    }
                    i = end;
                    atom = true;
                    quantified = false;
                }
                case '(' -> {
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == '?') {
                        return "(? is Java's syntax, not PostgreSQL's";
                    }
                    groupRepeats.add(false);
                    atom = false;
                    quantified = false;
                }
                case ')' -> {
                    if (groupRepeats.isEmpty()) {
                        return "unbalanced parentheses";
                    }
                    boolean inner = groupRepeats.remove(groupRepeats.size() - 1);
                    if (i + 1 < regex.length() && "*+?{".indexOf(regex.charAt(i + 1)) >= 0 && inner) {
                        return "a repeated group holds a repetition or an alternation";
                    }
                    if (inner && !groupRepeats.isEmpty()) {
                        groupRepeats.set(groupRepeats.size() - 1, true);
                    }
                    atom = true;
                    quantified = false;
                }
                case '|' -> {
                    if (!groupRepeats.isEmpty()) {
                        groupRepeats.set(groupRepeats.size() - 1, true);
                    }
                    atom = false;
                    quantified = false;
                }
                case '*', '+', '?' -> {
                    if (quantified && c == '?') {
                        quantified = false; // lazy: *? +? ??
                        continue;
                    }
                    if (!atom) {
                        return "a repetition without anything to repeat";
                    }
                    if (!groupRepeats.isEmpty()) {
                        groupRepeats.set(groupRepeats.size() - 1, true);
                    }
                    atom = false;
                    quantified = true;
                }
                case '{', '}' -> {
                    return "bounds ({m,n}) are not read";
                }
                default -> {
                    atom = true;
                    quantified = false;
                }
            }
        }
        return groupRepeats.isEmpty() ? null : "unbalanced parentheses";
    }

    /** The index of the ] ending the bracket expression opening at {@code open}, or -1 when it is one Sundial does not read. */
    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        int first = i;
        char prev = 0;
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == ']' && i > first) {
                return i;
            }
            if (c == '[' || c == ']' || c == '\\' || c == '&') {
                return -1; // nested or POSIX classes, escapes and && differ between Java and PostgreSQL
            }
            if (c == '-' && i > first && i + 1 < regex.length() && regex.charAt(i + 1) != ']') {
                char hi = regex.charAt(i + 1);
                if (hi == '[' || hi == '\\' || hi == '&' || hi < prev) {
                    return -1;
                }
                i++;
                prev = 0;
                continue;
            }
            prev = c;
        }
        return -1;
    }

    /** A LIKE pattern given as a literal or a parameter, or null when the condition is absent or the value NULL. */
    private static Pattern likeArg(String where, String regex, Object[] params) {
        Matcher m = Pattern.compile(regex).matcher(where);
        if (!m.find()) {
            return null;
        }
        String v = arg(m.group(1), params);
        return v == null ? Pattern.compile("(?!)") : SimpleSelect.like(v);
    }

    /** A literal ({@code 'x'}) or parameter ({@code $1}) of the normalized text as its value. */
    static String arg(String text, Object[] params) {
        if (text.startsWith("$")) {
            int i = Integer.parseInt(text.substring(1)) - 1;
            return i < params.length && params[i] != null ? params[i].toString() : null;
        }
        return unquote(text.substring(1, text.length() - 1));
    }

    private static PgType byOid(String v) {
        try {
            return v == null ? null : PgType.byOid(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unquote(String literalBody) {
        return literalBody.replace("''", "'");
    }

    /** PostgreSQL's quote_ident: plain lower-case names as they are, others in double quotes. */
    static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** PostgreSQL's parse_ident: dot-separated names, quoted ones kept as written, others lower-cased. */
    static List<String> parseIdent(String s) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i <= s.length()) {
            StringBuilder sb = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length()) {
                    if (s.charAt(i) == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        sb.append('"');
                        i += 2;
                    } else if (s.charAt(i) == '"') {
                        i++;
                        break;
                    } else {
                        sb.append(s.charAt(i++));
                    }
                }
            } else {
                while (i < s.length() && s.charAt(i) != '.') {
                    sb.append(s.charAt(i++));
                }
                String p = sb.toString().strip().toLowerCase(Locale.ROOT);
                sb.setLength(0);
                sb.append(p);
            }
            parts.add(sb.toString());
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        return parts;
    }
}
