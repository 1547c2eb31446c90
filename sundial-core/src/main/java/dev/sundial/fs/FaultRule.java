package dev.sundial.fs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One fault of a {@link FaultInjectingFileLayer}: which calls it matches (operation kinds and a
 * path filter), on which of them it fires (trigger), and what it does then (action).
 *
 * <pre>
 * layer.add(FaultRule.on(FileOp.WRITE).path("wal-*.log").onCall(3).fail(Errno.ENOSPC));
 * layer.add(FaultRule.on(FileOp.FORCE, FileOp.SYNC_DIRECTORY).afterCalls(0).times(1).fail(Errno.EIO));
 * layer.add(FaultRule.on(FileOp.WRITE).withProbability(0.01, seed).shortWrite(100));
 * </pre>
 *
 * <ul>
 *   <li>Paths: a glob without {@code /} matches the file name ({@code "*.log"}); a glob with one
 *       matches the whole absolute normalized path ({@code "**}{@code /wal/*"}). A rename matches
 *       when its source or its target does. No filter matches every path.</li>
 *   <li>Triggers, counted over the calls this rule matches: {@link Builder#onCall onCall(n)} fires
 *       on the n-th only; {@link Builder#afterCalls afterCalls(n)} on every one after the first n;
 *       {@link Builder#withProbability withProbability(p, seed)} on each with probability p from
 *       its own seeded generator (the same calls in the same order fire the same way). The
 *       default fires on every call. {@link Builder#times times(m)} caps the number of fires.</li>
 *   <li>Actions: {@link Builder#fail fail(errno)} throws before the operation has any effect;
 *       {@link Builder#shortWrite shortWrite(k)} writes at most k bytes and returns the count, as
 *       a write(2) may; {@link Builder#writePartThenFail writePartThenFail(k, errno)} writes at
 *       most k bytes and then throws. The last two apply to {@link FileOp#WRITE} only.</li>
 * </ul>
 *
 * <p>Thread-safe. Rules are evaluated in the order they were added to the layer; the first that
 * fires decides, and later rules do not count that call.
 */
public final class FaultRule {
    enum Action { FAIL, SHORT_WRITE, PART_THEN_FAIL }

    private final EnumSet<FileOp> ops;
    private final Predicate<Path> paths;
    private final String pathText;
    private final int onCall;
    private final int afterCalls;
    private final double probability;
    private final Random random;
    private final long seed;
    private final int maxFires;
    final Action action;
    final Errno errno;
    final int bytes;
    private int matched;
    private int fired;

    private FaultRule(Builder b, Action action, Errno errno, int bytes) {
        this.ops = b.ops;
        this.paths = b.paths;
        this.pathText = b.pathText;
        this.onCall = b.onCall;
        this.afterCalls = b.afterCalls;
        this.probability = b.probability;
        this.seed = b.seed;
        this.random = b.probability < 1 ? new Random(b.seed) : null;
        this.maxFires = b.maxFires;
        this.action = action;
        this.errno = errno;
        this.bytes = bytes;
    }

    /** Starts a rule for calls of the given kinds. */
    public static Builder on(FileOp op, FileOp... more) {
        return new Builder(EnumSet.of(op, more));
    }

    /** How many calls matched the kinds and path so far. */
    public synchronized int matchedCalls() {
        return matched;
    }

    /** How many times the rule fired so far. */
    public synchronized int fired() {
        return fired;
    }

    /** Counts a call if it matches and says whether the rule fires on it. */
    synchronized boolean fires(FileOp op, Path path, Path other) {
        if (!ops.contains(op) || !(paths.test(path) || (other != null && paths.test(other)))) {
            return false;
        }
        matched++;
        if (fired >= maxFires) {
            return false;
        }
        boolean fire;
        if (onCall > 0) {
            fire = matched == onCall;
        } else {
            fire = matched > afterCalls;
        }
        if (fire && random != null) {
            fire = random.nextDouble() < probability;
        }
        if (fire) {
            fired++;
        }
        return fire;
    }

    @Override
    public String toString() {
        String what = switch (action) {
            case FAIL -> "fail with " + errno;
            case SHORT_WRITE -> "write at most " + bytes + " bytes";
            case PART_THEN_FAIL -> "write at most " + bytes + " bytes, then fail with " + errno;
        };
        String when = onCall > 0 ? "on call " + onCall : afterCalls > 0 ? "after " + afterCalls + " calls" : "on every call";
        if (random != null) {
            when += " with probability " + probability + " (seed " + seed + ")";
        }
        if (maxFires < Integer.MAX_VALUE) {
            when += ", at most " + maxFires + " times";
        }
        return what + " " + ops + " " + pathText + " " + when;
    }

    /** Builds a {@link FaultRule}; the action methods end the chain. Not thread-safe. */
    public static final class Builder {
        private final EnumSet<FileOp> ops;
        private Predicate<Path> paths = p -> true;
        private String pathText = "of any path";
        private int onCall;
        private int afterCalls;
        private double probability = 1;
        private long seed;
        private int maxFires = Integer.MAX_VALUE;

        private Builder(EnumSet<FileOp> ops) {
            this.ops = ops;
        }

        /** Only paths matching {@code glob} (file name, or whole path when it contains {@code /}). */
        public Builder path(String glob) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (glob.contains("/")) {
                paths = p -> m.matches(p.toAbsolutePath().normalize());
            } else {
                paths = p -> p.getFileName() != null && m.matches(p.getFileName());
            }
            pathText = "of " + glob;
            return this;
        }

        /** Only paths accepted by {@code filter}. */
        public Builder path(Predicate<Path> filter, String description) {
            paths = Objects.requireNonNull(filter, "filter");
            pathText = "of " + description;
            return this;
        }

        /** Fires on the {@code n}-th matching call only (1-based). */
        public Builder onCall(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("cannot fire on call " + n + ": calls count from 1");
            }
            onCall = n;
            return this;
        }

        /** Fires on every matching call after the first {@code n} ({@code 0}: from the first). */
        public Builder afterCalls(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cannot fire after " + n + " calls");
            }
            afterCalls = n;
            return this;
        }

        /** Fires on each otherwise-firing call with probability {@code p}, drawn from {@code new Random(seed)}. */
        public Builder withProbability(double p, long seed) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("cannot fire with probability " + p + ": not in [0, 1]");
            }
            this.probability = p;
            this.seed = seed;
            return this;
        }

        /** Fires at most {@code m} times in all. */
        public Builder times(int m) {
            if (m < 1) {
                throw new IllegalArgumentException("cannot fire at most " + m + " times");
            }
            maxFires = m;
            return this;
        }

        /** The call throws {@code errno}'s exception and has no effect. */
        public FaultRule fail(Errno errno) {
            return new FaultRule(this, Action.FAIL, Objects.requireNonNull(errno, "errno"), 0);
        }

        /** The write writes at most {@code maxBytes} (at least 1) and returns how many it wrote. */
        public FaultRule shortWrite(int maxBytes) {
            requireWritesOnly("shortWrite");
            if (maxBytes < 1) {
                throw new IllegalArgumentException("cannot write at most " + maxBytes + " bytes: a write that writes nothing may loop forever");
            }
            return new FaultRule(this, Action.SHORT_WRITE, null, maxBytes);
        }

        /** The write writes at most {@code maxBytes} (0 allowed), then throws {@code errno}'s exception. */
        public FaultRule writePartThenFail(int maxBytes, Errno errno) {
            requireWritesOnly("writePartThenFail");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("cannot write at most " + maxBytes + " bytes");
            }
            return new FaultRule(this, Action.PART_THEN_FAIL, Objects.requireNonNull(errno, "errno"), maxBytes);
        }

        private void requireWritesOnly(String action) {
            if (!ops.equals(EnumSet.of(FileOp.WRITE))) {
                throw new IllegalArgumentException("cannot " + action + " on " + ops + ": it applies to WRITE only");
            }
        }
    }
}
