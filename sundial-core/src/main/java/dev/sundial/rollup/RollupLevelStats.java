package dev.sundial.rollup;

import dev.sundial.partition.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one rollup level of a table holds on disk, from its manifest (no file read): for
 * {@code sundial stats} and {@code DESCRIBE}. Immutable.
 *
 * @param level        the level's width ({@code 1m}, {@code 1h}, …)
 * @param bytes        bytes of its segment files
 * @param cells        cells stored (a rebuilt cell counts once per segment holding it until compaction)
 * @param partitions   partitions holding cells
 * @param builtThrough epoch nanoseconds the level is built through (Long.MIN_VALUE: not built yet)
 * @param segments     segment files
 */
public record RollupLevelStats(String level, long bytes, long cells, long partitions, long builtThrough, long segments) {
    /** The figures of every level of a table, finest first. */
    public static List<RollupLevelStats> of(TableRollups rollups) {
        List<RollupLevelStats> out = new ArrayList<>();
        List<RollupLevel> built = rollups.builtLevels();
        for (RollupLevel l : rollups.levels()) {
            long bytes = 0;
            long cells = 0;
            long segments = 0;
            Set<Long> partitions = new HashSet<>();
            for (Manifest.Entry e : built.contains(l) ? l.storage().manifest().segments() : List.<Manifest.Entry>of()) {
                segments++;
                bytes += e.bytes();
                cells += e.rows();
                partitions.add(e.partitionStart());
            }
            out.add(new RollupLevelStats(l.name(), bytes, cells, partitions.size(), rollups.builtThrough(l.index()), segments));
        }
        return out;
    }
}
