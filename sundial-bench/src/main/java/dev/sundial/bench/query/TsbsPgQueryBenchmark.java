package dev.sundial.bench.query;

import dev.sundial.server.ServerSettings;
import dev.sundial.server.SundialServer;
import dev.sundial.server.auth.Authenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The eight TSBS queries of {@link TsbsHttpQueryBenchmark}, client-measured over the PostgreSQL
 * wire protocol: a server on loopback over the same dataset, one pgjdbc connection, each query a
 * {@link PreparedStatement} prepared once per trial and executed with new random parameters
 * (hosts as text, times as {@code timestamptz}); so after its fifth execution pgjdbc uses a
 * server-side statement and binary results, as an application would. Every column of every row
 * is read with the getter of its type ({@code getDouble}, {@code getTimestamp}, {@code getString}), as
 * the in-process benchmark reads each value with its own getter. Compare each median with the in-process
 * one of {@link TsbsQueryBenchmark} with the same parameters (issue 10: within 0.3 ms).
 *
 * <p>Run: {@code ./bench jmh 'TsbsPgQueryBenchmark|TsbsQueryBenchmark.(singleGroupby|cpuMax|doubleGroupby|lastpoint$|highCpu|groupbyOrderby)'
 * -p decimals=2 -f 1 -wi 6 -w 1 -i 6 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TsbsPgQueryBenchmark extends TsbsRemoteQueries {
    @Param({"100"})
    public int hosts;

    @Param({"1"})
    public int days;

    @Param({"2"})
    public int decimals;

    TsbsDataset data;
    SundialServer server;
    Connection connection;
    final Map<TsbsQuery, PreparedStatement> statements = new EnumMap<>(TsbsQuery.class);
    final SplittableRandom rnd = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        data = TsbsDataset.open(hosts, days, decimals);
        server = SundialServer.start(ServerSettings.defaults().set("data_dir", Files.createTempDirectory("tsbs-pg").toString())
                .set("http.port", "0").set("pg.port", "0").toConfig(), Authenticator.OPEN);
        server.attach(data.db());
        Properties p = new Properties();
        p.setProperty("user", "bench");
        connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/sundial", p);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, SQLException {
        connection.close();
        server.close();
        data.close();
    }

    /** One execution with fresh parameters; every column of every row read. Returns a checksum of what was read. */
    @Override
    protected long run(TsbsQuery q) {
        try {
            PreparedStatement st = statements.get(q);
            if (st == null) {
                st = connection.prepareStatement(q.sql);
                statements.put(q, st);
            }
            Object[] params = q.params(data, rnd);
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Instant t) {
                    st.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
                } else {
                    st.setObject(i + 1, params[i]);
                }
            }
            long sum = 0;
            try (ResultSet r = st.executeQuery()) {
                java.sql.ResultSetMetaData md = r.getMetaData();
                int n = md.getColumnCount();
                int[] types = new int[n + 1];
                for (int c = 1; c <= n; c++) {
                    types[c] = md.getColumnType(c);
                }
                while (r.next()) {
                    for (int c = 1; c <= n; c++) {
                        // each value by the getter of its type, as the in-process benchmark reads them
                        switch (types[c]) {
                            case java.sql.Types.DOUBLE -> sum += (long) r.getDouble(c);
                            case java.sql.Types.BIGINT -> sum += r.getLong(c);
                            case java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> {
                                java.sql.Timestamp t = r.getTimestamp(c);
                                sum += t == null ? 0 : t.getNanos();
                            }
                            default -> {
                                String s = r.getString(c);
                                sum += s == null ? 0 : s.length();
                            }
                        }
                    }
                }
            }
            return sum;
        } catch (SQLException e) {
            throw new IllegalStateException("BUG: " + q + " failed over pgwire: " + e.getMessage(), e);
        }
    }
}
