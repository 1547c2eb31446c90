package dev.sundial;

import java.time.Instant;
import java.time.InstantSource;

/** A wall clock a test sets ({@link SundialOptions#clock()}). Thread-safe. */
public final class SettableClock implements InstantSource {
    private volatile Instant now;

    public SettableClock(long epochNanos) {
        set(epochNanos);
    }

    public void set(long epochNanos) {
        now = Instant.ofEpochSecond(0, epochNanos);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
