package dev.sundial.bench.http;

import java.util.List;

/**
 * The figures of one {@link LineProtocolHttpSender#send}: counts of the requests answered 2xx
 * (a failed request's lines and points are not counted as sent), the wall time from the first
 * request to the last response, the CPU time of the sending threads, and the latency of each
 * successful request from its first written byte to its last response byte. MB are 10^6 bytes of
 * line protocol as generated, before any gzip. Immutable.
 *
 * @param requests        requests sent
 * @param failed          requests that got a non-2xx status or an I/O error
 * @param lines           data lines of the successful requests
 * @param points          points (fields) of the successful requests
 * @param rawBytes        line-protocol bytes of the successful requests
 * @param wireBytes       body bytes on the wire of the successful requests (smaller with gzip)
 * @param elapsedNanos    wall time of the whole send
 * @param senderCpuNanos  CPU time of the sending threads (0 when the JVM cannot measure it)
 * @param latencyNanos    latency of each successful request, sorted ascending
 * @param failures        messages of the first failures, at most {@link LineProtocolHttpSender#KEPT_FAILURES}
 */
public record SendResult(int requests, int failed, long lines, long points, long rawBytes, long wireBytes, long elapsedNanos,
        long senderCpuNanos, long[] latencyNanos, List<String> failures) {
    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double pointsPerSecond() {
        return points / seconds();
    }

    public double linesPerSecond() {
        return lines / seconds();
    }

    public double megabytesPerSecond() {
        return rawBytes / 1e6 / seconds();
    }

    /** The latency at quantile {@code q} (nearest rank), in milliseconds; NaN without successful requests. */
    public double latencyMillis(double q) {
        if (latencyNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencyNanos.length);
        return latencyNanos[Math.min(Math.max(rank, 1), latencyNanos.length) - 1] / 1e6;
    }

    /** One line of figures, then one line per kept failure. */
    public String summary() {
        String latency = latencyNanos.length == 0 ? "no latency (nothing succeeded)"
                : String.format("latency p50 %.1f ms, p99 %.1f ms", latencyMillis(0.5), latencyMillis(0.99));
        StringBuilder sb = new StringBuilder(String.format(
                "%,d points in %.3f s: %,.0f points/s, %,.0f lines/s, %.1f MB/s; %,d requests (%d failed), %s; sender CPU %.2f s",
                points, seconds(), pointsPerSecond(), linesPerSecond(), megabytesPerSecond(), requests, failed, latency,
                senderCpuNanos / 1e9));
        for (String f : failures) {
            sb.append(System.lineSeparator()).append("  ").append(f);
        }
        if (failed > failures.size()) {
            sb.append(System.lineSeparator()).append("  … and ").append(failed - failures.size()).append(" more failures");
        }
        return sb.toString();
    }
}
