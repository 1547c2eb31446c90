package dev.sundial.sql.function;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.NullMasks;
import dev.sundial.sql.exec.Vec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * {@code ts AT TIME ZONE zone} (also {@code timezone(zone, ts)}): the wall-clock time in
 * {@code zone} at the instant {@code ts}, as a TIMESTAMP that prints that wall-clock time. Sundial has
 * one timestamp type, an instant printed in UTC (PostgreSQL's {@code timestamptz} in a UTC session);
 * PostgreSQL's result is a {@code timestamp} without time zone holding the local time, which Sundial
 * represents as the instant shifted by the zone's UTC offset at {@code ts}: so
 * {@code AT TIME ZONE 'UTC'} changes nothing and {@code AT TIME ZONE 'Europe/Paris'} of 12:00Z in
 * summer prints 14:00. Applying it twice shifts twice (PostgreSQL's reverse direction, local time to
 * instant, does not exist here). Zones are read by {@link TimeZoneNames}; a zone may also be a
 * column (each distinct name is resolved once per batch run) or a constant INTERVAL offset
 * (ISO-signed, east positive). NULL timestamp or zone gives NULL.
 *
 * <p>Vectorized: a fixed offset is one addition per row; a region's offset is looked up once per
 * stretch between two of its transitions (a series' rows arrive in time order). Immutable.
 */
public final class AtTimeZoneEval extends Eval {
    private static final long NANOS = 1_000_000_000L;

    private final Eval ts;
    /** The zone when constant (also for an INTERVAL offset), else null and {@link #zoneText} is read per row. */
    private final ZoneId zone;
    private final Eval zoneText;
    private final String zoneDescription;

    /** With a constant zone; {@code description} is its SQL text for EXPLAIN. */
    public AtTimeZoneEval(Eval ts, ZoneId zone, String description) {
        super(SqlType.TIMESTAMP);
        this.ts = ts;
        this.zone = zone;
        this.zoneText = null;
        this.zoneDescription = description;
    }

    /** With a zone name read per row (a VARCHAR expression). */
    public AtTimeZoneEval(Eval ts, Eval zoneText) {
        super(SqlType.TIMESTAMP);
        this.ts = ts;
        this.zone = null;
        this.zoneText = zoneText;
        this.zoneDescription = zoneText.describe();
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = ts.eval(batch);
        Vec z = zoneText == null ? null : zoneText.eval(batch);
        boolean constant = a.constant && (z == null || z.constant);
        int n = constant ? 1 : rows(batch);
        long[] out = new long[Math.max(n, 1)];
        boolean[] nulls = null;
        ZoneId current = zone;
        String currentName = null;
        ZoneRules rules = current == null ? null : current.getRules();
        long fixed = rules != null && rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * NANOS : 0;
        boolean isFixed = rules != null && rules.isFixedOffset();
        // the offset holds for seconds in [validFrom, validTo)
        long validFrom = Long.MAX_VALUE;
        long validTo = Long.MIN_VALUE;
        long offset = 0;
        for (int i = 0; i < n; i++) {
            if (a.isNull(i) || (z != null && z.isNull(i))) {
                nulls = NullMasks.mark(nulls, out.length, i);
                continue;
            }
            if (z != null) {
                String name = z.getString(i);
                if (!name.equals(currentName)) {
                    current = TimeZoneNames.resolve(name);
                    currentName = name;
                    rules = current.getRules();
                    isFixed = rules.isFixedOffset();
                    fixed = isFixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * NANOS : 0;
                    validFrom = Long.MAX_VALUE;
                    validTo = Long.MIN_VALUE;
                }
            }
            long t = a.getLong(i);
            long shift;
            if (isFixed) {
                shift = fixed;
            } else {
                long sec = Math.floorDiv(t, NANOS);
                if (sec < validFrom || sec >= validTo) {
                    Instant at = Instant.ofEpochSecond(sec);
                    offset = rules.getOffset(at).getTotalSeconds() * NANOS;
                    ZoneOffsetTransition prev = rules.previousTransition(at.plusSeconds(1));
                    ZoneOffsetTransition next = rules.nextTransition(at);
                    validFrom = prev == null ? Long.MIN_VALUE : prev.toEpochSecond();
                    validTo = next == null ? Long.MAX_VALUE : next.toEpochSecond();
                }
                shift = offset;
            }
            long r = t + shift;
            if (((t ^ r) & (shift ^ r)) < 0) {
                throw new QueryException("timestamp out of range in " + describe() + ": " + SqlValues.formatTimestamp(t));
            }
            out[i] = r;
        }
        if (constant) {
            return Vec.constant(SqlType.TIMESTAMP, nulls != null ? null : out[0]);
        }
        return Vec.ofLongs(SqlType.TIMESTAMP, out, nulls);
    }

    @Override
    public List<Eval> children() {
        return zoneText == null ? List.of(ts) : List.of(ts, zoneText);
    }

    @Override
    public String describe() {
        return "(" + ts.describe() + " AT TIME ZONE " + zoneDescription + ")";
    }
}
