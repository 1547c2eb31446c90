package dev.sundial.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.cli.demo.DevopsGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** {@link RequestCutter} through {@link RequestBodies}: counting lines and points, cutting at line ends, gzip. */
class RequestBodiesTest {
    private static RequestBodies cut(String text, int linesPerRequest) throws Exception {
        return RequestBodies.cut(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), linesPerRequest, false);
    }

    private static String joined(RequestBodies b) {
        StringBuilder sb = new StringBuilder();
        for (RequestBodies.Body body : b.bodies()) {
            sb.append(new String(body.bytes(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void pointsAreFieldsOutsideEscapesAndStrings() throws Exception {
        String lp = """
                m,tag=a\\ b\\,c f=1,g=2i 1
                # a comment, with=commas and spaces
                m,t=1 s="a, b c=\\"d,e\\"",x=true

                   \t
                m\\ x,t\\=1=v\\ w f=1
                m f="multi
                line, string",g=1 2
                m a=1,b=2,c=3""";
        RequestBodies b = cut(lp, 100);
        assertThat(b.count()).isEqualTo(1);
        assertThat(b.lines()).isEqualTo(5);
        assertThat(b.points()).isEqualTo(2 + 2 + 1 + 2 + 3);
        assertThat(b.lineFeeds()).isEqualTo(lp.chars().filter(c -> c == '\n').count());
        assertThat(joined(b)).isEqualTo(lp); // blank lines and comments travel with the body
    }

    @Test
    void bodiesHoldNLinesAndSplitNoLine() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append("m,h=").append(i).append(" a=1,b=").append(i).append(' ').append(i).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        RequestBodies b = cut(sb.toString(), 10);
        assertThat(b.bodies()).extracting(RequestBodies.Body::lines).containsExactly(10L, 10L, 5L);
        assertThat(b.bodies()).extracting(RequestBodies.Body::points).containsExactly(20L, 20L, 10L);
        for (RequestBodies.Body body : b.bodies()) {
            assertThat(body.bytes()[body.bytes().length - 1]).isEqualTo((byte) '\n');
            assertThat(body.rawBytes()).isEqualTo(body.bytes().length);
        }
        assertThat(joined(b)).isEqualTo(sb.toString());
    }

    @Test
    void restWithoutLinesIsDropped() throws Exception {
        RequestBodies b = cut("m f=1 1\nm f=2 2\n# trailing comment\n\n", 2);
        assertThat(b.count()).isEqualTo(1);
        assertThat(b.lines()).isEqualTo(2);
        assertThat(cut("", 5).count()).isZero();
    }

    @Test
    void devopsLineIsTenPoints() throws Exception {
        DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(3, 3_600_000_000_000L, 1));
        RequestBodies b = RequestBodies.cut(g::writeLineProtocol, 1000, false);
        assertThat(b.lines()).isEqualTo(g.rowCount());
        assertThat(b.points()).isEqualTo(g.pointCount()).isEqualTo(10 * g.rowCount());
        assertThat(b.count()).isEqualTo((int) ((g.rowCount() + 999) / 1000));
    }

    @Test
    void gzipBodiesDecompressToTheRawOnes() throws Exception {
        DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(2, 3_600_000_000_000L, 1));
        RequestBodies raw = RequestBodies.cut(g::writeLineProtocol, 300, false);
        RequestBodies zipped = RequestBodies.cut(g::writeLineProtocol, 300, true);
        assertThat(zipped.gzip()).isTrue();
        assertThat(zipped.count()).isEqualTo(raw.count());
        assertThat(zipped.rawBytes()).isEqualTo(raw.rawBytes());
        assertThat(zipped.wireBytes()).isLessThan(raw.rawBytes() / 2);
        for (int i = 0; i < raw.count(); i++) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.bodies().get(i).bytes()))) {
                assertThat(in.readAllBytes()).isEqualTo(raw.bodies().get(i).bytes());
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        g.writeLineProtocol(all);
        assertThat(joined(raw)).isEqualTo(all.toString(StandardCharsets.UTF_8));
    }
}
