package dev.sundial.head;

import dev.sundial.table.ColumnType;

/**
 * One encoded column of one chunk: which value column it is, the presence bitmap (which rows have a
 * value; encoded with {@code ColumnCodecs.encodePresence}) and the dense encoded values of the
 * present rows. Immutable; the arrays are never modified after construction.
 */
public record ColumnBlock(int column, ColumnType type, byte[] presence, byte[] values, ColumnStats stats) {
    public int encodedBytes() {
        return presence.length + values.length;
    }
}
