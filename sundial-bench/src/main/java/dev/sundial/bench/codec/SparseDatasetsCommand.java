package dev.sundial.bench.codec;

import dev.sundial.DataPoint;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.TableStats;
import dev.sundial.codec.Codecs;
import dev.sundial.fs.FileLayer;
import dev.sundial.maintenance.MaintenanceTask;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench sparse-datasets}: on-disk bytes per point of the timestamped series of
 * {@code testdata/datasets}, imported one table per folder (one series per file), before and after
 * compaction, next to what {@link Codecs} gives on the same series (timestamps and values, as
 * {@code bench codec-datasets} counts them). The table's files count whole: segments, manifest,
 * series registry. Issue 8's target: after compaction within 1.5x of the codecs.
 */
@Command(name = "sparse-datasets", mixinStandardHelpOptions = true,
        description = "Bytes per point on disk of the real datasets, one table per folder, before and after compaction.")
public final class SparseDatasetsCommand implements Callable<Integer> {
    @Option(names = "--datasets", description = "Datasets folder (default: ${DEFAULT-VALUE}).", defaultValue = "testdata/datasets")
    Path datasets;

    @Option(names = "--partition-by", description = "Partition granularity of the tables (default: ${DEFAULT-VALUE}).",
            defaultValue = "day")
    String partitionBy;

    @Override
    public Integer call() throws Exception {
        Path dir = datasets.isAbsolute() ? datasets : Path.of(System.getProperty("sundial.root", ".")).resolve(datasets).normalize();
        if (!Files.isDirectory(dir.resolve("nab"))) {
            System.err.println("sparse-datasets: no datasets at " + dir + " (use --datasets)");
            return 2;
        }
        Map<String, List<DatasetFiles.Series>> byFolder = new LinkedHashMap<>();
        for (DatasetFiles.Series s : DatasetFiles.load(dir)) {
            if (s.timestamps() != null) {
                byFolder.computeIfAbsent(s.folder(), k -> new ArrayList<>()).add(s);
            }
        }
        Path data = Files.createTempDirectory("sundial-sparse");
        System.out.printf("%-22s %8s %6s %11s %13s %12s %9s %7s%n", "folder", "points", "parts", "codec B/pt", "before B/pt",
                "after B/pt", "segments", "x codec");
        long[] total = new long[4]; // points, codec, before, after
        try (Sundial db = Sundial.open(data)) {
            for (Map.Entry<String, List<DatasetFiles.Series>> e : byFolder.entrySet()) {
                String name = e.getKey().replace('/', '_');
                Table t = db.createTable(TableSchema.builder(name).tag("series").value("value", ColumnType.DOUBLE).build(),
                        TableOptions.DEFAULTS.with(Map.of("partition_by", partitionBy)));
                long points = 0;
                long codec = 0;
                for (DatasetFiles.Series s : e.getValue()) {
                    List<DataPoint> batch = new ArrayList<>();
                    for (int i = 0; i < s.values().length; i++) {
                        batch.add(DataPoint.at(s.timestamps()[i]).tag("series", s.name()).field("value", s.values()[i]).build());
                    }
                    t.insert(batch);
                    points += t.query(Long.MIN_VALUE, Long.MAX_VALUE, dev.sundial.index.TagFilter.eq("series", s.name())).size();
                    codec += Codecs.encodeValues(s.values()).length + Codecs.encodeTimestamps(s.timestamps()).length;
                }
                db.flush();
                TableStats before = t.stats();
                MaintenanceTask task = db.compactionTask();
                while (task.runStep() != null) {
                    // one partition group per step
                }
                TableStats after = t.stats();
                if (after.points() != before.points() || after.rows() != before.rows()) {
                    throw new IllegalStateException("BUG: compaction changed " + name + ": " + before + " -> " + after);
                }
                System.out.printf("%-22s %8d %6d %11.3f %13.3f %12.3f %9d %7.2f%n", e.getKey(), points, before.partitions(),
                        (double) codec / points, (double) before.bytes() / points, (double) after.bytes() / points,
                        after.partitions(), (double) after.bytes() / codec);
                total[0] += points;
                total[1] += codec;
                total[2] += before.bytes();
                total[3] += after.bytes();
            }
        } finally {
            FileLayer.REAL.deleteTree(data);
        }
        System.out.printf("%-22s %8d %6s %11.3f %13.3f %12.3f %9s %7.2f%n", "POOLED", total[0], "", (double) total[1] / total[0],
                (double) total[2] / total[0], (double) total[3] / total[0], "", (double) total[3] / total[1]);
        return 0;
    }
}
