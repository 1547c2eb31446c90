package dev.sundial.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives the records of a {@link WriteAheadLog#replay replay}, in sequence order.
 *
 * <p>The payload buffer is positioned at 0 with its limit at the payload length. It is only valid
 * during the call: the WAL reuses the memory behind it for the next record, so a visitor that needs
 * the bytes later must copy them. The visitor may change the buffer's position, limit and byte
 * order (it starts big-endian, as every new ByteBuffer view does).
 */
@FunctionalInterface
public interface RecordVisitor {
    /** Called once per good record whose sequence number is above the replay's lower bound. */
    void record(long sequence, ByteBuffer payload) throws IOException;
}
