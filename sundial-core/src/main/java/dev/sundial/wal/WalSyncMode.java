package dev.sundial.wal;

/**
 * When an appended WAL record is forced to stable storage (DESIGN §3, option {@code wal.sync}).
 *
 * <ul>
 *   <li>{@code batch} (default): {@link WriteAheadLog#append} returns only after the record is
 *       fsynced; concurrent appenders share one fsync (group commit). A crash loses nothing that was
 *       acknowledged.
 *   <li>{@code interval=<ms>}: append returns after the write to the OS; a background thread fsyncs
 *       every {@code ms} milliseconds. A crash of the machine (not of the process) can lose the
 *       records acknowledged during the last interval.
 *   <li>{@code none}: the OS decides when to write back. A machine crash can lose anything not yet
 *       written back (typically up to ~30 s on Linux); a process crash loses nothing.
 * </ul>
 *
 * <p>Immutable value; thread-safe.
 *
 * @param kind           which policy
 * @param intervalMillis fsync period for {@link Kind#INTERVAL}, 0 otherwise
 */
public record WalSyncMode(Kind kind, long intervalMillis) {
    /** The three sync policies. */
    public enum Kind { BATCH, INTERVAL, NONE }

    /** Upper bound of {@code interval=<ms>}: one hour; a longer period is almost surely a typo. */
    public static final long MAX_INTERVAL_MILLIS = 3_600_000L;

    /** fsync before acknowledging, shared by concurrent appenders (the default). */
    public static final WalSyncMode BATCH = new WalSyncMode(Kind.BATCH, 0);
    /** Never fsync on append; the OS writes back when it likes. */
    public static final WalSyncMode NONE = new WalSyncMode(Kind.NONE, 0);

    public WalSyncMode {
        if (kind == null) {
            throw new IllegalArgumentException("cannot create wal.sync mode: kind is null");
        }
        if (kind == Kind.INTERVAL) {
            if (intervalMillis < 1 || intervalMillis > MAX_INTERVAL_MILLIS) {
                throw new IllegalArgumentException("cannot create wal.sync mode [interval=" + intervalMillis
                        + "]: the interval must be 1.." + MAX_INTERVAL_MILLIS + " milliseconds");
            }
        } else if (intervalMillis != 0) {
            throw new IllegalArgumentException("cannot create wal.sync mode [kind=" + kind
                    + ", interval=" + intervalMillis + "]: only interval mode takes an interval");
        }
    }

    /** fsync every {@code millis} milliseconds from a background thread. */
    public static WalSyncMode interval(long millis) {
        return new WalSyncMode(Kind.INTERVAL, millis);
    }

    /**
     * Parses {@code batch}, {@code none} or {@code interval=<milliseconds>} (case-insensitive,
     * surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the bad value and the accepted forms
     */
    public static WalSyncMode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cannot parse wal.sync: value is null; expected batch, none or interval=<ms>");
        }
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("batch")) {
            return BATCH;
        }
        if (s.equals("none")) {
            return NONE;
        }
        if (s.startsWith("interval=")) {
            String num = s.substring("interval=".length()).strip();
            long ms;
            try {
                ms = Long.parseLong(num);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot parse wal.sync [value=" + text
                        + "]: interval is not a whole number of milliseconds", e);
            }
            if (ms < 1 || ms > MAX_INTERVAL_MILLIS) {
                throw new IllegalArgumentException("cannot parse wal.sync [value=" + text
                        + "]: the interval must be 1.." + MAX_INTERVAL_MILLIS + " milliseconds");
            }
            return interval(ms);
        }
        throw new IllegalArgumentException("cannot parse wal.sync [value=" + text
                + "]: expected batch, none or interval=<milliseconds>");
    }

    /** The form {@link #parse} accepts: {@code batch}, {@code none} or {@code interval=<ms>}. */
    @Override
    public String toString() {
        return switch (kind) {
            case BATCH -> "batch";
            case NONE -> "none";
            case INTERVAL -> "interval=" + intervalMillis;
        };
    }
}
