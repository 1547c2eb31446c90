package dev.sundial.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one version check of every file header (catalog, manifest, series registry, WAL segment,
 * segment), as Lucene's {@code CodecUtil.checkIndexHeader}: each format names the range of
 * versions this build reads. Call it only after the bytes holding the version passed their
 * checksum, so that a flipped bit reads as damage, never as "too new".
 *
 * <ul>
 *   <li>above the range: {@link FormatTooNewException} — the open is refused, nothing is touched;</li>
 *   <li>below the range (0 or negative, or a version whose reader was retired):
 *       {@link CorruptFileException} — no build of Sundial wrote it.</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class FormatVersion {
    private FormatVersion() {
    }

    /**
     * @param format     the format's name in messages ("segment", "WAL segment", "catalog", …)
     * @param offset     byte offset of the version field, for the damage message
     */
    public static int check(Path file, long offset, String format, int version, int minVersion, int maxVersion)
            throws IOException {
        if (version > maxVersion) {
            throw new FormatTooNewException(file, format, version, maxVersion);
        }
        if (version < minVersion) {
            throw new CorruptFileException(file, offset, "unsupported " + format + " format version " + version
                    + " (this build reads " + minVersion + ".." + maxVersion + ")");
        }
        return version;
    }
}
