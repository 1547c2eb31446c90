package dev.sundial.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.TableStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sundial stats}: size figures per table. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Shows per table: series, rows, points (non-null values), partitions, bytes on disk and bytes per point.",
            "Flushes the in-memory head first, so bytes are those of the segment files."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON: {\"tables\":[{\"name\":…,\"series\":…,\"rows\":…,\"points\":…,\"partitions\":…,\"bytes\":…,\"bytes_per_point\":…}],\"wal_bytes\":…}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<TableStats> stats = new ArrayList<>();
        long walBytes;
        try (Sundial s = db.open()) {
            s.flush();
            for (Table t : s.tables()) {
                stats.add(t.stats());
            }
            walBytes = s.walBytes();
        }
        PrintStream out = System.out;
        if (json) {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeArrayFieldStart("tables");
                for (TableStats t : stats) {
                    g.writeStartObject();
                    g.writeStringField("name", t.name());
                    g.writeNumberField("series", t.series());
                    g.writeNumberField("rows", t.rows());
                    g.writeNumberField("points", t.points());
                    g.writeNumberField("partitions", t.partitions());
                    g.writeNumberField("bytes", t.bytes());
                    g.writeNumberField("bytes_per_point", t.bytesPerPoint());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("wal_bytes", walBytes);
                g.writeEndObject();
            }
            out.println();
        } else {
            out.printf("%-24s %10s %14s %14s %10s %14s %12s%n", "table", "series", "rows", "points", "partitions", "bytes", "bytes/point");
            for (TableStats t : stats) {
                out.printf("%-24s %10d %14d %14d %10d %14d %12.3f%n", t.name(), t.series(), t.rows(), t.points(), t.partitions(),
                        t.bytes(), t.bytesPerPoint());
            }
            if (stats.isEmpty()) {
                out.println("(no tables)");
            }
            out.printf("wal: %,d bytes (after flush and checkpoint)%n", walBytes);
        }
        return 0;
    }
}
