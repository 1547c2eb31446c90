package dev.sundial.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LineProtocolWriter} and its float format {@link ShortestDouble}. */
class LineProtocolWriterTest {
    private static final long SEED = Long.getLong("test.seed", 7L);

    private static String fmt(double v) {
        StringBuilder sb = new StringBuilder();
        ShortestDouble.append(sb, v);
        return sb.toString();
    }

    @Test
    void floatsUseGoLayoutAndShortestDigits() {
        assertThat(fmt(1)).isEqualTo("1");
        assertThat(fmt(-0.0)).isEqualTo("-0");
        assertThat(fmt(0.0)).isEqualTo("0");
        assertThat(fmt(-0.64)).isEqualTo("-0.64");
        assertThat(fmt(0.0001)).isEqualTo("0.0001");
        assertThat(fmt(0.00001)).isEqualTo("1e-05");
        assertThat(fmt(123456)).isEqualTo("123456");
        assertThat(fmt(1234567)).isEqualTo("1.234567e+06");
        assertThat(fmt(6632243)).isEqualTo("6.632243e+06");
        assertThat(fmt(1e21)).isEqualTo("1e+21");
        assertThat(fmt(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(fmt(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(fmt(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(fmt(100.5)).isEqualTo("100.5");
        assertThatThrownBy(() -> fmt(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fmt(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDoublesParseBackIdentically() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 100_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : Math.round(r.nextDouble() * 1e6) / 100.0;
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = fmt(d);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(s))).as("seed=%d %s -> %s", SEED, d, s)
                    .isEqualTo(Double.doubleToRawLongBits(d));
            String j = Double.toString(d);
            int javaDigits = j.replaceAll("E.*", "").replaceAll("[-.]", "").replaceAll("^0+", "").replaceAll("0+$", "").length();
            int ourDigits = s.replaceAll("e.*", "").replaceAll("[-.]", "").replaceAll("^0+", "").replaceAll("0+$", "").length();
            assertThat(ourDigits).as("seed=%d %s: %s vs %s", SEED, d, s, j).isLessThanOrEqualTo(Math.max(javaDigits, 1));
        }
    }

    @Test
    void seriesApiWritesEscapedLines() throws Exception {
        StringBuilder out = new StringBuilder();
        LineProtocolWriter w = new LineProtocolWriter(out);
        w.beginSeries("my m,x", new String[] {"host", "k=y"}, new String[] {"a b", "c,d\\e"}, "v", "n", "ok", "s");
        w.beginPoint();
        w.fieldDouble(0, 1.5);
        w.fieldLong(1, -3);
        w.fieldBoolean(2, true);
        w.fieldString(3, "say \"hi\"\\\n");
        assertThat(w.endPoint(42)).isTrue();
        w.beginPoint();
        assertThat(w.endPoint(43)).isFalse(); // no field: dropped
        w.beginPoint();
        w.fieldBoolean(2, false);
        w.endPoint(-1);
        w.flush();
        assertThat(out.toString()).isEqualTo(
                "my\\ m\\,x,host=a\\ b,k\\=y=c\\,d\\e v=1.5,n=-3i,ok=true,s=\"say \\\"hi\\\"\\\\\n\" 42\n"
                        + "my\\ m\\,x,host=a\\ b,k\\=y=c\\,d\\e ok=false -1\n");
    }

    @Test
    void refusesWhatLineProtocolCannotExpress() {
        LineProtocolWriter w = new LineProtocolWriter(new StringBuilder());
        String[] none = {};
        assertThatThrownBy(() -> w.beginSeries("", none, none)).hasMessageContaining("empty measurement");
        assertThatThrownBy(() -> w.beginSeries("#m", none, none)).hasMessageContaining("comment");
        assertThatThrownBy(() -> w.beginSeries("m\\", none, none)).hasMessageContaining("backslash");
        assertThatThrownBy(() -> w.beginSeries("m\tx", none, none)).hasMessageContaining("control character");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {"k"}, new String[] {""})).hasMessageContaining("empty tag value");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {"k"}, new String[] {"a\nb"})).hasMessageContaining("line feed");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {"k"}, new String[] {"a\\"})).hasMessageContaining("backslash");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {""}, new String[] {"v"})).hasMessageContaining("empty tag key");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {"k", "k"}, new String[] {"a", "b"})).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> w.beginSeries("m", new String[] {"k"}, new String[] {"\uD800"})).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> w.beginSeries("m", none, none, "f\u0001")).hasMessageContaining("control character");
        w.beginSeries("m", none, none, "v");
        w.beginPoint();
        assertThatThrownBy(() -> w.fieldDouble(0, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> w.fieldDouble("x", Double.NEGATIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> w.fieldString("x,", "a\uDC00")).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> w.fieldLong("", 1)).hasMessageContaining("empty field key");
        assertThatThrownBy(w::flush).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("BUG");
    }
}
