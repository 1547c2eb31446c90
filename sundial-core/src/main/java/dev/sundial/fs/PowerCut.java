package dev.sundial.fs;

import java.nio.file.Path;
import java.util.List;

/**
 * A directory as a simulated power cut left it ({@link CrashRecordingFileLayer#materialize}):
 * where it was built, after which operation the power went, in which mode, and what was lost,
 * one line per lost effect. Its {@link #toString()} is meant for test failure messages.
 */
public record PowerCut(Path root, int crashPoint, String lastOperation, CrashMode mode, List<String> losses) {
    public PowerCut {
        losses = List.copyOf(losses);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("power cut after op ").append(crashPoint).append(" (").append(lastOperation)
                .append("), ").append(mode).append(": ");
        if (losses.isEmpty()) {
            return sb.append("nothing lost").toString();
        }
        sb.append(losses.size()).append(" effect(s) lost");
        int shown = Math.min(losses.size(), 20);
        for (int i = 0; i < shown; i++) {
            sb.append("\n  ").append(losses.get(i));
        }
        if (shown < losses.size()) {
            sb.append("\n  ... and ").append(losses.size() - shown).append(" more");
        }
        return sb.toString();
    }
}
