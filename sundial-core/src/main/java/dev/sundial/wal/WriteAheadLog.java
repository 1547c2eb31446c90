package dev.sundial.wal;

import dev.sundial.fs.DataDirectoryLayout;
import dev.sundial.fs.FileLayer;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The write-ahead log (DESIGN §3): opaque payloads framed with a length, a CRC32C and a sequence
 * number, appended to segment files {@code wal-<first sequence, 20 digits>.log} in one directory.
 * The byte layout is in {@link WalFormat} and {@code docs/format/wal.md}.
 *
 * <p>Life cycle: {@link #open} validates every segment and repairs what a crash or damage left
 * (see {@link #problems()}), then the engine calls {@link #replay} (optional, and only before the
 * first append), then {@link #append} from any number of threads, {@link #checkpoint} after it has
 * durably flushed records elsewhere, and finally {@link #close}.
 *
 * <p>Durability: {@code append} returns the record's sequence number once it is durable as the
 * {@link WalSyncMode} promises. In batch mode concurrent appenders share fsyncs (group commit,
 * see {@link GroupCommit}). Sequence numbers are dense (+1 per record) and continue across reopen;
 * {@link WalOptions#startSequence()} lets the engine keep them monotonic even if every segment is
 * gone.
 *
 * <p>Failure: a failed write or fsync fails the log for good; later appends throw IOException and
 * the log must be reopened (which re-validates the files). Appending threads must not be
 * interrupted: an interrupt during file I/O closes the channel (a property of {@link FileChannel}),
 * which fails the log the same way.
 *
 * <p>Thread-safe: {@code append}, {@code checkpoint}, {@code lastSequence}, {@code sizeBytes} and
 * the counters may be called concurrently. {@code replay} must not run concurrently with anything
 * else.
 */
public final class WriteAheadLog implements Closeable {
    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());
    /**
     * Direct write buffer: header and payload go out in one write of up to 1 MiB + 16 bytes, so the
     * 100 KB – 1 MB batches the engine writes cost one copy and one system call.
     */
    private static final int WRITE_BUFFER_BYTES = (1 << 20) + WalFormat.FRAME_HEADER_SIZE;
    /**
     * The write buffer starts at 64 KiB and grows with the largest frame seen up to
     * {@link #WRITE_BUFFER_BYTES}: direct memory is only returned by the GC, so a log of small
     * records should not pin a megabyte.
     */
    private static final int MIN_WRITE_BUFFER_BYTES = 64 << 10;
    /**
     * A checkpoint that covers the whole active segment rotates it (so it can be deleted) once it
     * holds at least 1/8 of a segment; below that the covered bytes are left for a later checkpoint
     * rather than creating a new file per small flush.
     */
    private static final int CHECKPOINT_ROTATE_FRACTION = 8;

    private final Path dir;
    private final WalOptions options;
    private final FileLayer fs;
    private final List<WalProblem> problems;
    private final GroupCommit groupCommit;
    private final WalStats stats = new WalStats();

    /** Guards the segment list, the active segment's file position and every field below it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Serializes forcing a segment's channel against closing it. Taken after appendLock, never before. */
    private final ReentrantLock forceLock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final ArrayDeque<Segment> sealed = new ArrayDeque<>();
    private ByteBuffer writeBuffer;
    private final byte[] frameHeader = new byte[WalFormat.FRAME_HEADER_SIZE];
    private Segment active;
    private long nextSequence;
    private long nextWarnAt;
    private boolean closed;
    /** The last sequence number written; changed under appendLock. */
    private volatile long lastSequence;
    private volatile long totalBytes;
    private volatile boolean appended;

    private final Thread intervalSyncer;
    private volatile boolean stopSyncer;

    private WriteAheadLog(Path dir, WalOptions options, List<WalProblem> problems, long nextSequence) {
        this.dir = dir;
        this.options = options;
        this.fs = options.fileLayer();
        this.problems = problems;
        this.nextSequence = nextSequence;
        this.lastSequence = nextSequence - 1;
        // recovery fsynced the last segment and rotation every earlier one: all found is durable
        this.groupCommit = new GroupCommit(nextSequence - 1);
        this.nextWarnAt = options.warnSizeBytes();
        if (options.syncMode().kind() == WalSyncMode.Kind.INTERVAL) {
            intervalSyncer = new Thread(this::runIntervalSync, "sundial-wal-sync");
            intervalSyncer.setDaemon(true);
        } else {
            intervalSyncer = null;
        }
    }

    /**
     * Opens (creating if needed) the log in {@code dir}: validates every segment, truncates a torn
     * or corrupt tail, quarantines whatever follows a hole, and prepares the active segment.
     *
     * @throws IOException only for real I/O failures (damaged content is repaired and reported in
     *                     {@link #problems()}, not thrown)
     */
    public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        FileLayer fs = options.fileLayer();
        fs.createDirectoriesDurably(dir);
        // a temp file never held a record: it is what a crash while creating a segment leaves
        for (Path t : fs.list(dir, WalFormat.SEGMENT_GLOB + DataDirectoryLayout.TEMP_SUFFIX)) {
            fs.delete(t);
        }
        WalRecovery.Result found = WalRecovery.run(dir, options);
        List<Segment> segments = found.segments();
        long lastGood = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastSequence;
        long next = Math.max(Math.max(lastGood + 1, options.startSequence()), 1);
        WriteAheadLog wal = new WriteAheadLog(dir, options, found.problems(), next);
        wal.start(segments);
        return wal;
    }

    private void start(List<Segment> segments) throws IOException {
        long next = nextSequence;
        Segment tail = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (tail != null && next == tail.lastSequence + 1 && tail.size < options.segmentSizeBytes()) {
            tail.channel = fs.open(tail.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
            segments.remove(segments.size() - 1);
            active = tail;
        } else if (tail != null && !tail.hasRecords()) {
            // an empty segment whose start was overtaken by startSequence says nothing: drop it,
            // once its successor exists (so the newest-segment mark never names a missing file)
            segments.remove(segments.size() - 1);
            active = createSegment(next);
            fs.delete(tail.path);
            fs.syncDirectory(dir);
        }
        long total = 0;
        for (Segment s : segments) {
            sealed.add(s);
            total += s.size;
        }
        if (active == null) {
            active = createSegment(next);
        }
        total += active.size;
        totalBytes = total;
        warnIfLarge();
        if (intervalSyncer != null) {
            intervalSyncer.start();
        }
    }

    /**
     * Creates {@code wal-<first>.log} with its header, durably: written under a temporary name,
     * fsynced, renamed, directory fsynced. So a crash never leaves a segment without its whole
     * header (only a temporary file, removed on the next open), and the newest-segment mark is
     * written only once the segment exists.
     */
    private Segment createSegment(long first) throws IOException {
        Path path = dir.resolve(WalFormat.segmentFileName(first));
        Path temp = dir.resolve(WalFormat.segmentFileName(first) + DataDirectoryLayout.TEMP_SUFFIX);
        fs.deleteIfExists(temp);
        try (FileChannel t = fs.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.wrap(WalFormat.encodeHeader(first));
            while (h.hasRemaining()) {
                t.write(h, h.position());
            }
            force(t);
        }
        fs.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        fs.syncDirectory(dir);
        NewestSegmentMark.write(fs, dir, first); // after the segment is durable: the mark never names a missing file
        FileChannel ch = fs.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        Segment s = new Segment(path, first, first - 1, WalFormat.HEADER_SIZE);
        s.channel = ch;
        return s;
    }

    /** What {@link #open} found and repaired; empty when the log was clean. */
    public List<WalProblem> problems() {
        return problems;
    }

    /**
     * Visits every good record with sequence number above {@code afterSequence}, in order. Call it
     * after {@link #open} and before the first {@link #append}; payload buffers are valid only
     * during the visitor call (see {@link RecordVisitor}).
     *
     * @throws IllegalStateException if called after an append or after close (a caller bug)
     * @throws IOException           on I/O failure, if a visitor throws one, or if a file changed
     *                               since open
     */
    public void replay(long afterSequence, RecordVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        List<Segment> segments = new ArrayList<>();
        appendLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("BUG: replay of write-ahead log " + dir + " after close");
            }
            if (appended) {
                throw new IllegalStateException("BUG: replay of write-ahead log " + dir
                        + " after an append; replay must come right after open");
            }
            segments.addAll(sealed);
            segments.add(active);
        } finally {
            appendLock.unlock();
        }
        ByteBuffer buffer = null;
        for (Segment s : segments) {
            if (s.hasRecords() && s.lastSequence > afterSequence) {
                buffer = replaySegment(s, afterSequence, visitor, buffer);
            }
        }
    }

    /** Replays one segment; returns the read buffer for the next. */
    private ByteBuffer replaySegment(Segment s, long afterSequence, RecordVisitor visitor, ByteBuffer buffer)
            throws IOException {
        try (FileChannel ch = fs.open(s.path, StandardOpenOption.READ)) {
            SegmentReader r = new SegmentReader(s.path, ch, s.size, s.firstSequence, buffer);
            int outcome;
            while ((outcome = r.next()) == SegmentReader.RECORD) {
                if (r.sequence() > afterSequence) {
                    visitor.record(r.sequence(), r.payload());
                }
            }
            if (outcome == SegmentReader.DAMAGED || r.expectedSequence() - 1 != s.lastSequence) {
                throw new IOException("cannot replay write-ahead log segment " + s.path + " at offset " + r.offset()
                        + ": " + (r.reason() != null ? r.reason() : "records end early")
                        + " (the file changed after the log was opened)");
            }
            return r.buffer();
        }
    }

    /** {@link #append(byte[], int, int)} of the whole array. */
    public long append(byte[] payload) throws IOException {
        return append(payload, 0, payload.length);
    }

    /**
     * Appends {@code payload[off, off+len)} as one record and returns its sequence number once the
     * record is durable per the sync mode: in batch mode this is {@link #write} then
     * {@link #awaitDurable}, in the other modes just {@link #write}.
     *
     * @throws IllegalArgumentException if {@code len} exceeds {@link WalOptions#maxRecordBytes()}
     * @throws IllegalStateException    after {@link #close()}
     * @throws IOException              if the write or fsync fails, or failed earlier
     */
    public long append(byte[] payload, int off, int len) throws IOException {
        long seq = write(payload, off, len);
        if (options.syncMode().kind() == WalSyncMode.Kind.BATCH) {
            groupCommit.awaitDurable(seq, this::forceActive);
        }
        return seq;
    }

    /**
     * Writes {@code payload[off, off+len)} as one record and returns its sequence number without
     * waiting for an fsync, whatever the sync mode. A caller that acknowledges the record must first
     * call {@link #awaitDurable(long)} (batch mode); splitting the two lets it overlap the fsync
     * of one batch with work on the next.
     *
     * @throws IllegalArgumentException if {@code len} exceeds {@link WalOptions#maxRecordBytes()}
     * @throws IllegalStateException    after {@link #close()}
     * @throws IOException              if the write fails, or an earlier write or fsync failed
     */
    public long write(byte[] payload, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, payload.length);
        if (len > options.maxRecordBytes()) {
            throw new IllegalArgumentException("cannot append write-ahead log record [length=" + len
                    + ", maxRecordBytes=" + options.maxRecordBytes() + "]: the payload exceeds the maximum record size");
        }
        // checksum the payload before taking the lock; length and sequence number are added under it
        CRC32C crc = new CRC32C();
        crc.update(payload, off, len);
        long seq;
        appendLock.lock();
        try {
            ensureOpen();
            seq = nextSequence;
            if (seq == Long.MAX_VALUE) {
                throw new IllegalStateException("cannot append write-ahead log record: sequence numbers exhausted");
            }
            long frameLen = (long) WalFormat.FRAME_HEADER_SIZE + len;
            try {
                if (active.hasRecords() && active.size + frameLen > options.segmentSizeBytes()) {
                    rotate(seq);
                }
                WalFormat.encodeFrameHeader(frameHeader, crc, len, seq);
                writeFrame(active, payload, off, len);
            } catch (IOException e) {
                groupCommit.fail(e);
                throw new IOException("cannot append write-ahead log record [segment=" + active.path
                        + ", offset=" + active.size + ", sequence=" + seq + "]: " + e.getMessage(), e);
            }
            stats.appended(frameLen);
            active.size += frameLen;
            active.lastSequence = seq;
            nextSequence = seq + 1;
            lastSequence = seq;
            totalBytes += frameLen;
            appended = true;
            warnIfLarge();
        } finally {
            appendLock.unlock();
        }
        return seq;
    }

    /**
     * Returns once every record up to {@code sequence} is fsynced, forcing the active segment if
     * needed; concurrent callers share one fsync (group commit). Works in every sync mode.
     *
     * @throws IllegalArgumentException if {@code sequence} was never written
     * @throws IOException              if the fsync fails, or an earlier write or fsync failed
     */
    public void awaitDurable(long sequence) throws IOException {
        if (sequence > lastSequence) {
            throw new IllegalArgumentException("cannot await durability of write-ahead log record [sequence=" + sequence
                    + ", lastSequence=" + lastSequence + "]: no such record was written");
        }
        groupCommit.awaitDurable(sequence, this::forceActive);
    }

    /** Writes frame header and payload at the segment's end through the direct buffer. */
    private void writeFrame(Segment s, byte[] payload, int off, int len) throws IOException {
        int frameLen = (int) Math.min(WRITE_BUFFER_BYTES, (long) WalFormat.FRAME_HEADER_SIZE + len);
        if (writeBuffer == null || writeBuffer.capacity() < frameLen) {
            writeBuffer = ByteBuffer.allocateDirect(Math.max(MIN_WRITE_BUFFER_BYTES, frameLen));
        }
        ByteBuffer b = writeBuffer;
        long at = s.size;
        b.clear();
        b.put(frameHeader);
        int done = 0;
        do {
            int n = Math.min(len - done, b.remaining());
            b.put(payload, off + done, n);
            done += n;
            b.flip();
            while (b.hasRemaining()) {
                at += s.channel.write(b, at);
            }
            b.clear();
        } while (done < len);
    }

    /**
     * Seals the active segment (fsynced) and starts a new one at {@code first}. Every frame written
     * so far is durable afterwards, which is also why a non-last segment is never torn by a crash.
     */
    private void rotate(long first) throws IOException {
        Segment old = active;
        force(old.channel);
        Segment fresh = createSegment(first);
        forceLock.lock();
        try {
            old.retired = true;
            old.channel.close();
            old.channel = null;
        } finally {
            forceLock.unlock();
        }
        sealed.add(old);
        active = fresh;
        totalBytes += fresh.size;
        groupCommit.markDurable(lastSequence);
    }

    /**
     * fsyncs a segment file, timed for {@link WalStats}. A failed fsync is not counted: it fails the
     * log for good (see {@link GroupCommit}), which its error reports.
     */
    private void force(FileChannel channel) throws IOException {
        long t0 = System.nanoTime();
        channel.force(false);
        stats.synced(System.nanoTime() - t0);
    }

    /** The group-commit leader's fsync: everything written before the snapshot becomes durable. */
    private long forceActive() throws IOException {
        Segment s;
        long upTo;
        appendLock.lock();
        try {
            s = active;
            upTo = lastSequence;
        } finally {
            appendLock.unlock();
        }
        forceLock.lock();
        try {
            if (s.retired) {
                // rotation or close forced it before retiring it; if close could not, the log has failed
                IOException f = groupCommit.failure();
                if (f != null) {
                    throw GroupCommit.failedException(f);
                }
                return upTo;
            }
            force(s.channel);
        } finally {
            forceLock.unlock();
        }
        return upTo;
    }

    private void runIntervalSync() {
        long nanos = options.syncMode().intervalMillis() * 1_000_000L;
        while (!stopSyncer) {
            LockSupport.parkNanos(this, nanos);
            if (stopSyncer) {
                return;
            }
            long target = lastSequence;
            if (target > groupCommit.durableSequence()) {
                try {
                    groupCommit.awaitDurable(target, this::forceActive);
                } catch (IOException e) {
                    LOG.log(Level.ERROR, "write-ahead log " + dir + ": interval fsync failed; the log is failed", e);
                    return;
                }
            }
        }
    }

    /**
     * Declares that everything up to {@code sequence} is durably stored elsewhere: deletes every
     * sealed segment whose records are all at or below it (oldest first) and fsyncs the directory.
     * The active segment is never deleted; if it is wholly covered and holds at least 1/8 of a
     * segment, it is rotated first so that it can be.
     */
    public void checkpoint(long sequence) throws IOException {
        checkpoint(sequence, false);
    }

    /**
     * As {@link #checkpoint(long)}; with {@code rotateActive} a wholly covered active segment is
     * rotated and deleted whatever its size (used on close, so that a cleanly closed database keeps
     * no WAL bytes it would have to read again on open).
     */
    public void checkpoint(long sequence, boolean rotateActive) throws IOException {
        checkpointLock.lock();
        try {
            List<Segment> doomed = new ArrayList<>();
            appendLock.lock();
            try {
                ensureOpen();
                while (!sealed.isEmpty() && sealed.peekFirst().lastSequence <= sequence) {
                    doomed.add(sealed.pollFirst());
                }
                if (sealed.isEmpty() && active.hasRecords() && active.lastSequence <= sequence
                        && (rotateActive || active.size >= options.segmentSizeBytes() / CHECKPOINT_ROTATE_FRACTION)) {
                    try {
                        rotate(nextSequence);
                    } catch (IOException e) {
                        groupCommit.fail(e);
                        throw e;
                    }
                    doomed.add(sealed.pollFirst());
                }
                for (Segment s : doomed) {
                    totalBytes -= s.size;
                }
                if (totalBytes <= options.warnSizeBytes()) {
                    nextWarnAt = options.warnSizeBytes();
                }
            } finally {
                appendLock.unlock();
            }
            for (Segment s : doomed) {
                fs.deleteIfExists(s.path);
            }
            if (!doomed.isEmpty()) {
                fs.syncDirectory(dir);
            }
        } finally {
            checkpointLock.unlock();
        }
    }

    /** Caller holds appendLock. */
    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IllegalStateException("cannot use write-ahead log " + dir + ": it is closed");
        }
        IOException f = groupCommit.failure();
        if (f != null) {
            throw GroupCommit.failedException(f);
        }
    }

    /** Caller holds appendLock. Logs once each time the size passes warnSizeBytes × 2^k. */
    private void warnIfLarge() {
        long size = totalBytes;
        if (size > nextWarnAt) {
            while (nextWarnAt < size && nextWarnAt <= Long.MAX_VALUE / 2) {
                nextWarnAt *= 2;
            }
            LOG.log(Level.WARNING, "write-ahead log " + dir + " holds " + size + " bytes, above warnSizeBytes="
                    + options.warnSizeBytes() + ": no checkpoint has freed it; the head should be flushed");
        }
    }

    /** The sequence number of the last record appended or recovered ({@code startSequence - 1} or 0 if none). */
    public long lastSequence() {
        return lastSequence;
    }

    /** Bytes of all live segment files (headers and frames). */
    public long sizeBytes() {
        return totalBytes;
    }

    /** Whether {@link #sizeBytes()} exceeds {@link WalOptions#warnSizeBytes()}: a flush is overdue. */
    public boolean overWarnSize() {
        return totalBytes > options.warnSizeBytes();
    }

    /** fsyncs of WAL files performed by this instance (group commits, interval syncs, rotations, close). */
    public long syncCount() {
        return stats.fsyncs();
    }

    /** Appends and fsyncs since open, for monitoring. */
    public WalStats stats() {
        return stats;
    }

    /** Live segment files, the active one included. */
    public int segmentCount() {
        appendLock.lock();
        try {
            return sealed.size() + (active != null ? 1 : 0);
        } finally {
            appendLock.unlock();
        }
    }

    public Path directory() {
        return dir;
    }

    public WalOptions options() {
        return options;
    }

    /**
     * fsyncs and closes the active segment; idempotent. Appends that were written before close are
     * durable when it returns; appends after it throw {@link IllegalStateException}.
     *
     * @throws IOException if the final fsync fails
     */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        if (intervalSyncer != null) {
            stopSyncer = true;
            LockSupport.unpark(intervalSyncer);
            boolean interrupted = false;
            while (intervalSyncer.isAlive()) {
                try {
                    intervalSyncer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        IOException error = null;
        appendLock.lock();
        try {
            Segment s = active;
            forceLock.lock();
            try {
                if (groupCommit.failure() == null) {
                    try {
                        force(s.channel);
                    } catch (IOException e) {
                        error = e;
                        groupCommit.fail(e);
                    }
                }
                s.retired = true;
                try {
                    s.channel.close();
                } catch (IOException e) {
                    if (error == null) {
                        error = e;
                    }
                }
                s.channel = null;
            } finally {
                forceLock.unlock();
            }
            writeBuffer = null;
            if (error == null) {
                groupCommit.markDurable(lastSequence);
            }
        } finally {
            appendLock.unlock();
        }
        if (error != null) {
            throw new IOException("cannot close write-ahead log " + dir + ": final fsync failed: " + error.getMessage(), error);
        }
    }
}
