package dev.sundial;

import dev.sundial.partition.TableStorage;
import dev.sundial.wal.WriteAheadLog;
import dev.sundial.wal.WriteRecordDecoder;
import dev.sundial.wal.WriteRecordEncoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Applies WAL write records to table heads: live (right after the record is written) and on open
 * (replay after the last checkpoint). Both feed the same {@link TableStorage#applier} with the same
 * calls: replay decodes them from the record's bytes, the live path takes them from the columnar
 * rows the bytes were encoded from ({@link WriteRecordEncoder.TableRows#visitBySeries}), which
 * skips a decode per write. The live path groups a section's rows by series (keeping their order
 * within each series); a head orders rows only within a series, so the head is the same. So what
 * recovery rebuilds is what was applied. A table section is skipped when its table no longer exists or when the table's
 * manifest says the record is already in segments. A record that does not decode is skipped and
 * reported; one that uses a series its table's registry lacks refuses the open (skipping it would
 * let a new series take the id over: see {@link dev.sundial.index.SeriesRegistry}).
 *
 * <p>Callers hold the locks of the tables involved (live) or run single-threaded (open).
 */
final class WalReplay {
    private final Map<Integer, TableStorage> storages;
    private final List<String> problems;

    WalReplay(Map<Integer, TableStorage> storages, List<String> problems) {
        this.storages = storages;
        this.problems = problems;
    }

    void replay(WriteAheadLog wal) throws IOException {
        long after = Long.MAX_VALUE;
        for (TableStorage s : storages.values()) {
            after = Math.min(after, s.manifest().flushedThroughSequence());
        }
        if (after == Long.MAX_VALUE) {
            after = 0;
        }
        byte[][] buf = {new byte[1 << 16]};
        wal.replay(Math.max(after, 0), (seq, payload) -> {
            int len = payload.remaining();
            if (buf[0].length < len) {
                buf[0] = new byte[Math.max(len, buf[0].length * 2)];
            }
            payload.get(buf[0], 0, len);
            try {
                // Validate the whole record before applying any of it: a record that passed its CRC
                // but does not decode is reported and skipped as a unit.
                WriteRecordDecoder.decode(buf[0], 0, len, VALIDATOR);
                applyReplayed(buf[0], len, seq);
            } catch (java.io.UncheckedIOException e) {
                if (e.getCause() instanceof dev.sundial.fs.CorruptFileException refused) {
                    // a series registry lacks series the WAL uses: skipping would let new series take over their ids
                    throw refused;
                }
                problems.add("cannot replay WAL record [sequence=" + seq + "]: " + e.getMessage() + " (record skipped)");
            } catch (RuntimeException e) {
                problems.add("cannot replay WAL record [sequence=" + seq + "]: " + e.getMessage() + " (record skipped)");
            }
        });
    }

    /** Applies the rows of one table section, just written to the WAL as {@code seq}, to the live head. */
    static void applyLive(WriteRecordEncoder.TableRows rows, long seq, TableStorage storage) {
        WriteRecordDecoder.Visitor a = storage.applier(seq, false);
        a.table(rows.tableId());
        rows.visitBySeries(a); // same head as rows.visit(a) (and as replay), with better locality
        storage.noteHeadBytes();
    }

    /** Applies a replayed record's table sections to their tables' heads. */
    private void applyReplayed(byte[] payload, int len, long seq) {
        Multiplexer m = new Multiplexer(storages, seq);
        WriteRecordDecoder.decode(payload, 0, len, m);
        for (TableStorage s : m.touched) {
            s.noteHeadBytes();
        }
    }

    private static final class Multiplexer implements WriteRecordDecoder.Visitor {
        private final Map<Integer, TableStorage> storages;
        private final long seq;
        private WriteRecordDecoder.Visitor current;
        final java.util.List<TableStorage> touched = new java.util.ArrayList<>(2);

        Multiplexer(Map<Integer, TableStorage> storages, long seq) {
            this.storages = storages;
            this.seq = seq;
        }

        @Override
        public boolean table(int tableId) {
            TableStorage s = storages.get(tableId);
            if (s == null || seq <= s.manifest().flushedThroughSequence()) {
                current = null;
                return false;
            }
            touched.add(s);
            current = s.applier(seq, true);
            return current.table(tableId);
        }

        @Override
        public void series(int seriesId, String[] tags) {
            current.series(seriesId, tags);
        }

        @Override
        public void row(int seriesId, long ts) {
            current.row(seriesId, ts);
        }

        @Override
        public void doubleField(int column, double v) {
            current.doubleField(column, v);
        }

        @Override
        public void longField(int column, long v) {
            current.longField(column, v);
        }

        @Override
        public void booleanField(int column, boolean v) {
            current.booleanField(column, v);
        }

        @Override
        public void stringField(int column, String v) {
            current.stringField(column, v);
        }

        @Override
        public void endRow() {
            current.endRow();
        }
    }

    private static final WriteRecordDecoder.Visitor VALIDATOR = new WriteRecordDecoder.Visitor() {
        @Override
        public boolean table(int tableId) {
            return true;
        }

        @Override
        public void series(int seriesId, String[] tags) {
        }

        @Override
        public void row(int seriesId, long ts) {
        }

        @Override
        public void doubleField(int column, double v) {
        }

        @Override
        public void longField(int column, long v) {
        }

        @Override
        public void booleanField(int column, boolean v) {
        }

        @Override
        public void stringField(int column, String v) {
        }

        @Override
        public void endRow() {
        }
    };
}
