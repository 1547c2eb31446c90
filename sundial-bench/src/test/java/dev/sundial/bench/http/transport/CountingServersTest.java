package dev.sundial.bench.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.bench.http.LineProtocolHttpSender;
import dev.sundial.bench.http.RequestBodies;
import dev.sundial.bench.http.SendResult;
import dev.sundial.cli.demo.DevopsGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counting servers, with their default and larger read sizes, read every body whole over keep-alive connections and answer 204. */
class CountingServersTest {
    @Test
    void jettyAndNettyCountWhatWasSent() throws Exception {
        DevopsGenerator g = new DevopsGenerator(DevopsGenerator.Config.of(5, 3_600_000_000_000L, 9));
        RequestBodies bodies = RequestBodies.cut(g::writeLineProtocol, 700, false);
        try (CountingServer jetty = new JettyCountingServer(0); CountingServer jetty64 = new JettyCountingServer(65536);
                CountingServer netty = new NettyCountingServer(0); CountingServer netty64 = new NettyCountingServer(65536)) {
            assertThat(List.of(jetty.name(), jetty64.name(), netty.name(), netty64.name())).allMatch(n -> n.endsWith(" 8K") || n.endsWith(" 64K"));
            for (CountingServer s : List.of(jetty, jetty64, netty, netty64)) {
                for (int round = 1; round <= 2; round++) {
                    SendResult r = new LineProtocolHttpSender("http://127.0.0.1:" + s.port() + "/api/v2/write?bucket=b", 2, null)
                            .send(bodies);
                    assertThat(r.failures()).as(s.name()).isEmpty();
                    assertThat(r.points()).isEqualTo(g.pointCount());
                    assertThat(s.counter().requests()).isEqualTo((long) round * bodies.count());
                    assertThat(s.counter().bytes()).isEqualTo(round * bodies.rawBytes());
                    assertThat(s.counter().lineFeeds()).isEqualTo(round * g.rowCount());
                }
            }
        }
    }
}
