package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The channels of a {@link FaultInjectingFileLayer}: reads, writes, truncates and forces go through
 * the layer's rules (and writes through its free-space budget) before reaching the real channel.
 * Positions, size, mapping and locks are the real channel's. As thread-safe as a FileChannel.
 */
final class FaultInjectingChannel extends WriteInterceptingChannel {
    private final FaultInjectingFileLayer layer;
    final Path path;
    final boolean append;

    FaultInjectingChannel(FaultInjectingFileLayer layer, Path path, FileChannel delegate, boolean append) {
        super(delegate);
        this.layer = layer;
        this.path = path;
        this.append = append;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        layer.beforeChannelOp(FileOp.READ, path);
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        layer.beforeChannelOp(FileOp.READ, path);
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        layer.beforeChannelOp(FileOp.READ, path);
        return delegate.read(dst, position);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        layer.beforeChannelOp(FileOp.READ, path);
        return delegate.transferTo(position, count, target);
    }

    @Override
    protected int interceptedWrite(ByteBuffer src, long position) throws IOException {
        return layer.write(this, src, position);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        layer.beforeChannelOp(FileOp.TRUNCATE, path);
        long before = delegate.size();
        delegate.truncate(size);
        layer.truncated(before, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        layer.beforeChannelOp(FileOp.FORCE, path);
        delegate.force(metaData);
    }
}
