package dev.sundial.wal;

import dev.sundial.fs.FileLayer;
import java.nio.file.Path;

/**
 * Settings of a {@link WriteAheadLog}. Build with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param segmentSizeBytes a segment is rotated before a record would take it past this size
 *                         (default 64 MiB). A single record larger than this gets a segment of
 *                         its own.
 * @param maxRecordBytes   hard limit of one payload (default 256 MiB); larger appends are rejected
 *                         with an {@link IllegalArgumentException}. At most
 *                         {@link WalFormat#MAX_PAYLOAD_BYTES}.
 * @param syncMode         when appends are fsynced (default {@link WalSyncMode#BATCH})
 * @param warnSizeBytes    total WAL size above which a warning is logged (once per doubling) and
 *                         {@link WriteAheadLog#overWarnSize()} turns true (default 1 GiB)
 * @param quarantineDir    where damaged segments are moved on open; {@code null} means the sibling
 *                         directory {@code quarantine} of the WAL directory, which for a data
 *                         directory's {@code DATA_DIR/wal} is {@code DATA_DIR/quarantine}
 * @param startSequence    the lowest sequence number the WAL may assign next: the engine passes its
 *                         durable checkpoint + 1, so that sequence numbers continue even when every
 *                         segment is gone. It also declares every record below it as no longer
 *                         needed, which lets open tell a harmless gap (records already checkpointed)
 *                         from a hole. {@code 0} (the default) means "unknown": an empty WAL starts
 *                         at 1 and every gap between segments is a hole.
 * @param checkpointUnknown true when the engine cannot tell how far the WAL was checkpointed (a
 *                         table's manifest was rebuilt from its segments and lost its flushed-through
 *                         mark): {@code startSequence} then only keeps numbers monotonic, and a first
 *                         segment starting above it is not a hole (the records before it were
 *                         checkpointed while the lost manifest still vouched for them)
 * @param fileLayer        every file operation of the log goes through it (default {@link FileLayer#REAL})
 */
public record WalOptions(long segmentSizeBytes, int maxRecordBytes, WalSyncMode syncMode, long warnSizeBytes,
                         Path quarantineDir, long startSequence, boolean checkpointUnknown, FileLayer fileLayer) {
    /** 64 MiB: large enough that rotation (two fsyncs) is rare, small enough that checkpoints free space. */
    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 64L << 20;
    /** 256 MiB: four times the segment size; a larger write batch is almost surely a bug upstream. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 << 20;
    /** 1 GiB: with 64 MiB segments, 16 segments that no checkpoint has freed. */
    public static final long DEFAULT_WARN_SIZE_BYTES = 1L << 30;
    /** The smallest segment size accepted: a header and one small frame; tiny sizes serve tests. */
    public static final long MIN_SEGMENT_SIZE_BYTES = 64;

    public WalOptions {
        if (segmentSizeBytes < MIN_SEGMENT_SIZE_BYTES) {
            throw new IllegalArgumentException("cannot create WAL options [segmentSizeBytes=" + segmentSizeBytes
                    + "]: must be at least " + MIN_SEGMENT_SIZE_BYTES);
        }
        if (maxRecordBytes < 0 || maxRecordBytes > WalFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("cannot create WAL options [maxRecordBytes=" + maxRecordBytes
                    + "]: must be 0.." + WalFormat.MAX_PAYLOAD_BYTES);
        }
        if (syncMode == null) {
            throw new IllegalArgumentException("cannot create WAL options: syncMode is null");
        }
        if (warnSizeBytes < 1) {
            throw new IllegalArgumentException("cannot create WAL options [warnSizeBytes=" + warnSizeBytes
                    + "]: must be positive");
        }
        if (fileLayer == null) {
            throw new IllegalArgumentException("cannot create WAL options: fileLayer is null");
        }
        if (startSequence < 0) {
            throw new IllegalArgumentException("cannot create WAL options [startSequence=" + startSequence
                    + "]: must be >= 0");
        }
    }

    /** All defaults: 64 MiB segments, 256 MiB records, batch sync, warn at 1 GiB. */
    public static WalOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().segmentSizeBytes(segmentSizeBytes).maxRecordBytes(maxRecordBytes).syncMode(syncMode)
                .warnSizeBytes(warnSizeBytes).quarantineDir(quarantineDir).startSequence(startSequence)
                .checkpointUnknown(checkpointUnknown).fileLayer(fileLayer);
    }

    /** The quarantine directory for a WAL in {@code walDir}: {@link #quarantineDir} or its default. */
    public Path quarantineDirFor(Path walDir) {
        if (quarantineDir != null) {
            return quarantineDir;
        }
        Path abs = walDir.toAbsolutePath();
        return abs.resolveSibling(dev.sundial.fs.DataDirectoryLayout.QUARANTINE_DIR);
    }

    /** Mutable builder of {@link WalOptions}; not thread-safe. */
    public static final class Builder {
        private long segmentSizeBytes = DEFAULT_SEGMENT_SIZE_BYTES;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private WalSyncMode syncMode = WalSyncMode.BATCH;
        private long warnSizeBytes = DEFAULT_WARN_SIZE_BYTES;
        private Path quarantineDir;
        private long startSequence;
        private boolean checkpointUnknown;
        private FileLayer fileLayer = FileLayer.REAL;

        private Builder() {
        }

        public Builder segmentSizeBytes(long v) {
            segmentSizeBytes = v;
            return this;
        }

        public Builder maxRecordBytes(int v) {
            maxRecordBytes = v;
            return this;
        }

        public Builder syncMode(WalSyncMode v) {
            syncMode = v;
            return this;
        }

        public Builder warnSizeBytes(long v) {
            warnSizeBytes = v;
            return this;
        }

        public Builder quarantineDir(Path v) {
            quarantineDir = v;
            return this;
        }

        public Builder startSequence(long v) {
            startSequence = v;
            return this;
        }

        public Builder checkpointUnknown(boolean v) {
            checkpointUnknown = v;
            return this;
        }

        public Builder fileLayer(FileLayer v) {
            fileLayer = v;
            return this;
        }

        public WalOptions build() {
            return new WalOptions(segmentSizeBytes, maxRecordBytes, syncMode, warnSizeBytes, quarantineDir,
                    startSequence, checkpointUnknown, fileLayer);
        }
    }
}
