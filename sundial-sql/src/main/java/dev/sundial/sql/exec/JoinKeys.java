package dev.sundial.sql.exec;

import dev.sundial.sql.function.SqlValues;

/**
 * Hashing and equality of join keys, one row of several key {@link Vec}s of matching types, with
 * SQL's rule that a NULL key equals nothing. Doubles compare as SQL's {@code =} does (0.0 equals
 * -0.0, so both hash alike). Stateless.
 */
final class JoinKeys {
    private JoinKeys() {
    }

    static boolean anyNull(Vec[] keys, int row) {
        for (Vec k : keys) {
            if (k.isNull(row)) {
                return true;
            }
        }
        return false;
    }

    static long hash(Vec[] keys, int row) {
        long h = 0x9E3779B97F4A7C15L;
        for (Vec k : keys) {
            long v = switch (k.type) {
                case DOUBLE -> {
                    double d = k.getDouble(row);
                    yield d == 0.0 ? 0 : Double.isNaN(d) ? 0x7ff8000000000000L : Double.doubleToRawLongBits(d);
                }
                case VARCHAR -> k.getString(row).hashCode();
                case BOOLEAN -> k.getBool(row) ? 1 : 2;
                default -> k.getLong(row);
            };
            h = (h ^ v) * 0xFF51AFD7ED558CCDL;
            h ^= h >>> 32;
        }
        return h;
    }

    static boolean equal(Vec[] a, int ra, Vec[] b, int rb) {
        for (int k = 0; k < a.length; k++) {
            Vec x = a[k];
            Vec y = b[k];
            boolean same = switch (x.type) {
                case DOUBLE -> SqlValues.compareDoubles(x.getDouble(ra), y.getDouble(rb)) == 0;
                case VARCHAR -> x.getString(ra).equals(y.getString(rb));
                case BOOLEAN -> x.getBool(ra) == y.getBool(rb);
                default -> x.getLong(ra) == y.getLong(rb);
            };
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
