package dev.sundial.tier;

import dev.sundial.partition.Manifest;
import dev.sundial.partition.TableStorage;
import dev.sundial.segment.SegmentReader;
import dev.sundial.table.PartitionGranularity;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bytes, rows, partitions and segments of a storage per tier, from metadata only (manifest and
 * segment headers). Bytes are segment file bytes on disk (the head's memory is not counted); a
 * segment counts in its own tier (a partition's segments may straddle two); rows are rows
 * as stored (a row upserted by a later segment of the same partition counts in each, until a
 * rewrite folds them), plus the head's rows in the hot tier. A partition counts in one tier: cold
 * when all its segments are cold, otherwise hot or warm by its age. Immutable.
 */
public record TierStats(Map<Tier, Figures> tiers) {
    /** One tier's figures. */
    public record Figures(long bytes, long rows, long partitions, long segments) {
        Figures plus(long b, long r, long p, long s) {
            return new Figures(bytes + b, rows + r, partitions + p, segments + s);
        }
    }

    public TierStats {
        tiers = java.util.Collections.unmodifiableMap(new EnumMap<>(tiers));
    }

    public Figures get(Tier t) {
        return tiers.get(t);
    }

    /**
     * @param now            epoch ns the hot tier is measured from
     * @param headRows       rows only in the head
     * @param headPartitions partition starts the head holds rows of (hot, whether or not segments exist)
     */
    public static TierStats of(TableStorage storage, long now, long headRows, Set<Long> headPartitions) {
        PartitionGranularity g = storage.definition().options().partitionBy();
        Map<Long, Manifest.Entry> byId = new HashMap<>();
        for (Manifest.Entry e : storage.manifest().segments()) {
            byId.put(e.segmentId(), e);
        }
        Map<Tier, Figures> out = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            out.put(t, new Figures(0, 0, 0, 0));
        }
        Map<Long, Boolean> partitionAllCold = new TreeMap<>();
        Map<Long, Long> partitionEnd = new HashMap<>();
        for (SegmentReader s : storage.segments().segments()) {
            long end = storage.segments().partitionEnd(s);
            partitionEnd.merge(s.partitionStart(), end, Math::max);
            Tier t = Tiers.of(g, s, end, now);
            Manifest.Entry e = byId.get(s.segmentId());
            long rows = e != null ? e.rows() : s.summary().rows();
            out.put(t, out.get(t).plus(s.sizeBytes(), rows, 0, 1));
            partitionAllCold.merge(s.partitionStart(), s.isCold(), Boolean::logicalAnd);
        }
        out.put(Tier.HOT, out.get(Tier.HOT).plus(0, headRows, 0, 0));
        java.util.Set<Long> all = new java.util.TreeSet<>(partitionAllCold.keySet());
        all.addAll(headPartitions);
        for (long start : all) {
            long end = partitionEnd.getOrDefault(start, g.partitionEnd(start));
            Tier t = headPartitions.contains(start) || Tiers.isHot(g, end, now) ? Tier.HOT
                    : Boolean.TRUE.equals(partitionAllCold.get(start)) ? Tier.COLD : Tier.WARM;
            out.put(t, out.get(t).plus(0, 0, 1, 0));
        }
        return new TierStats(out);
    }

    /** The tiers in order hot, warm, cold. */
    public List<Tier> order() {
        return List.of(Tier.HOT, Tier.WARM, Tier.COLD);
    }
}
