package dev.sundial.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A {@link ForwardingFileChannel} whose every write — plain, gathering, positional and
 * {@code transferFrom} — goes through one method, {@link #interceptedWrite}: the channels of the
 * fault-injecting and the crash-recording layers, which must see (and may fail) each byte written.
 */
abstract class WriteInterceptingChannel extends ForwardingFileChannel {
    WriteInterceptingChannel(FileChannel delegate) {
        super(delegate);
    }

    /**
     * The one write subclasses implement; every other write ends here.
     *
     * @param position where to write, or -1 for the channel's position (advancing it)
     */
    protected abstract int interceptedWrite(ByteBuffer src, long position) throws IOException;

    @Override
    public final int write(ByteBuffer src) throws IOException {
        return interceptedWrite(src, -1);
    }

    @Override
    public final long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return writeEach(srcs, offset, length);
    }

    @Override
    public final int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        return interceptedWrite(src, position);
    }

    @Override
    public final long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return transferFromByCopy(src, position, count);
    }

    /** {@link #transferFrom} through this channel's own {@link #write(ByteBuffer, long)}. */
    private long transferFromByCopy(ReadableByteChannel src, long position, long count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            b.clear();
            if (count - done < b.capacity()) {
                b.limit((int) (count - done));
            }
            int r = src.read(b);
            if (r <= 0) {
                break;
            }
            b.flip();
            while (b.hasRemaining()) {
                int w = write(b, position + done + b.position());
                if (w == 0) {
                    return done + b.position(); // a short write: report what was transferred
                }
            }
            done += r;
        }
        return done;
    }

    /** A gathering write as a sequence of single writes, stopping at the first short one. */
    private long writeEach(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int want = srcs[i].remaining();
            int n = write(srcs[i]);
            total += n;
            if (n < want) {
                break;
            }
        }
        return total;
    }
}
