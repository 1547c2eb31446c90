package dev.sundial.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.TableStats;
import dev.sundial.server.stats.TableFigures;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sundial stats}: size figures per table (the JSON fields are {@link TableFigures}'s, as {@code GET /api/v1/tables} serves them). */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Shows per table: series, rows, points (non-null values), partitions, bytes on disk and bytes per point,",
            "and per storage tier (hot, warm, cold): segment bytes, rows and partitions.",
            "Flushes the in-memory head first, so bytes are those of the segment files."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON: {\"tables\":[{\"name\":…,\"series\":…,\"rows\":…,\"points\":…,\"partitions\":…,\"bytes\":…,\"bytes_per_point\":…,\"tiers\":{\"hot\":{\"bytes\":…,\"rows\":…,\"partitions\":…},\"warm\":…,\"cold\":…}}],\"wal_bytes\":…}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<TableFigures> figures = new ArrayList<>();
        long walBytes;
        try (Sundial s = db.open()) {
            s.flush();
            for (Table t : s.tables()) {
                figures.add(TableFigures.of(t));
            }
            walBytes = s.walBytes();
        }
        List<TableStats> stats = figures.stream().map(TableFigures::stats).toList();
        PrintStream out = System.out;
        if (json) {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeArrayFieldStart("tables");
                for (TableFigures f : figures) {
                    g.writeStartObject();
                    f.writeFields(g);
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
            if (!stats.isEmpty()) {
                out.printf("%n%-24s %-6s %14s %14s %10s%n", "table", "tier", "bytes", "rows", "partitions");
                for (int i = 0; i < stats.size(); i++) {
                    for (Tier tier : Tier.values()) {
                        TierStats.Figures f = figures.get(i).tiers().get(tier);
                        out.printf("%-24s %-6s %14d %14d %10d%n", stats.get(i).name(), tier.label(), f.bytes(), f.rows(), f.partitions());
                    }
                }
                out.printf("%n%-24s %-6s %14s %14s %10s  %s%n", "table", "level", "bytes", "rows (cells)", "partitions", "built through");
                for (int i = 0; i < stats.size(); i++) {
                    for (var l : figures.get(i).levels()) {
                        out.printf("%-24s %-6s %14d %14d %10d  %s%n", stats.get(i).name(), l.level(), l.bytes(), l.cells(), l.partitions(),
                                l.builtThrough() == Long.MIN_VALUE ? "not built yet" : java.time.Instant.ofEpochSecond(0, l.builtThrough()));
                    }
                }
            }
            if (stats.isEmpty()) {
                out.println("(no tables)");
            }
            out.printf("wal: %,d bytes (after flush and checkpoint)%n", walBytes);
        }
        return 0;
    }
}
