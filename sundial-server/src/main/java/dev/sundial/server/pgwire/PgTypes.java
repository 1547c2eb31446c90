package dev.sundial.server.pgwire;

import dev.sundial.QueryResult;
import dev.sundial.SqlType;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.table.Interval;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * PostgreSQL types of Sundial's values: the type OID and size of each {@link SqlType} in a
 * RowDescription, a result value in text or binary format, and a parameter value from the client
 * as the Java value {@code PreparedQuery.execute} takes. Binary formats follow PostgreSQL's {@code
 * *send}/{@code *recv} functions (big-endian; timestamps as microseconds since 2000-01-01 UTC, so a
 * binary timestamp loses the nanoseconds the text form keeps). Stateless and thread-safe.
 */
public final class PgTypes {
    static final int BOOL = 16;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int TEXT = 25;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int UNKNOWN = 705;
    static final int VARCHAR = 1043;
    static final int DATE = 1082;
    static final int TIMESTAMP = 1114;
    static final int TIMESTAMPTZ = 1184;
    static final int INTERVAL = 1186;
    static final int NUMERIC = 1700;

    /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary timestamps. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary dates. */
    private static final int PG_EPOCH_DAYS = 10_957;

    private PgTypes() {
    }

    public static int oid(SqlType t) {
        return switch (t) {
            case TIMESTAMP -> TIMESTAMPTZ; // Sundial's timestamps are instants in UTC
            case DOUBLE -> FLOAT8;
            case BIGINT -> INT8;
            case BOOLEAN -> BOOL;
            case VARCHAR -> TEXT;
            case INTERVAL -> INTERVAL;
        };
    }

    /** pg_type.typlen: the size of a fixed-size type, -1 for variable size. */
    static int size(SqlType t) {
        return switch (t) {
            case TIMESTAMP, DOUBLE, BIGINT -> 8;
            case BOOLEAN -> 1;
            case VARCHAR -> -1;
            case INTERVAL -> 16;
        };
    }

    /** Column {@code col} of the current row as text, or null for NULL. */
    static String text(QueryResult r, int col, SqlType t) {
        if (r.isNull(col)) {
            return null;
        }
        return switch (t) {
            case TIMESTAMP -> r.timeZone() == null ? PgText.timestamp(r.getLong(col))
                    : dev.sundial.sql.output.ZonedTimestampText.postgres(r.getLong(col), r.timeZone());
            case DOUBLE -> PgText.float8(r.getDouble(col));
            case BIGINT -> Long.toString(r.getLong(col));
            case BOOLEAN -> r.getBoolean(col) ? "t" : "f";
            case VARCHAR -> r.getString(col);
            case INTERVAL -> PgText.interval(r.getObject(col));
        };
    }

    /** A timestamp's binary form: microseconds since 2000-01-01 UTC (the nanoseconds below a microsecond are dropped). */
    static long binaryTimestamp(long epochNanos) {
        return Math.floorDiv(epochNanos, 1000L) - PG_EPOCH_MICROS;
    }

    /** Column {@code col} of the current row in binary format, or null for NULL. */
    static byte[] binary(QueryResult r, int col, SqlType t) {
        if (r.isNull(col)) {
            return null;
        }
        return switch (t) {
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(binaryTimestamp(r.getLong(col))).array();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(r.getDouble(col)).array();
            case BIGINT -> ByteBuffer.allocate(8).putLong(r.getLong(col)).array();
            case BOOLEAN -> new byte[] {(byte) (r.getBoolean(col) ? 1 : 0)};
            case VARCHAR -> r.getString(col).getBytes(StandardCharsets.UTF_8);
            case INTERVAL -> {
                Interval i = switch (r.getObject(col)) {
                    case Interval iv -> iv;
                    case Long nanos -> new Interval(0, nanos);
                    case Object o -> throw new IllegalStateException("BUG: INTERVAL value of class " + o.getClass().getName());
                };
                yield ByteBuffer.allocate(16).putLong(i.nanos() / 1000).putInt(0).putInt(i.months()).array();
            }
        };
    }

    /**
     * A parameter as {@code PreparedQuery.execute} takes it. With the type unspecified (OID 0) or
     * text, the value goes to the engine as a string and the statement's context types it, as a
     * literal would be typed in SQL.
     *
     * @throws PgError 22P02 when the text is not a value of the declared type, 0A000 for a binary
     *                 parameter of a type this version cannot decode
     */
    static Object parameter(int oid, boolean binary, byte[] value, int index) {
        return parameter(oid, binary, value, index, null);
    }

    /** {@code zone}: the session's time zone (null: UTC), in which a timestamp's text without an offset is read. */
    static Object parameter(int oid, boolean binary, byte[] value, int index, java.time.ZoneId zone) {
        if (value == null) {
            return null;
        }
        try {
            return binary ? fromBinary(oid, value, index) : fromText(oid, new String(value, StandardCharsets.UTF_8), zone);
        } catch (IllegalArgumentException | ArithmeticException | java.nio.BufferUnderflowException e) {
            throw PgError.error(SqlState.INVALID_TEXT_REPRESENTATION, "cannot read parameter $" + index + " [type=" + oid
                    + "]: " + (e.getMessage() == null ? "too short" : e.getMessage()));
        }
    }

    private static Object fromText(int oid, String s, java.time.ZoneId zone) {
        return switch (oid) {
            case INT2, INT4, INT8 -> Long.parseLong(s.strip());
            case FLOAT4, FLOAT8, NUMERIC -> Double.parseDouble(s.strip());
            case BOOL -> bool(s);
            case TIMESTAMP, TIMESTAMPTZ, DATE -> nanosToInstant(SqlValues.parseTimestamp(s, zone));
            default -> s;
        };
    }

    private static Object fromBinary(int oid, byte[] v, int index) {
        ByteBuffer b = ByteBuffer.wrap(v);
        Object o = switch (oid) {
            case BOOL -> b.get() != 0;
            case INT2 -> (long) b.getShort();
            case INT4 -> (long) b.getInt();
            case INT8 -> b.getLong();
            case FLOAT4 -> (double) b.getFloat();
            case FLOAT8 -> b.getDouble();
            case TIMESTAMP, TIMESTAMPTZ -> nanosToInstant(Math.multiplyExact(b.getLong() + PG_EPOCH_MICROS, 1000L));
            case DATE -> nanosToInstant(Math.multiplyExact(Math.addExact(b.getInt(), PG_EPOCH_DAYS), 86_400_000_000_000L));
            case NUMERIC -> numeric(b);
            case TEXT, VARCHAR, UNKNOWN, 0 -> new String(v, StandardCharsets.UTF_8);
            default -> throw PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot read parameter $" + index
                    + " [type=" + oid + "]: binary format for this type is not supported yet; send it as text");
        };
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(v.length + " bytes, more than the type holds");
        }
        return o;
    }

    /**
     * PostgreSQL's binary numeric: int16 ndigits, int16 weight (of the first digit, in powers of
     * 10,000), int16 sign (0 positive, 0x4000 negative, 0xC000 NaN, 0xD000/0xF000 ±infinity), int16
     * display scale, then ndigits base-10,000 digits as int16. Read exactly as a BigDecimal; the
     * engine takes it as DOUBLE (its only non-integer type).
     */
    static Object numeric(ByteBuffer b) {
        int ndigits = b.getShort();
        int weight = b.getShort();
        int sign = b.getShort() & 0xFFFF;
        b.getShort(); // display scale: the digits carry the value
        if (ndigits < 0) {
            throw new IllegalArgumentException("numeric with " + ndigits + " digits");
        }
        switch (sign) {
            case 0xC000 -> {
                return Double.NaN;
            }
            case 0xD000 -> {
                return Double.POSITIVE_INFINITY;
            }
            case 0xF000 -> {
                return Double.NEGATIVE_INFINITY;
            }
            case 0x0000, 0x4000 -> {
            }
            default -> throw new IllegalArgumentException("numeric sign 0x" + Integer.toHexString(sign));
        }
        java.math.BigInteger unscaled = java.math.BigInteger.ZERO;
        java.math.BigInteger base = java.math.BigInteger.valueOf(10_000);
        for (int i = 0; i < ndigits; i++) {
            int d = b.getShort();
            if (d < 0 || d > 9999) {
                throw new IllegalArgumentException("numeric digit " + d + " outside 0..9999");
            }
            unscaled = unscaled.multiply(base).add(java.math.BigInteger.valueOf(d));
        }
        // the last digit has weight (weight - ndigits + 1): a power of 10,000 = 10^(4·that)
        java.math.BigDecimal v = new java.math.BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        return sign == 0x4000 ? v.negate() : v;
    }

    private static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** PostgreSQL's boolean input: t/f, true/false, yes/no, on/off, 1/0, case-insensitive. */
    private static boolean bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "yes", "y", "on", "1" -> true;
            case "f", "false", "no", "n", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not a boolean");
        };
    }
}
