package dev.sundial.server.pgwire.catalog;

import static dev.sundial.server.pgwire.catalog.Relation.col;

import dev.sundial.SqlType;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.server.pgwire.PgTypes;
import dev.sundial.sql.analyze.Scope;
import dev.sundial.sql.analyze.SelectAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The live catalog as PostgreSQL's catalog relations, built for one query from the database's
 * tables (the same {@link Sundial#tables()} and columns as {@code SHOW TABLES} and {@code
 * DESCRIBE}), so a table created a moment ago is there and a dropped one is gone.
 *
 * <p>Every table is a {@code pg_class} row of kind {@code r} in schema {@code public}; its OID is
 * derived from its name (CRC-32 into [16384, 2^31), the range of user objects), so it is the same
 * in every query and every session, which psql relies on when it looks a table up and then asks
 * for its columns by OID. Columns are numbered from 1 in DESCRIBE order: the timestamp (NOT NULL:
 * every row has one), the tags, the values. Immutable; built and read by one thread.
 */
final class Catalog {
    static final long PG_CATALOG = 11;
    static final long PUBLIC = 2200;
    static final long INFORMATION_SCHEMA = 13_000;
    static final long OWNER = 10;
    static final String OWNER_NAME = "sundial";
    static final long DATABASE_OID = 16_383;
    private static final long FIRST_USER_OID = 16_384;

    /** A column of a table: attnum from 1, its type, whether it may be NULL, and its kind (timestamp, tag, value). */
    record Attr(String name, int num, PgType type, boolean notNull, String kind) {
    }

    /** A table: its OID and columns, and the table itself for its statistics. */
    record Rel(long oid, String name, List<Attr> attrs, Table table) {
        /** Bytes of the table's segments in every tier (rows still only in memory are not counted), as DESCRIBE shows them. */
        long bytes() {
            long b = 0;
            for (dev.sundial.tier.TierStats.Figures f : table.tierStats().tiers().values()) {
                b += f.bytes();
            }
            return b;
        }
    }

    private final ClientSession session;
    private final List<Rel> tables = new ArrayList<>();

    private Catalog(ClientSession session) {
        this.session = session;
    }

    static Catalog of(ClientSession session) {
        Catalog c = new Catalog(session);
        Sundial db = session.session().database();
        List<Table> live = new ArrayList<>(db.tables());
        live.sort(Comparator.comparing(Table::name));
        Set<Long> used = new HashSet<>();
        for (Table t : live) {
            long oid = oid(t.name());
            while (!used.add(oid)) {
                oid = oid + 1 >= Integer.MAX_VALUE ? FIRST_USER_OID : oid + 1; // a CRC collision: the next free OID
            }
            List<Attr> attrs = new ArrayList<>();
            int num = 1;
            for (Scope.Column sc : SelectAnalyzer.tableScope(t, t.name()).columns()) {
                String kind = switch (sc.kind()) {
                    case TIMESTAMP -> "timestamp";
                    case TAG -> "tag";
                    default -> "value";
                };
                attrs.add(new Attr(sc.name(), num++, type(sc.type()), sc.kind() == Scope.Kind.TIMESTAMP, kind));
            }
            c.tables.add(new Rel(oid, t.name(), List.copyOf(attrs), t));
        }
        return c;
    }

    /** The pg_type of a column of {@code t}, as pgwire sends it. */
    static PgType type(SqlType t) {
        return PgType.of(t, PgTypes.oid(t));
    }

    static long oid(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return FIRST_USER_OID + crc.getValue() % (Integer.MAX_VALUE - FIRST_USER_OID);
    }

    ClientSession session() {
        return session;
    }

    /** The tables, sorted by name. */
    List<Rel> tables() {
        return tables;
    }

    Rel table(long oid) {
        for (Rel r : tables) {
            if (r.oid == oid) {
                return r;
            }
        }
        return null;
    }

    /** Schema names with their OIDs: pg_namespace. */
    static List<Object[]> namespaces() {
        return List.of(new Object[] {PG_CATALOG, "pg_catalog"}, new Object[] {PUBLIC, "public"},
                new Object[] {INFORMATION_SCHEMA, "information_schema"});
    }

    static String namespaceName(long oid) {
        for (Object[] n : namespaces()) {
            if ((long) n[0] == oid) {
                return (String) n[1];
            }
        }
        return null;
    }

    private static final Set<String> MODELLED = Set.of("pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_database",
            "pg_settings", "pg_tables", "pg_extension", "pg_roles", "information_schema.tables", "information_schema.columns",
            "information_schema.schemata");

    /** Whether {@link #relation} answers {@code name}. */
    static boolean models(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return MODELLED.contains(n.startsWith("pg_catalog.") ? n.substring("pg_catalog.".length()) : n);
    }

    /**
     * A relation by its name as written in the query (lower case, with or without its schema:
     * {@code pg_catalog.pg_class}, {@code pg_class}, {@code information_schema.tables}), or null
     * when it is not one the catalog models.
     */
    Relation relation(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("pg_catalog.")) {
            n = n.substring("pg_catalog.".length());
        }
        return switch (n) {
            case "pg_namespace" -> pgNamespace();
            case "pg_class" -> pgClass();
            case "pg_attribute" -> pgAttribute();
            case "pg_type" -> pgType();
            case "pg_database" -> pgDatabase();
            case "pg_settings" -> pgSettings();
            case "pg_tables" -> pgTables();
            case "pg_roles" -> pgRoles();
            case "pg_extension" -> new Relation("pg_extension", List.of(col("oid", PgType.OID), col("extname", PgType.NAME),
                    col("extversion", PgType.TEXT)), List.of());
            case "information_schema.tables" -> infoTables();
            case "information_schema.columns" -> infoColumns();
            case "information_schema.schemata" -> infoSchemata();
            default -> null;
        };
    }

    Relation pgNamespace() {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] n : namespaces()) {
            rows.add(new Object[] {n[0], n[1], OWNER, null});
        }
        return new Relation("pg_namespace", List.of(col("oid", PgType.OID), col("nspname", PgType.NAME),
                col("nspowner", PgType.OID), col("nspacl", PgType.TEXT)), rows);
    }

    Relation pgClass() {
        List<Object[]> rows = new ArrayList<>();
        for (Rel t : tables) {
            rows.add(new Object[] {t.oid, t.name, PUBLIC, 0L, OWNER, 2L, 0L, "p", "r", (long) t.attrs.size(), false, false, false});
        }
        return new Relation("pg_class", List.of(col("oid", PgType.OID), col("relname", PgType.NAME),
                col("relnamespace", PgType.OID), col("reltype", PgType.OID), col("relowner", PgType.OID), col("relam", PgType.OID),
                col("reltablespace", PgType.OID), col("relpersistence", PgType.CHAR), col("relkind", PgType.CHAR),
                col("relnatts", PgType.INT2), col("relhasindex", PgType.BOOL), col("relispartition", PgType.BOOL),
                col("relhastriggers", PgType.BOOL)), rows);
    }

    Relation pgAttribute() {
        List<Object[]> rows = new ArrayList<>();
        for (Rel t : tables) {
            for (Attr a : t.attrs) {
                rows.add(new Object[] {t.oid, a.name, (long) a.type.oid(), (long) a.type.len(), (long) a.num, -1L, a.notNull, false,
                        false, "", ""});
            }
        }
        return new Relation("pg_attribute", List.of(col("attrelid", PgType.OID), col("attname", PgType.NAME),
                col("atttypid", PgType.OID), col("attlen", PgType.INT2), col("attnum", PgType.INT2), col("atttypmod", PgType.INT4),
                col("attnotnull", PgType.BOOL), col("atthasdef", PgType.BOOL), col("attisdropped", PgType.BOOL),
                col("attidentity", PgType.CHAR), col("attgenerated", PgType.CHAR)), rows);
    }

    static Relation pgType() {
        List<Object[]> rows = new ArrayList<>();
        for (PgType t : PgType.ALL) {
            rows.add(new Object[] {(long) t.oid(), t.name(), PG_CATALOG, OWNER, (long) t.len(), "b", String.valueOf(t.category()),
                    0L, (long) t.elem(), (long) t.array(), t.category() == 'A' ? "array_in" : t.name() + "in", 0L, -1L, false});
        }
        return new Relation("pg_type", List.of(col("oid", PgType.OID), col("typname", PgType.NAME),
                col("typnamespace", PgType.OID), col("typowner", PgType.OID), col("typlen", PgType.INT2), col("typtype", PgType.CHAR),
                col("typcategory", PgType.CHAR), col("typrelid", PgType.OID), col("typelem", PgType.OID), col("typarray", PgType.OID),
                col("typinput", PgType.REGPROC), col("typbasetype", PgType.OID), col("typtypmod", PgType.INT4),
                col("typnotnull", PgType.BOOL)), rows);
    }

    Relation pgDatabase() {
        return new Relation("pg_database", List.of(col("oid", PgType.OID), col("datname", PgType.NAME), col("datdba", PgType.OID),
                col("encoding", PgType.INT4), col("datcollate", PgType.TEXT), col("datctype", PgType.TEXT),
                col("datallowconn", PgType.BOOL), col("datistemplate", PgType.BOOL), col("datconnlimit", PgType.INT4)),
                List.<Object[]>of(new Object[] {DATABASE_OID, session.database(), OWNER, 6L, "C", "C", true, false, -1L}));
    }

    Relation pgSettings() {
        List<Object[]> rows = new ArrayList<>();
        for (String name : Settings.names()) {
            rows.add(new Object[] {name, Settings.value(session, name), Settings.description(name), Settings.resetValue(name)});
        }
        return new Relation("pg_settings", List.of(col("name", PgType.TEXT), col("setting", PgType.TEXT),
                col("short_desc", PgType.TEXT), col("reset_val", PgType.TEXT)), rows);
    }

    /**
     * The roles: the owner of every table ({@value #OWNER_NAME}, OID {@value #OWNER}), and the
     * connected user, and every pgwire user of {@code sundial user add} (docs/auth.md); no role is a superuser or may create roles or databases
     * in PostgreSQL's sense (the connection reports {@code is_superuser} off; Sundial's scopes
     * are not these attributes). The owner logs in only as the connected user of that name.
     */
    Relation pgRoles() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(role(OWNER, OWNER_NAME, session.user().equals(OWNER_NAME)));
        java.util.Set<String> logins = new java.util.TreeSet<>(session.users().get());
        logins.add(session.user());
        logins.remove(OWNER_NAME);
        for (String name : logins) {
            rows.add(role(oid("role " + name), name, true));
        }
        rows.sort((x, y) -> ((String) x[1]).compareTo((String) y[1]));
        return new Relation("pg_roles", List.of(col("oid", PgType.OID), col("rolname", PgType.NAME), col("rolsuper", PgType.BOOL),
                col("rolinherit", PgType.BOOL), col("rolcreaterole", PgType.BOOL), col("rolcreatedb", PgType.BOOL),
                col("rolcanlogin", PgType.BOOL), col("rolreplication", PgType.BOOL), col("rolconnlimit", PgType.INT4),
                col("rolvaliduntil", PgType.TIMESTAMPTZ), col("rolbypassrls", PgType.BOOL)), rows);
    }

    private static Object[] role(long oid, String name, boolean login) {
        return new Object[] {oid, name, false, true, false, false, login, false, -1L, null, false};
    }

    Relation pgTables() {
        List<Object[]> rows = new ArrayList<>();
        for (Rel t : tables) {
            rows.add(new Object[] {"public", t.name, OWNER_NAME, null, false, false, false, false});
        }
        return new Relation("pg_tables", List.of(col("schemaname", PgType.NAME), col("tablename", PgType.NAME),
                col("tableowner", PgType.NAME), col("tablespace", PgType.NAME), col("hasindexes", PgType.BOOL),
                col("hasrules", PgType.BOOL), col("hastriggers", PgType.BOOL), col("rowsecurity", PgType.BOOL)), rows);
    }

    Relation infoTables() {
        List<Object[]> rows = new ArrayList<>();
        for (Rel t : tables) {
            rows.add(new Object[] {session.database(), "public", t.name, "BASE TABLE", "YES", "NO"});
        }
        return new Relation("information_schema.tables", List.of(col("table_catalog", PgType.NAME),
                col("table_schema", PgType.NAME), col("table_name", PgType.NAME), col("table_type", PgType.VARCHAR),
                col("is_insertable_into", PgType.VARCHAR), col("is_typed", PgType.VARCHAR)), rows);
    }

    Relation infoColumns() {
        List<Object[]> rows = new ArrayList<>();
        for (Rel t : tables) {
            for (Attr a : t.attrs) {
                rows.add(new Object[] {session.database(), "public", t.name, a.name, (long) a.num, null, a.notNull ? "NO" : "YES",
                        a.type.sqlName(), a.type.name(), session.database(), "pg_catalog", a.kind});
            }
        }
        return new Relation("information_schema.columns", List.of(col("table_catalog", PgType.NAME),
                col("table_schema", PgType.NAME), col("table_name", PgType.NAME), col("column_name", PgType.NAME),
                col("ordinal_position", PgType.INT4), col("column_default", PgType.VARCHAR), col("is_nullable", PgType.VARCHAR),
                col("data_type", PgType.VARCHAR), col("udt_name", PgType.NAME), col("udt_catalog", PgType.NAME),
                col("udt_schema", PgType.NAME), col("sundial_kind", PgType.VARCHAR)), rows);
    }

    Relation infoSchemata() {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] n : namespaces()) {
            rows.add(new Object[] {session.database(), n[1], OWNER_NAME});
        }
        return new Relation("information_schema.schemata", List.of(col("catalog_name", PgType.NAME),
                col("schema_name", PgType.NAME), col("schema_owner", PgType.NAME)), rows);
    }
}
