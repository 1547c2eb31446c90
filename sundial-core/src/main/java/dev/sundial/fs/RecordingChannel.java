package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The channels of a {@link CrashRecordingFileLayer}: every write is performed and logged (inode,
 * offset, the bytes really written, even when the write then fails) under the layer's lock;
 * truncates that shrink the file are logged; a force is logged as an fsync of the file, or of the
 * directory when the channel is open on one. Reads, positions and locks are the real channel's.
 * As thread-safe as a FileChannel.
 */
final class RecordingChannel extends WriteInterceptingChannel {
    private final CrashRecordingFileLayer layer;
    private final int inode;
    private final boolean directory;
    private final boolean append;
    private final boolean syncEachWrite;

    RecordingChannel(CrashRecordingFileLayer layer, FileChannel delegate, int inode, boolean directory, boolean append,
            boolean syncEachWrite) {
        super(delegate);
        this.layer = layer;
        this.inode = inode;
        this.directory = directory;
        this.append = append;
        this.syncEachWrite = syncEachWrite;
    }

    /** Writes at {@code position}, or at the channel's position when it is -1, and logs what was written. */
    @Override
    protected int interceptedWrite(ByteBuffer src, long position) throws IOException {
        synchronized (layer.lock()) {
            long at = position >= 0 ? position : append ? delegate.size() : delegate.position();
            ByteBuffer view = src.duplicate();
            int start = src.position();
            try {
                return position >= 0 ? delegate.write(src, position) : delegate.write(src);
            } finally {
                // a write that failed part-way (ENOSPC, injected faults) still changed the file
                int written = src.position() - start;
                if (written > 0) {
                    byte[] bytes = new byte[written];
                    view.get(bytes);
                    layer.recordWrite(inode, at, bytes);
                    if (syncEachWrite) {
                        layer.recordSync(inode, false, layer.nextNumber());
                    }
                }
            }
        }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        synchronized (layer.lock()) {
            long before = delegate.size();
            delegate.truncate(size);
            if (size < before) {
                layer.recordTruncate(inode, size);
            }
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        int covers = layer.nextNumber();
        delegate.force(metaData);
        layer.recordSync(inode, directory, covers);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new UnsupportedOperationException("cannot record writes through a " + mode + " memory mapping");
        }
        return delegate.map(mode, position, size);
    }
}
