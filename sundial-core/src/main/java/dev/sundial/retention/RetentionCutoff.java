package dev.sundial.retention;

import dev.sundial.table.Interval;
import dev.sundial.table.TableDefinition;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The retention cutoff of a storage: {@code now - retention} in epoch nanoseconds (calendar months
 * subtracted in UTC), {@link Long#MIN_VALUE} when there is no retention. Rows with a timestamp below
 * the cutoff are expired. Stateless.
 */
public final class RetentionCutoff {
    /** Option key of raw data's retention in {@code TableOptions.retention()}. */
    public static final String RAW = "raw";

    private RetentionCutoff() {
    }

    /** {@code now - retention}, or {@link Long#MIN_VALUE} for {@code retention == null}; saturates instead of overflowing. */
    public static long at(InstantSource clock, Interval retention) {
        if (retention == null) {
            return Long.MIN_VALUE;
        }
        java.time.Instant now = clock.instant();
        java.time.Instant cut = now;
        if (retention.months() != 0) {
            cut = now.atZone(ZoneOffset.UTC).minusMonths(retention.months()).toInstant();
        }
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(cut.getEpochSecond(), 1_000_000_000L), cut.getNano());
            return Math.subtractExact(nanos, retention.nanos());
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The cutoff of one level of a table, read from its current options at every call (so
     * {@code ALTER TABLE … SET (retention_raw = …)} takes effect at once).
     *
     * @param level {@link #RAW} or a rollup interval as {@code TableOptions.retention()} keys it ({@code 1m}, {@code 1h})
     */
    public static LongSupplier of(InstantSource clock, Supplier<TableDefinition> definition, String level) {
        return () -> at(clock, definition.get().options().retention().get(level));
    }
}
