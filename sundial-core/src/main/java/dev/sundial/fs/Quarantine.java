package dev.sundial.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The quarantine directory of a data directory ({@code DATA_DIR/quarantine}): where damaged files
 * are moved (or copied) instead of being deleted, each next to a {@code <name>.reason.txt} that says
 * what was wrong, where, and what Sundial did. Names never collide: a second entry of the same name
 * gets {@code <name>.1}, and so on. Nothing here is ever deleted by the engine; an operator lists and
 * removes entries with {@code sundial quarantine} (see the README), and until then
 * {@code sundial check} keeps reporting every {@link Kind#DAMAGE} entry (exit code 1).
 *
 * <p>Reason file: UTF-8 lines {@code key: value}: {@code kind} ({@code damage} or {@code cut-tail}),
 * {@code file} (the original path), {@code quarantined} (an instant), {@code reason}.
 *
 * <p>Not thread-safe: used while a database opens (single-threaded) and by the CLI on a closed
 * directory.
 */
public final class Quarantine {
    public static final String REASON_SUFFIX = ".reason.txt";

    /** What an entry is. */
    public enum Kind {
        /** A damaged file, or a note about a lost one: reported by {@code check} until removed. */
        DAMAGE("damage"),
        /**
         * Bytes cut from the end of a WAL segment that end in an incomplete record, as a crash in the
         * middle of a write leaves them: kept for inspection, reported as a repair, not as damage.
         */
        CUT_TAIL("cut-tail");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            return DAMAGE; // an unreadable or unknown kind is treated as damage: it stays reported
        }
    }

    /**
     * One entry: its reason file, the quarantined copy (null for a note about a missing file, or when
     * the copy was removed by hand), and what the reason file says.
     */
    public record Entry(Path reasonFile, Path file, Kind kind, String original, String reason) {
        /** The entry's name: the reason file's name without its suffix. */
        public String name() {
            String n = reasonFile.getFileName().toString();
            return n.substring(0, n.length() - REASON_SUFFIX.length());
        }

        @Override
        public String toString() {
            return (kind == Kind.DAMAGE ? "quarantined " : "kept cut bytes ") + original + " as "
                    + (file != null ? file : reasonFile) + ": " + reason;
        }
    }

    private final FileLayer fs;
    private final Path dir;
    private boolean touched;

    public Quarantine(FileLayer fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** Renames {@code file} into the quarantine as {@code name} (or a free variant); returns its new path. */
    public Path move(Path file, String name, String reason) throws IOException {
        Path target = reserve(file, name, Kind.DAMAGE, reason);
        try {
            fs.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            fs.syncDirectory(dir); // the new name first: a power cut then leaves the file in both places, never in none
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy durably, then remove the original
            fs.copy(file, target);
            fs.syncFile(target);
            fs.syncDirectory(dir);
            fs.delete(file);
        }
        fs.syncDirectory(file.toAbsolutePath().getParent());
        return target;
    }

    /** Copies {@code file} into the quarantine as {@code name} (the original stays); returns the copy's path. */
    public Path copy(Path file, String name, String reason) throws IOException {
        Path target = reserve(file, name, Kind.DAMAGE, reason);
        fs.copy(file, target);
        fs.syncFile(target);
        return target;
    }

    /** Keeps {@code bytes} (cut from {@code file}) as {@code name}; returns the copy's path. */
    public Path keepCut(Path file, String name, byte[] bytes, String reason) throws IOException {
        Path target = reserve(file, name, Kind.CUT_TAIL, reason);
        fs.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fs.syncFile(target);
        return target;
    }

    /** Records damage that left no file to keep (a missing file): a reason file only. */
    public Path note(Path missing, String name, String reason) throws IOException {
        return reasonFile(reserve(missing, name, Kind.DAMAGE, reason));
    }

    /** fsyncs the quarantine directory if anything was put there. */
    public void sync() throws IOException {
        if (touched) {
            fs.syncDirectory(dir);
        }
    }

    private Path reserve(Path file, String name, Kind kind, String reason) throws IOException {
        fs.createDirectoriesDurably(dir);
        touched = true;
        Path target = dir.resolve(name);
        for (int i = 1; fs.exists(target) || fs.exists(reasonFile(target)); i++) {
            target = dir.resolve(name + "." + i);
        }
        String text = "kind: " + kind.label + "\n"
                + "file: " + file.toAbsolutePath() + "\n"
                + "quarantined: " + Instant.now() + "\n"
                + "reason: " + reason.replace('\n', ' ') + "\n";
        Path rf = reasonFile(target);
        fs.write(rf, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fs.syncFile(rf);
        return target;
    }

    public static Path reasonFile(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + REASON_SUFFIX);
    }

    /**
     * The entries of a quarantine directory, by name; empty when it does not exist. A file without a
     * reason file (put there by hand?) is listed as damage with an unknown reason.
     */
    public static List<Entry> list(FileLayer fs, Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!fs.isDirectory(dir)) {
            return out;
        }
        List<Path> all = new ArrayList<>(fs.list(dir));
        java.util.Set<Path> described = new java.util.HashSet<>();
        for (Path p : all) {
            String n = p.getFileName().toString();
            if (!n.endsWith(REASON_SUFFIX)) {
                continue;
            }
            Path data = p.resolveSibling(n.substring(0, n.length() - REASON_SUFFIX.length()));
            described.add(data);
            String kind = "damage";
            String original = data.toString();
            String reason = "(no reason recorded)";
            try {
                String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(fs.readAllBytes(p))).toString();
                for (String line : text.split("\n")) {
                    if (line.startsWith("kind: ")) {
                        kind = line.substring(6);
                    } else if (line.startsWith("file: ")) {
                        original = line.substring(6);
                    } else if (line.startsWith("reason: ")) {
                        reason = line.substring(8);
                    }
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                reason = "(reason file is not UTF-8: " + e.getMessage() + ")";
            }
            out.add(new Entry(p, fs.exists(data) ? data : null, Kind.of(kind), original, reason));
        }
        for (Path p : all) {
            if (!p.getFileName().toString().endsWith(REASON_SUFFIX) && !described.contains(p)) {
                out.add(new Entry(reasonFile(p), p, Kind.DAMAGE, p.toString(), "(no reason file)"));
            }
        }
        return out;
    }

    /**
     * Removes an entry (its file and its reason file): the operator's decision that it was dealt
     * with. Returns false when no entry of that name exists.
     */
    public static boolean remove(FileLayer fs, Path dir, String name) throws IOException {
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("cannot remove quarantine entry " + name + ": not an entry name");
        }
        Path data = dir.resolve(name);
        boolean any = fs.deleteIfExists(reasonFile(data));
        any |= fs.deleteIfExists(data);
        if (any) {
            fs.syncDirectory(dir);
        }
        return any;
    }
}
