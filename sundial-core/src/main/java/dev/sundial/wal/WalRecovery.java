package dev.sundial.wal;

import dev.sundial.fs.FileLayer;
import dev.sundial.fs.Quarantine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Opening a WAL directory: validates every segment header and every record, cuts a torn or corrupt
 * tail off the last segment, and moves everything after a hole (damage in a non-last segment, a
 * bad header, a sequence gap) into the quarantine, so that replay never applies a record that
 * follows a missing one.
 *
 * <p>Policy, by where the damage is:
 * <ul>
 *   <li>last segment, record damage: truncate the file at the end of the last good record and
 *       fsync. When the damage does not look like an interrupted write (there are non-zero bytes
 *       after a bad frame that does not reach the end), a copy of the whole file goes to the
 *       quarantine first, because that is bit rot, not a crash.
 *   <li>non-last segment, record damage: copy the file to the quarantine, move every later segment
 *       there, truncate the file at its last good record. (Rotation fsyncs a segment before the next
 *       one is created, so in no sync mode can a crash leave a non-last segment torn.)
 *   <li>bad header or a sequence gap at a segment: move that segment and every later one there.
 * </ul>
 *
 * <p>Not thread-safe; runs once, inside {@link WriteAheadLog#open}.
 */
final class WalRecovery {

    /** Result of {@link #run}: the good segments in order and the problems found. */
    record Result(List<Segment> segments, List<WalProblem> problems) {
    }

    private final Path dir;
    private final WalOptions options;
    private final FileLayer fs;
    private final Quarantine quarantine;
    private final List<WalProblem> problems = new ArrayList<>();
    private final List<Segment> good = new ArrayList<>();
    private boolean walDirChanged;
    private ByteBuffer readBuffer;

    private WalRecovery(Path dir, WalOptions options) {
        this.dir = dir;
        this.options = options;
        this.fs = options.fileLayer();
        this.quarantine = new Quarantine(fs, options.quarantineDirFor(dir));
    }

    static Result run(Path dir, WalOptions options) throws IOException {
        WalRecovery r = new WalRecovery(dir, options);
        List<Path> files = listSegments(r.fs, dir);
        r.checkNewestSegmentMark(files);
        r.scan(files);
        r.quarantine.sync();
        if (r.walDirChanged) {
            r.fs.syncDirectory(dir);
        }
        return new Result(r.good, Collections.unmodifiableList(r.problems));
    }

    /**
     * Reports the newest segments as missing when the {@link NewestSegmentMark} names a segment
     * newer than every file present: the records in it were acknowledged and are gone.
     */
    private void checkNewestSegmentMark(List<Path> files) throws IOException {
        long mark;
        try {
            mark = NewestSegmentMark.read(fs, dir);
        } catch (dev.sundial.fs.CorruptFileException e) {
            Path f = NewestSegmentMark.file(dir);
            Path moved = quarantine.move(f, f.getFileName() + ".corrupt", e.getMessage());
            report(f, e.offset(), e.getMessage() + "; moved to " + moved + " (whether the newest WAL segment is present cannot be checked this time)");
            return;
        }
        if (mark < 0) {
            return;
        }
        long newest = files.isEmpty() ? 0 : WalFormat.parseSegmentFileName(files.get(files.size() - 1).getFileName().toString());
        if (newest < mark) {
            Path missing = dir.resolve(WalFormat.segmentFileName(mark));
            String reason = "missing WAL segment: " + NewestSegmentMark.FILE_NAME + " records that " + missing.getFileName()
                    + " was created, but the newest segment present is " + (files.isEmpty() ? "none" : files.get(files.size() - 1).getFileName())
                    + ": acknowledged records from sequence " + mark + " on that were not yet flushed are lost";
            quarantine.note(missing, missing.getFileName() + ".missing", reason);
            report(missing, 0, reason);
        }
    }

    /** The segment files of {@code dir}, ordered by first sequence number; other files are ignored. */
    static List<Path> listSegments(FileLayer fs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            if (WalFormat.isSegmentFile(p) && fs.isRegularFile(p)) {
                files.add(p);
            }
        }
        files.sort((a, b) -> Long.compare(WalFormat.parseSegmentFileName(a.getFileName().toString()),
                WalFormat.parseSegmentFileName(b.getFileName().toString())));
        return files;
    }

    private void scan(List<Path> files) throws IOException {
        long prevLast = -1;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean last = i == files.size() - 1;
            long first = WalFormat.parseSegmentFileName(file.getFileName().toString());
            String headerProblem = readHeaderProblem(file, first);
            if (headerProblem != null && last && isIncompleteHeader(file, first)) {
                // A segment created by a build that wrote the header in place, cut by a crash
                // before its header was whole: it never held a record, so removing it loses nothing.
                long size = fs.size(file);
                fs.delete(file);
                walDirChanged = true;
                report(file, 0, "removed an incomplete new segment (" + size + " of " + WalFormat.HEADER_SIZE
                        + " header bytes, no record): a crash while it was being created", true);
                return;
            }
            if (headerProblem != null) {
                quarantineFrom(files, i, 0, headerProblem);
                return;
            }
            String gap = gapProblem(prevLast, first);
            if (gap != null) {
                quarantineFrom(files, i, 0, gap);
                return;
            }
            if (!scanRecords(file, first, last, files, i)) {
                return;
            }
            prevLast = good.get(good.size() - 1).lastSequence;
        }
    }

    /** Null when {@code first} may follow {@code prevLast} (-1: no previous good segment). */
    private String gapProblem(long prevLast, long first) {
        long start = options.startSequence();
        if (prevLast < 0) {
            if (start > 0 && first > start && !options.checkpointUnknown()) {
                return "hole before the first segment: it starts at sequence " + first + " but records from "
                        + start + " on (startSequence) are still needed; records " + start + ".." + (first - 1)
                        + " are missing";
            }
            return null;
        }
        long expected = prevLast + 1;
        if (first == expected) {
            return null;
        }
        if (first > expected && first <= start) {
            return null; // records expected..first-1 are below startSequence: checkpointed, not missing
        }
        if (first < expected) {
            return "segment starts at sequence " + first + " but the previous segment already reached " + prevLast;
        }
        return "sequence gap: the previous segment ends at " + prevLast + ", this one starts at " + first
                + "; records " + expected + ".." + (first - 1) + " are missing";
    }

    /** Whether {@code file} holds a strict prefix of the header a segment of that name gets (possibly empty). */
    private boolean isIncompleteHeader(Path file, long first) throws IOException {
        if (first < 1) {
            return false;
        }
        long size = fs.size(file);
        if (size >= WalFormat.HEADER_SIZE) {
            return false;
        }
        byte[] expected = WalFormat.encodeHeader(first);
        byte[] got = fs.readAllBytes(file);
        for (int i = 0; i < got.length; i++) {
            if (got[i] != expected[i] && got[i] != 0) {
                return false; // zeros: pages not yet written back; anything else is not our header
            }
        }
        return got.length < WalFormat.HEADER_SIZE;
    }

    private String readHeaderProblem(Path file, long nameSequence) throws IOException {
        if (nameSequence < 1) {
            return "file name gives first sequence " + nameSequence + "; sequence numbers start at 1";
        }
        try (FileChannel ch = fs.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < WalFormat.HEADER_SIZE) {
                return "file is " + size + " bytes, shorter than the " + WalFormat.HEADER_SIZE + "-byte segment header";
            }
            ByteBuffer b = ByteBuffer.allocate(WalFormat.HEADER_SIZE);
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) {
                    return "file ended inside the segment header";
                }
            }
            return WalFormat.checkHeader(file, b.array(), nameSequence);
        }
    }

    /**
     * Scans the records of {@code file}; adds it to {@link #good} (possibly truncated). Returns false
     * when scanning must stop here (damage in a non-last segment).
     */
    private boolean scanRecords(Path file, long first, boolean last, List<Path> files, int index) throws IOException {
        long size;
        SegmentReader reader;
        int outcome;
        try (FileChannel ch = fs.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            reader = new SegmentReader(file, ch, size, first, readBuffer);
            do {
                outcome = reader.next();
            } while (outcome == SegmentReader.RECORD);
            readBuffer = reader.buffer();
        }
        long validEnd = reader.validEnd();
        good.add(new Segment(file, first, reader.expectedSequence() - 1, validEnd));
        if (outcome == SegmentReader.END) {
            if (last) {
                // a crashed process may have left these records in the page cache only; after this
                // fsync everything replayed is durable, so new records never depend on lost ones
                fs.syncFile(file);
            }
            return true;
        }
        long offset = reader.offset();
        String reason = reader.reason();
        if (last) {
            boolean crashLike = reader.tornLike() || zeroFrom(file, offset, size);
            String kept;
            if (!crashLike) {
                Path copy = quarantine.copy(file, file.getFileName() + ".corrupt", reason + " at offset " + offset + "; the WAL was truncated there");
                kept = "; a copy of the file as found is kept as " + copy;
            } else {
                kept = keepCutTail(file, validEnd, size, reason);
            }
            truncate(file, validEnd);
            report(file, offset, "cut " + (size - validEnd) + " bytes at offset " + validEnd + " (" + reason
                    + "): the file was truncated from " + size + " to " + validEnd + " bytes, the end of the last whole record"
                    + kept, crashLike);
            return true;
        }
        Path copy = quarantine.copy(file, file.getFileName() + ".corrupt", reason + " at offset " + offset
                + "; records before it were kept, this file's later bytes and all later segments were quarantined");
        List<Path> moved = moveAll(files, index + 1, "follows damage in " + file.getFileName() + " at offset " + offset
                + " (" + reason + ")");
        truncate(file, validEnd);
        report(file, offset, reason + "; replay stops here: the segment was truncated to " + validEnd
                + " bytes (a copy of it as found is kept as " + copy + ") and the " + moved.size()
                + " later segment(s) were quarantined: " + moved);
        return false;
    }

    /**
     * Keeps the bytes a torn tail cut removes, unless they are all zeros (a file system's
     * preallocation or a crash's zero-filled pages, which hold nothing to recover). Returns the
     * phrase for the report: cut bytes are never described as lost or harmless without evidence.
     */
    private String keepCutTail(Path file, long validEnd, long size, String reason) throws IOException {
        long n = size - validEnd;
        if (n > MAX_KEPT_TAIL_BYTES) {
            Path copy = quarantine.copy(file, file.getFileName() + ".corrupt", reason + " at offset " + validEnd
                    + "; the WAL was truncated there");
            return "; a copy of the file as found is kept as " + copy;
        }
        byte[] tail = new byte[(int) n];
        try (FileChannel ch = fs.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(tail);
            while (b.hasRemaining() && ch.read(b, validEnd + b.position()) >= 0) {
                // positional reads until full
            }
        }
        boolean zeros = true;
        for (byte x : tail) {
            if (x != 0) {
                zeros = false;
                break;
            }
        }
        if (zeros) {
            return "; the cut bytes were all zeros (nothing of a record)";
        }
        Path kept = quarantine.keepCut(file, file.getFileName() + ".tail-" + validEnd, tail,
                "cut " + n + " bytes at offset " + validEnd + ": " + reason);
        return "; the cut bytes (an incomplete record, never replayed) are kept as " + kept;
    }

    /** A torn tail is at most one record plus zero fill; a longer cut keeps a copy of the whole file. */
    private static final long MAX_KEPT_TAIL_BYTES = 64L << 20;

    private void quarantineFrom(List<Path> files, int index, long offset, String reason) throws IOException {
        Path file = files.get(index);
        List<Path> moved = moveAll(files, index, reason + " (in " + file.getFileName() + ")");
        report(file, offset, reason + "; replay stops before this segment; quarantined " + moved.size()
                + " segment(s): " + moved);
    }

    private List<Path> moveAll(List<Path> files, int from, String reason) throws IOException {
        List<Path> moved = new ArrayList<>();
        // First the newest-segment mark goes back to the newest segment that stays (the loss of the
        // others is reported by the quarantine), so no later open reports them missing a second time.
        if (from > 0) {
            NewestSegmentMark.write(fs, dir, WalFormat.parseSegmentFileName(files.get(from - 1).getFileName().toString()));
        } else {
            fs.deleteDurably(NewestSegmentMark.file(dir));
        }
        // newest first: a crash half-way leaves a prefix of the segments, never a hole in the middle
        for (int j = files.size() - 1; j >= from; j--) {
            moved.add(0, quarantine.move(files.get(j), files.get(j).getFileName() + ".corrupt", reason));
        }
        walDirChanged |= !moved.isEmpty();
        return moved;
    }

    private void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = fs.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Whether every byte of {@code file} from {@code offset} to {@code size} is zero. */
    private boolean zeroFrom(Path file, long offset, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(1, size - offset)));
        try (FileChannel ch = fs.open(file, StandardOpenOption.READ)) {
            long at = offset;
            while (at < size) {
                b.clear();
                int r = ch.read(b, at);
                if (r < 0) {
                    break;
                }
                for (int k = 0; k < r; k++) {
                    if (b.get(k) != 0) {
                        return false;
                    }
                }
                at += r;
            }
        }
        return true;
    }

    private void report(Path file, long offset, String reason) {
        report(file, offset, reason, false);
    }

    private void report(Path file, long offset, String reason, boolean tornTail) {
        WalProblem p = new WalProblem(file, offset, reason, tornTail);
        problems.add(p); // logged once by whoever opened the log (WriteAheadLog#problems)
    }
}
