package dev.sundial.wal;

import dev.sundial.bytes.ByteReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a WAL write record built by {@link WriteRecordEncoder}, pushing its content to a
 * {@link Visitor}. The live write path and WAL replay both apply records through this decoder, so
 * what is replayed is exactly what was applied.
 *
 * <p>Stateless and thread-safe. Malformed input throws {@link ByteReader.IndexFormatException} or
 * {@link IllegalArgumentException} with the offset; the caller reports the WAL record.
 */
public final class WriteRecordDecoder {
    private WriteRecordDecoder() {
    }

    /** Receives a record's content in order. */
    public interface Visitor {
        /** A table section starts; return false to skip it (e.g. table dropped or already flushed). */
        boolean table(int tableId);

        void series(int seriesId, String[] tags);

        void row(int seriesId, long ts);

        void doubleField(int column, double v);

        void longField(int column, long v);

        void booleanField(int column, boolean v);

        void stringField(int column, String v);

        /** The current row is complete. */
        void endRow();
    }

    public static void decode(byte[] buf, int off, int len, Visitor v) {
        ByteReader r = new ByteReader(buf, off, len);
        int kind = r.getByte();
        if (kind != WriteRecordEncoder.KIND_ROWS) {
            throw new IllegalArgumentException("unknown WAL record kind " + kind);
        }
        int tables = r.getVarInt(len);
        for (int t = 0; t < tables; t++) {
            int tableId = r.getVarInt(Integer.MAX_VALUE);
            int newSeries = r.getVarInt(len);
            String[][] defs = new String[newSeries][];
            int[] ids = new int[newSeries];
            for (int s = 0; s < newSeries; s++) {
                ids[s] = r.getVarInt(Integer.MAX_VALUE);
                int tagCount = r.getVarInt(r.remaining());
                String[] tags = new String[tagCount];
                for (int k = 0; k < tagCount; k++) {
                    int l = r.getVarInt(r.remaining() + 1);
                    if (l > 0) {
                        tags[k] = new String(r.getBytes(l - 1), StandardCharsets.UTF_8);
                    }
                }
                defs[s] = tags;
            }
            int rows = r.getVarInt(len);
            int rowsBytes = r.getVarInt(r.remaining());
            boolean wanted = v.table(tableId);
            if (!wanted) {
                r.getBytes(rowsBytes);
                continue;
            }
            for (int s = 0; s < newSeries; s++) {
                v.series(ids[s], defs[s]);
            }
            int end = r.position() + rowsBytes;
            long ts = 0;
            for (int i = 0; i < rows; i++) {
                int series = r.getVarInt(Integer.MAX_VALUE);
                ts += r.getZigZag();
                v.row(series, ts);
                int fields = r.getVarInt(r.remaining());
                for (int f = 0; f < fields; f++) {
                    int col = r.getVarInt(Integer.MAX_VALUE);
                    int type = r.getByte();
                    switch (type) {
                        case 1 -> v.doubleField(col, Double.longBitsToDouble(r.getLong()));
                        case 2 -> v.longField(col, r.getZigZag());
                        case 3 -> v.booleanField(col, r.getByte() != 0);
                        case 4 -> v.stringField(col, new String(r.getBytes(r.getVarInt(r.remaining())), StandardCharsets.UTF_8));
                        default -> throw new IllegalArgumentException("unknown field type " + type + " at offset " + r.position());
                    }
                }
                v.endRow();
            }
            if (r.position() != end) {
                throw new IllegalArgumentException("rows section of table " + tableId + " ends at " + r.position() + ", expected " + end);
            }
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " trailing bytes in WAL record");
        }
    }
}
