package dev.sundial.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.bytes.GrowableBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The live write path applies {@link WriteRecordEncoder.TableRows#visit}, replay applies
 * {@link WriteRecordDecoder#decode} of the encoded bytes: both must make exactly the same calls, and
 * the sizes announced by {@code bytes()} must be what {@code finish} writes.
 */
class WriteRecordVisitTest {
    @Test
    void visitMakesTheCallsDecodeMakes() {
        for (int round = 0; round < 20; round++) {
            long seed = 1234L + round;
            Random rnd = new Random(seed);
            WriteRecordEncoder e = new WriteRecordEncoder();
            // twice per encoder: the second record reuses cleared sections and the payload buffer
            for (int rec = 0; rec < 2; rec++) {
                e.clear();
                int tables = 1 + rnd.nextInt(3);
                int rows = rnd.nextInt(3000);
                for (int r = 0; r < rows; r++) {
                    WriteRecordEncoder.TableRows t = e.table(rnd.nextInt(tables));
                    int fields = rnd.nextInt(12);
                    long ts = rnd.nextInt(4) == 0 ? rnd.nextLong() : 1_700_000_000_000_000_000L + rnd.nextInt(1 << 20);
                    t.beginRow(round % 4 == 0 ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextInt(100), ts, fields);
                    for (int f = 0; f < fields; f++) {
                        int col = rnd.nextInt(rnd.nextBoolean() ? 10 : 100_000);
                        switch (rnd.nextInt(5)) {
                            case 0 -> t.putLong(col, rnd.nextLong() >> rnd.nextInt(64));
                            case 1 -> t.putBoolean(col, rnd.nextBoolean());
                            case 2 -> t.putString(col, randomString(rnd));
                            default -> t.putDouble(col, Double.longBitsToDouble(rnd.nextLong()));
                        }
                    }
                    t.endRow();
                }
                RecordingVisitor live = new RecordingVisitor(false);
                int[] firstNew = new int[e.tables().size()];
                WriteRecordEncoder.SeriesDefinitions[] defs = new WriteRecordEncoder.SeriesDefinitions[firstNew.length];
                for (int i = 0; i < firstNew.length; i++) {
                    firstNew[i] = Integer.MAX_VALUE; // no series definitions: not what this test is about
                    defs[i] = id -> new String[0];
                }
                long rowsBytes = 0;
                for (WriteRecordEncoder.TableRows t : e.tables()) {
                    if (t.rowCount() > 0) {
                        t.visit(live);
                        rowsBytes += t.bytes();
                        RecordingVisitor grouped = new RecordingVisitor(false);
                        t.visitBySeries(grouped);
                        RecordingVisitor inOrder = new RecordingVisitor(false);
                        t.visit(inOrder);
                        assertThat(bySeries(grouped.calls)).as("seed %d", seed).isEqualTo(bySeries(inOrder.calls));
                        assertThat(grouped.calls).as("seed %d", seed).hasSameSizeAs(inOrder.calls);
                    }
                }
                GrowableBytes g = e.finish(firstNew, defs);
                assertThat(g.size()).as("seed %d", seed).isGreaterThan((int) rowsBytes);
                RecordingVisitor replay = new RecordingVisitor(false);
                WriteRecordDecoder.decode(g.array(), 0, g.size(), replay);
                assertThat(replay.calls).as("seed %d", seed).isEqualTo(live.calls);
            }
        }
    }

    /** Calls split into rows, gathered per series in order: what a head sees. */
    private static java.util.Map<String, List<String>> bySeries(List<String> calls) {
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        List<String> current = null;
        for (String c : calls) {
            if (c.startsWith("row ")) {
                current = out.computeIfAbsent(c.split(" ")[1], k -> new ArrayList<>());
            }
            current.add(c);
        }
        return out;
    }

    private static String randomString(Random rnd) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(5);
            b.append(switch (k) {
                case 0 -> 'a';
                case 1 -> 'é';
                case 2 -> '\u20ac';
                case 3 -> "\ud83d\ude00";
                default -> rnd.nextBoolean() ? "\ud800" : "\udc00"; // lone surrogates become '?'
            });
        }
        return b.toString();
    }
}
