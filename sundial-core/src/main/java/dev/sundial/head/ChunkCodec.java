package dev.sundial.head;

import dev.sundial.codec.ColumnCodecs;
import dev.sundial.codec.Compression;
import dev.sundial.table.ColumnBatch;
import dev.sundial.table.ColumnType;
import dev.sundial.table.ValueVector;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns sorted, folded rows into a {@link SealedChunk} and back. Encoding stores, per value column,
 * a presence bitmap and the dense values of present rows (so NULLs cost only their bitmap bit).
 *
 * <p>Stateless and thread-safe.
 */
public final class ChunkCodec {
    private ChunkCodec() {
    }

    /**
     * Encodes rows [from, to) of a batch that is sorted with unique timestamps.
     *
     * @param types type of each position of {@code batch.columns}
     */
    public static SealedChunk encode(ColumnBatch batch, int from, int to, ColumnType[] types, Compression compression) {
        int n = to - from;
        if (n <= 0) {
            throw new IllegalStateException("BUG: encoding an empty chunk");
        }
        long[] ts = from == 0 ? batch.timestamps : java.util.Arrays.copyOfRange(batch.timestamps, from, to);
        byte[] tsBytes = ColumnCodecs.encodeTimestamps(ts, n, Compression.AUTO);
        List<ColumnBlock> blocks = new ArrayList<>();
        boolean[] presence = new boolean[n];
        for (int pos = 0; pos < batch.columns.length; pos++) {
            ValueVector v = batch.columns[pos];
            if (v == null) {
                continue;
            }
            int count = countPresent(v, from, n);
            if (count == 0) {
                continue;
            }
            ColumnType type = types[pos];
            if (count == n) {
                java.util.Arrays.fill(presence, true);
                if (type == ColumnType.DOUBLE) {
                    // the common case: a dense DOUBLE column, encoded straight from the vector
                    double[] d = from == 0 ? v.doubles : java.util.Arrays.copyOfRange(v.doubles, from, to);
                    blocks.add(new ColumnBlock(batch.columnIds[pos], type, ColumnCodecs.encodePresence(presence, n),
                            ColumnCodecs.encodeDoubles(d, n, compression), ColumnStats.ofDoubles(d, n)));
                    continue;
                }
            } else {
                for (int r = 0; r < n; r++) {
                    presence[r] = v.isPresent(from + r);
                }
            }
            byte[] pres = ColumnCodecs.encodePresence(presence, n);
            byte[] values;
            ColumnStats stats;
            switch (type) {
                case DOUBLE -> {
                    double[] d = new double[count];
                    int k = 0;
                    for (int r = 0; r < n; r++) {
                        if (presence[r]) {
                            d[k++] = v.doubles[from + r];
                        }
                    }
                    values = ColumnCodecs.encodeDoubles(d, count, compression);
                    stats = ColumnStats.ofDoubles(d, count);
                }
                case BIGINT -> {
                    long[] d = new long[count];
                    int k = 0;
                    for (int r = 0; r < n; r++) {
                        if (presence[r]) {
                            d[k++] = v.longs[from + r];
                        }
                    }
                    values = ColumnCodecs.encodeLongs(d, count, compression);
                    stats = ColumnStats.ofLongs(d, count);
                }
                case BOOLEAN -> {
                    boolean[] d = new boolean[count];
                    int k = 0;
                    for (int r = 0; r < n; r++) {
                        if (presence[r]) {
                            d[k++] = v.booleans[from + r];
                        }
                    }
                    values = ColumnCodecs.encodeBooleans(d, count);
                    stats = ColumnStats.ofBooleans(d, count);
                }
                case VARCHAR -> {
                    String[] d = new String[count];
                    int k = 0;
                    for (int r = 0; r < n; r++) {
                        if (presence[r]) {
                            d[k++] = v.strings[from + r];
                        }
                    }
                    values = ColumnCodecs.encodeStrings(d, count, compression);
                    stats = ColumnStats.ofCount(count);
                }
                default -> throw new IllegalStateException("BUG: type " + type);
            }
            blocks.add(new ColumnBlock(batch.columnIds[pos], type, pres, values, stats));
        }
        return new SealedChunk(batch.timestamps[from], batch.timestamps[to - 1], n, tsBytes, blocks);
    }

    private static int countPresent(ValueVector v, int from, int n) {
        boolean[] p = v.present;
        if (p == null) {
            return n;
        }
        int count = 0;
        for (int r = 0; r < n; r++) {
            count += p[from + r] ? 1 : 0;
        }
        return count;
    }

    /**
     * Decodes a chunk's timestamps and the columns {@code out.columnIds} into {@code out}, replacing
     * its content. Columns without a block in the chunk come out as null vectors (all NULL).
     */
    public static void decode(SealedChunk chunk, ColumnBatch out) {
        int n = chunk.rowCount();
        out.ensureCapacity(n);
        ColumnCodecs.decodeTimestamps(chunk.timestamps(), 0, chunk.timestamps().length, out.timestamps, n);
        out.size = n;
        for (int pos = 0; pos < out.columnIds.length; pos++) {
            ColumnBlock b = chunk.column(out.columnIds[pos]);
            if (b == null) {
                out.columns[pos] = null;
                continue;
            }
            ValueVector v = out.columns[pos];
            if (v == null || v.type() != b.type()) {
                v = new ValueVector(b.type(), n);
                out.columns[pos] = v;
            }
            v.ensureCapacity(n);
            decodeColumn(b, n, v);
        }
    }

    /** Decodes one block into {@code v} (capacity ≥ n), scattering values to their rows. */
    public static void decodeColumn(ColumnBlock b, int n, ValueVector v) {
        int count = b.stats().count();
        if (count == n) {
            v.present = null;
            switch (b.type()) {
                case DOUBLE -> ColumnCodecs.decodeDoubles(b.values(), 0, b.values().length, v.doubles, n);
                case BIGINT -> ColumnCodecs.decodeLongs(b.values(), 0, b.values().length, v.longs, n);
                case BOOLEAN -> ColumnCodecs.decodeBooleans(b.values(), 0, b.values().length, v.booleans, n);
                case VARCHAR -> ColumnCodecs.decodeStrings(b.values(), 0, b.values().length, v.strings, n);
                default -> throw new IllegalStateException("BUG: type " + b.type());
            }
            return;
        }
        if (v.present == null || v.present.length < v.capacity()) {
            v.present = new boolean[v.capacity()];
        }
        int got = ColumnCodecs.decodePresence(b.presence(), 0, b.presence().length, v.present, n);
        if (got != count) {
            throw new dev.sundial.codec.CorruptEncodingException("column " + b.column(), 0,
                    "presence bitmap has " + got + " values, statistics say " + count);
        }
        switch (b.type()) {
            case DOUBLE -> {
                double[] d = new double[count];
                ColumnCodecs.decodeDoubles(b.values(), 0, b.values().length, d, count);
                for (int r = 0, k = 0; r < n; r++) {
                    if (v.present[r]) {
                        v.doubles[r] = d[k++];
                    }
                }
            }
            case BIGINT -> {
                long[] d = new long[count];
                ColumnCodecs.decodeLongs(b.values(), 0, b.values().length, d, count);
                for (int r = 0, k = 0; r < n; r++) {
                    if (v.present[r]) {
                        v.longs[r] = d[k++];
                    }
                }
            }
            case BOOLEAN -> {
                boolean[] d = new boolean[count];
                ColumnCodecs.decodeBooleans(b.values(), 0, b.values().length, d, count);
                for (int r = 0, k = 0; r < n; r++) {
                    if (v.present[r]) {
                        v.booleans[r] = d[k++];
                    }
                }
            }
            case VARCHAR -> {
                String[] d = new String[count];
                ColumnCodecs.decodeStrings(b.values(), 0, b.values().length, d, count);
                for (int r = 0, k = 0; r < n; r++) {
                    v.strings[r] = v.present[r] ? d[k++] : null;
                }
            }
            default -> throw new IllegalStateException("BUG: type " + b.type());
        }
    }
}
