package dev.sundial.fs;

/**
 * How a simulated power cut treats what was not yet durable (see {@link CrashRecordingFileLayer}
 * for the model):
 * <ul>
 *   <li>{@link #pessimistic()}: all of it is lost: unsynced writes and truncates vanish, creates,
 *       renames and deletes not followed by an fsync of their directory are undone;</li>
 *   <li>{@link #random(long)}: each non-durable directory change is independently kept or undone,
 *       and each file keeps a random prefix of its unsynced changes, possibly with the next write
 *       torn at a 512-byte sector, a 4 KiB page or an arbitrary byte; the same seed gives the same
 *       state;</li>
 *   <li>{@link #noLoss()}: nothing is lost: the directory as the running process saw it (checks
 *       the recording itself).</li>
 * </ul>
 */
public record CrashMode(Kind kind, long seed) {
    public enum Kind { PESSIMISTIC, RANDOM, NO_LOSS }

    public static CrashMode pessimistic() {
        return new CrashMode(Kind.PESSIMISTIC, 0);
    }

    public static CrashMode random(long seed) {
        return new CrashMode(Kind.RANDOM, seed);
    }

    public static CrashMode noLoss() {
        return new CrashMode(Kind.NO_LOSS, 0);
    }

    @Override
    public String toString() {
        return kind == Kind.RANDOM ? "random(seed=" + seed + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
