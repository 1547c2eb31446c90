package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.scan.ChunkSource;
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
        Set<Long> partitions = new HashSet<>();
        var g = spec.snapshot().definition().options().partitionBy();
        for (int id : spec.seriesIds()) {
            for (ChunkSource s : spec.snapshot().sources(id)) {
                chunks++;
                partitions.add(g.partitionStart(Math.max(s.minTs(), spec.from())));
            }
        }
        d.add("partitions: " + partitions.size() + " with data in range; segments: " + spec.snapshot().segments().size() + " of "
                + spec.snapshot().segmentsTotal() + " kept (time pruning), Bloom filters and chunk time ranges applied per series");
        d.add("chunks: " + chunks + " to read");
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
