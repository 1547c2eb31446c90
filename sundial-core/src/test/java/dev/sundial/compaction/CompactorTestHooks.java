package dev.sundial.compaction;

/** Test access to {@link Compactor}'s package-private hooks. */
public final class CompactorTestHooks {
    private CompactorTestHooks() {
    }

    public static void beforeCommit(Compactor c, Runnable r) {
        c.beforeCommitForTesting = r;
    }

    public static long peakRowsHeld(Compactor c) {
        return c.lastPeakRowsHeld;
    }
}
