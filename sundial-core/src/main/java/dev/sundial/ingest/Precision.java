package dev.sundial.ingest;

/**
 * Unit of the integer timestamps in an input (line protocol's {@code precision} parameter, the CSV
 * reader's precision for integer timestamp cells). Sundial stores epoch nanoseconds; {@link #toNanos}
 * scales and refuses to overflow.
 *
 * <p>Immutable and thread-safe.
 */
public enum Precision {
    NANOSECONDS(1L),
    MICROSECONDS(1_000L),
    MILLISECONDS(1_000_000L),
    SECONDS(1_000_000_000L);

    private final long nanosPerUnit;

    Precision(long nanosPerUnit) {
        this.nanosPerUnit = nanosPerUnit;
    }

    /** Nanoseconds in one unit of this precision. */
    public long nanosPerUnit() {
        return nanosPerUnit;
    }

    /**
     * Parses the spellings used by InfluxDB's HTTP APIs, the CLI and the line-protocol corpus:
     * {@code ns|us|µs|ms|s}, the same with a leading {@code 1} ({@code 1ns}, {@code 1µs}, ...), and
     * InfluxDB v1's {@code n} and {@code u}. Both the micro sign (U+00B5) and the Greek mu (U+03BC)
     * are accepted.
     *
     * @throws IllegalArgumentException for anything else, naming the accepted spellings
     */
    public static Precision parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cannot parse precision: null");
        }
        String t = text.startsWith("1") ? text.substring(1) : text;
        switch (t) {
            case "ns", "n":
                return NANOSECONDS;
            case "us", "u", "\u00b5s", "\u03bcs":
                return MICROSECONDS;
            case "ms":
                return MILLISECONDS;
            case "s":
                return SECONDS;
            default:
                throw new IllegalArgumentException("cannot parse precision [precision=" + text
                        + "]: expected one of ns, us, µs, ms, s (optionally prefixed by 1)");
        }
    }

    /**
     * Scales {@code v} units of this precision to nanoseconds.
     *
     * @throws ArithmeticException when the result does not fit in a signed 64-bit integer
     */
    public long toNanos(long v) {
        if (nanosPerUnit == 1L) {
            return v;
        }
        long hi = Math.multiplyHigh(v, nanosPerUnit);
        long lo = v * nanosPerUnit;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            throw new ArithmeticException("timestamp " + v + " " + name().toLowerCase()
                    + " does not fit in int64 nanoseconds");
        }
        return lo;
    }
}
