package dev.sundial.server.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sundial.Table;
import dev.sundial.TableStats;
import dev.sundial.rollup.RollupLevelStats;
import dev.sundial.tier.Tier;
import dev.sundial.tier.TierStats;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The size figures of one table as {@code sundial stats --json} prints them and {@code GET
 * /api/v1/tables} serves them, so both speak the same fields: {@code name, series, rows, points,
 * partitions, bytes, bytes_per_point}, {@code tiers} (hot, warm, cold: bytes, rows, partitions) and
 * {@code levels} (per rollup level: bytes, rows = cells, partitions, built_through as ISO-8601 or
 * null). Immutable.
 *
 * @param stats  rows, points and bytes on disk ({@link Table#stats()}: exact, may scan partitions)
 * @param tiers  per storage tier, from metadata only
 * @param levels per rollup level, finest first
 */
public record TableFigures(TableStats stats, TierStats tiers, List<RollupLevelStats> levels) {
    public TableFigures {
        levels = List.copyOf(levels);
    }

    /** Reads the figures of {@code t}; throws IllegalStateException when it was dropped meanwhile. */
    public static TableFigures of(Table t) throws IOException {
        return new TableFigures(t.stats(), t.tierStats(), t.levelStats());
    }

    /** Writes the fields above into the JSON object the caller has opened (and closes). */
    public void writeFields(JsonGenerator g) throws IOException {
        TableStats t = stats;
        g.writeStringField("name", t.name());
        g.writeNumberField("series", t.series());
        g.writeNumberField("rows", t.rows());
        g.writeNumberField("points", t.points());
        g.writeNumberField("partitions", t.partitions());
        g.writeNumberField("bytes", t.bytes());
        g.writeNumberField("bytes_per_point", t.bytesPerPoint());
        g.writeObjectFieldStart("tiers");
        for (Tier tier : Tier.values()) {
            TierStats.Figures f = tiers.get(tier);
            g.writeObjectFieldStart(tier.label());
            g.writeNumberField("bytes", f.bytes());
            g.writeNumberField("rows", f.rows());
            g.writeNumberField("partitions", f.partitions());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("levels");
        for (RollupLevelStats l : levels) {
            g.writeObjectFieldStart(l.level());
            g.writeNumberField("bytes", l.bytes());
            g.writeNumberField("rows", l.cells()); // a level's rows are its cells
            g.writeNumberField("partitions", l.partitions());
            if (l.builtThrough() == Long.MIN_VALUE) {
                g.writeNullField("built_through");
            } else {
                g.writeStringField("built_through", Instant.ofEpochSecond(0, l.builtThrough()).toString());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
