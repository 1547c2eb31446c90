package dev.sundial.server.pgwire.catalog;

import dev.sundial.SqlType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code pg_catalog.pg_type}: the PostgreSQL types Sundial's results use (the OIDs of
 * {@code PgTypes} for {@link SqlType}s) and those the catalog relations' own columns use (name,
 * oid, int2, "char", …). A catalog value of type {@code t} is held as {@link #sqlType()}'s Java
 * value (Long, Double, Boolean or String). Immutable and thread-safe.
 *
 * @param len      typlen: bytes of a fixed-size value, -1 variable, -2 C string
 * @param category typcategory (B boolean, N numeric, S string, D date/time, T timespan, A array, U user)
 * @param elem     typelem: the element type of an array type, else 0
 * @param array    typarray: the array type of this type, else 0
 */
public record PgType(int oid, String name, int len, char category, SqlType sqlType, int elem, int array) {
    public static final PgType BOOL = new PgType(16, "bool", 1, 'B', SqlType.BOOLEAN, 0, 1000);
    public static final PgType CHAR = new PgType(18, "char", 1, 'Z', SqlType.VARCHAR, 0, 1002);
    public static final PgType NAME = new PgType(19, "name", 64, 'S', SqlType.VARCHAR, 0, 1003);
    public static final PgType INT8 = new PgType(20, "int8", 8, 'N', SqlType.BIGINT, 0, 1016);
    public static final PgType INT2 = new PgType(21, "int2", 2, 'N', SqlType.BIGINT, 0, 1005);
    public static final PgType INT4 = new PgType(23, "int4", 4, 'N', SqlType.BIGINT, 0, 1007);
    public static final PgType REGPROC = new PgType(24, "regproc", 4, 'N', SqlType.VARCHAR, 0, 1008);
    public static final PgType TEXT = new PgType(25, "text", -1, 'S', SqlType.VARCHAR, 0, 1009);
    public static final PgType OID = new PgType(26, "oid", 4, 'N', SqlType.BIGINT, 0, 1028);
    public static final PgType FLOAT4 = new PgType(700, "float4", 4, 'N', SqlType.DOUBLE, 0, 1021);
    public static final PgType FLOAT8 = new PgType(701, "float8", 8, 'N', SqlType.DOUBLE, 0, 1022);
    public static final PgType VARCHAR = new PgType(1043, "varchar", -1, 'S', SqlType.VARCHAR, 0, 1015);
    public static final PgType DATE = new PgType(1082, "date", 4, 'D', SqlType.VARCHAR, 0, 1182);
    public static final PgType TIMESTAMP = new PgType(1114, "timestamp", 8, 'D', SqlType.VARCHAR, 0, 1115);
    public static final PgType TIMESTAMPTZ = new PgType(1184, "timestamptz", 8, 'D', SqlType.TIMESTAMP, 0, 1185);
    public static final PgType INTERVAL = new PgType(1186, "interval", 16, 'T', SqlType.INTERVAL, 0, 1187);
    public static final PgType NUMERIC = new PgType(1700, "numeric", -1, 'N', SqlType.DOUBLE, 0, 1231);
    public static final PgType REGCLASS = new PgType(2205, "regclass", 4, 'N', SqlType.VARCHAR, 0, 2210);
    public static final PgType REGTYPE = new PgType(2206, "regtype", 4, 'N', SqlType.VARCHAR, 0, 2211);
    public static final PgType TEXT_ARRAY = new PgType(1009, "_text", -1, 'A', SqlType.VARCHAR, 25, 0);
    public static final PgType NAME_ARRAY = new PgType(1003, "_name", -1, 'A', SqlType.VARCHAR, 19, 0);

    /** Every type of pg_type, by OID. */
    public static final List<PgType> ALL = List.of(BOOL, CHAR, NAME, INT8, INT2, INT4, REGPROC, TEXT, OID, FLOAT4, FLOAT8,
            VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC, REGCLASS, REGTYPE, TEXT_ARRAY, NAME_ARRAY);

    private static final Map<Integer, PgType> BY_OID = new LinkedHashMap<>();

    static {
        for (PgType t : ALL) {
            BY_OID.put(t.oid, t);
        }
    }

    /** The type of OID {@code oid}, or null. */
    public static PgType byOid(long oid) {
        return oid > Integer.MAX_VALUE || oid < 0 ? null : BY_OID.get((int) oid);
    }

    /** The type a result column of {@code t} has on the wire (the mapping of {@code PgTypes.oid}). */
    public static PgType of(SqlType t, int oid) {
        PgType p = BY_OID.get(oid);
        if (p == null) {
            throw new IllegalStateException("BUG: pgwire type " + oid + " of " + t + " is not in pg_type");
        }
        return p;
    }

    /** format_type(): the SQL name psql's {@code \d} and information_schema show. */
    public String sqlName() {
        return switch (name) {
            case "bool" -> "boolean";
            case "int8" -> "bigint";
            case "int4" -> "integer";
            case "int2" -> "smallint";
            case "float8" -> "double precision";
            case "float4" -> "real";
            case "varchar" -> "character varying";
            case "timestamptz" -> "timestamp with time zone";
            case "timestamp" -> "timestamp without time zone";
            case "char" -> "\"char\"";
            case "_text" -> "text[]";
            case "_name" -> "name[]";
            default -> name;
        };
    }
}
