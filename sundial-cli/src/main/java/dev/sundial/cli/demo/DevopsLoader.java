package dev.sundial.cli.demo;

import dev.sundial.ColumnSet;
import dev.sundial.SeriesRef;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.WriteBatch;
import dev.sundial.cli.demo.DevopsGenerator;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads generated devops rows into an open database through the embedded columnar write path
 * ({@link WriteBatch#addDoubles}), in batches; shared by the benchmarks.
 */
public final class DevopsLoader {
    private final Table table;
    private final SeriesRef[] series;
    private final ColumnSet columns;

    /** Creates the {@code cpu} table (if absent) and resolves the hosts' series. */
    public DevopsLoader(Sundial db, DevopsGenerator gen) throws IOException {
        TableSchema.Builder b = TableSchema.builder(DevopsGenerator.MEASUREMENT);
        for (String t : DevopsGenerator.TAG_KEYS) {
            b.tag(t);
        }
        for (String f : DevopsGenerator.FIELD_KEYS) {
            b.value(f, ColumnType.DOUBLE);
        }
        this.table = db.createTableIfNotExists(b.build(), TableOptions.DEFAULTS);
        this.series = new SeriesRef[gen.config().hosts()];
        for (int h = 0; h < series.length; h++) {
            Map<String, String> tags = new HashMap<>();
            String[] values = gen.hostTags(h);
            List<String> keys = DevopsGenerator.TAG_KEYS;
            for (int i = 0; i < keys.size(); i++) {
                tags.put(keys.get(i), values[i]);
            }
            series[h] = table.series(tags);
        }
        this.columns = table.columns(DevopsGenerator.FIELD_KEYS.toArray(String[]::new));
    }

    public Table table() {
        return table;
    }

    /** Rows generated ahead of time, so that a benchmark measures the insert and not the generator. */
    public static final class Rows {
        final int[] hosts;
        final long[] timestamps;
        final double[] values;
        final int width;
        int size;

        Rows(int capacity, int width) {
            hosts = new int[capacity];
            timestamps = new long[capacity];
            values = new double[capacity * width];
            this.width = width;
        }

        public int size() {
            return size;
        }
    }

    /** Generates every row of {@code gen} into memory ({@code rowsPerHost × hosts} rows). */
    public static Rows generate(DevopsGenerator gen) throws IOException {
        long n = gen.config().rowsPerHost() * gen.config().hosts();
        if (n > 50_000_000L) {
            throw new IllegalArgumentException("cannot pre-generate " + n + " rows: at most 50,000,000");
        }
        Rows rows = new Rows((int) n, DevopsGenerator.FIELD_KEYS.size());
        gen.generate((host, ts, values) -> {
            int r = rows.size++;
            rows.hosts[r] = host;
            rows.timestamps[r] = ts;
            System.arraycopy(values, 0, rows.values, r * rows.width, rows.width);
        });
        return rows;
    }

    /**
     * Writes pre-generated rows, their timestamps shifted by {@code shiftNanos}, committing every
     * {@code batchRows} rows; returns points written.
     */
    public long load(Sundial db, Rows rows, long shiftNanos, int batchRows) throws IOException {
        WriteBatch batch = db.newBatch();
        long points = 0;
        for (int r = 0; r < rows.size; r++) {
            batch.addDoubles(series[rows.hosts[r]], rows.timestamps[r] + shiftNanos, columns, rows.values, r * rows.width);
            if (batch.rows() >= batchRows) {
                points += batch.points();
                batch.commit();
            }
        }
        points += batch.points();
        batch.commit();
        return points;
    }

    /** Generates and writes all rows of {@code gen}, committing every {@code batchRows} rows; returns points written. */
    public long load(Sundial db, DevopsGenerator gen, int batchRows) throws IOException {
        WriteBatch batch = db.newBatch();
        long[] points = {0};
        gen.generate((host, ts, values) -> {
            batch.addDoubles(series[host], ts, columns, values, 0);
            if (batch.rows() >= batchRows) {
                points[0] += batch.points();
                batch.commit();
            }
        });
        points[0] += batch.points();
        batch.commit();
        return points[0];
    }
}
