package dev.sundial.wal;

import java.nio.file.Path;

/**
 * One problem found while opening the write-ahead log: a torn or corrupt record, a bad segment
 * header, a sequence gap. The WAL has already acted on it (truncated the tail or quarantined the
 * damaged part); this is the report.
 *
 * @param file   the segment file, by its path at the time it was found (before any quarantine move)
 * @param offset byte offset inside {@code file} where the damage starts
 * @param reason what was found and what was done about it, human-readable
 * @param tornTail true for the expected aftermath of a crash: a partly written (or zero-filled)
 *                 tail of the last segment, cut at the last whole record. Nothing acknowledged can
 *                 be lost to it; anything else (damage inside records, older segments) is false
 */
public record WalProblem(Path file, long offset, String reason, boolean tornTail) {
    @Override
    public String toString() {
        return file + " at offset " + offset + ": " + reason;
    }
}
