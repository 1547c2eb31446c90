package dev.sundial.ingest;

import java.time.Instant;

/**
 * Catches epoch numbers read in the wrong unit: seconds read as nanoseconds put every point in
 * the first seconds of 1970, milliseconds read as seconds far past 2200. A timestamp is
 * <em>implausible</em> when its unit puts it before 1971 or from 2200 on, and then <em>misread</em>
 * when another unit would put the same number between 1990 and 2100: that unit is the likely right
 * one. A timestamp no unit makes plausible (a small test counter such as {@code 1000}, real data of
 * 1960) is left alone, as is date-time text, which carries its own unit.
 *
 * <p>The check costs one range comparison per plausible timestamp (the common case); the rest
 * runs only for implausible ones. Stateless and thread-safe.
 */
public final class EpochUnitCheck {
    /** 1971-01-01T00:00:00Z: a year of slack after the epoch, where misread units land. */
    static final long PLAUSIBLE_FROM = 31_536_000L * 1_000_000_000L;
    /** 2200-01-01T00:00:00Z: milliseconds read as seconds land far beyond. */
    static final long PLAUSIBLE_UNTIL = 7_258_118_400L * 1_000_000_000L;
    /** 1990-01-01T00:00:00Z and 2100-01-01T00:00:00Z: where another unit must put a number to be suggested. */
    static final long LIKELY_FROM = 631_152_000L * 1_000_000_000L;
    static final long LIKELY_UNTIL = 4_102_444_800L * 1_000_000_000L;

    private EpochUnitCheck() {
    }

    /**
     * The unit that the epoch number behind {@code nanos} (read in {@code precision}) likely has,
     * or null when the timestamp is plausible as read or no other unit makes it so.
     */
    public static Precision likelyUnit(long nanos, Precision precision) {
        if (nanos >= PLAUSIBLE_FROM && nanos < PLAUSIBLE_UNTIL) {
            return null;
        }
        long number = nanos / precision.nanosPerUnit(); // exact: nanos = number × unit
        for (Precision u : Precision.values()) {
            if (u != precision && number >= LIKELY_FROM / u.nanosPerUnit() && number < LIKELY_UNTIL / u.nanosPerUnit()) {
                return u;
            }
        }
        return null;
    }

    /**
     * Why the number behind {@code nanos} looks misread, ending with the option that fixes it:
     * {@code timestamp 1700000000 read with --precision ns is 1970-01-01T00:00:01.700Z; the numbers
     * look like seconds: pass --precision s}.
     */
    public static String describe(long nanos, Precision precision, Precision likely) {
        long number = nanos / precision.nanosPerUnit();
        return "timestamp " + number + " read with --precision " + flag(precision) + " is "
                + Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                + "; the numbers look like " + likely.name().toLowerCase(java.util.Locale.ROOT) + ": pass --precision " + flag(likely);
    }

    /** The spelling of {@code p} for {@code --precision}. */
    public static String flag(Precision p) {
        return switch (p) {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
        };
    }
}
