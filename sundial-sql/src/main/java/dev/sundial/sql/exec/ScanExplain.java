package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.scan.ChunkSource;
import dev.sundial.segment.SegmentReader;
import dev.sundial.sql.function.SqlValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** EXPLAIN lines of a scan (pruning from metadata, no data read) and snapshot release. Stateless. */
final class ScanExplain {
    private ScanExplain() {
    }

    static List<String> describe(ScanSpec spec) {
        List<String> d = new ArrayList<>();
        d.add("time range: [" + (spec.from() == Long.MIN_VALUE ? "-inf" : SqlValues.formatTimestamp(spec.from())) + ", "
                + (spec.to() == Long.MAX_VALUE ? "+inf" : SqlValues.formatTimestamp(spec.to())) + ")");
        d.add("series: " + spec.seriesIds().length + " of " + spec.seriesTotal() + " (tag index + tag predicates)");
        int chunks = 0;
        int chunksInSegments = 0;
        int bloomSkips = 0;
        Set<Long> partitions = new HashSet<>();
        var g = spec.snapshot().definition().options().partitionBy();
        for (int id : spec.seriesIds()) {
            for (SegmentReader s : spec.snapshot().segments()) {
                if (s.mightContain(id)) {
                    chunksInSegments += s.chunks(id).size();
                } else {
                    bloomSkips++;
                }
            }
            for (ChunkSource s : spec.snapshot().sources(id)) {
                chunks++;
                partitions.add(g.partitionStart(Math.max(s.minTs(), spec.from())));
            }
        }
        d.add("segments: " + spec.snapshot().segments().size() + " of " + spec.snapshot().segmentsTotal()
                + " kept by time range; " + bloomSkips + " series×segment lookups skipped by Bloom filters");
        d.add("partitions with data in range: " + partitions.size() + "; chunks: " + chunks + " to read (segment chunks kept "
                + "by time range out of " + chunksInSegments + ", plus head chunks)");
        return d;
    }

    static void closeSnapshot(ScanSpec spec) {
        try {
            spec.snapshot().close();
        } catch (IOException e) {
            throw new QueryException("cannot release the snapshot of table " + spec.table().name() + ": " + e.getMessage(), e);
        }
    }
}
