package dev.sundial.ingest;

/**
 * Parses decimal int64 literals ({@code [-|+]digits}) from bytes without allocating; the value is left
 * in {@link #value}. Accumulates negatively so that {@link Long#MIN_VALUE} parses. A syntax error
 * anywhere in the literal is reported before an overflow. Not thread-safe: one per reader.
 */
final class Int64Parser {
    static final int OK = 0;
    static final int SYNTAX = 1;
    static final int OUT_OF_RANGE = 2;

    /** The value of the last literal that parsed {@link #OK}. */
    long value;

    /**
     * @param allowMinus accept a leading {@code -}
     * @param allowPlus  accept a leading {@code +}
     * @return {@link #OK}, {@link #SYNTAX} or {@link #OUT_OF_RANGE}
     */
    int parse(byte[] b, int from, int to, boolean allowMinus, boolean allowPlus) {
        int p = from;
        boolean neg = false;
        if (p < to && ((allowMinus && b[p] == '-') || (allowPlus && b[p] == '+'))) {
            neg = b[p] == '-';
            p++;
        }
        if (p == to) {
            return SYNTAX;
        }
        long acc = 0;
        boolean overflow = false;
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return SYNTAX;
            }
            if (!overflow) {
                if (acc < Long.MIN_VALUE / 10 || (acc == Long.MIN_VALUE / 10 && d > 8)) {
                    overflow = true;
                } else {
                    acc = acc * 10 - d;
                }
            }
        }
        if (overflow || (!neg && acc == Long.MIN_VALUE)) {
            return OUT_OF_RANGE;
        }
        value = neg ? acc : -acc;
        return OK;
    }
}
