package dev.sundial.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ./bench}: workload generators and end-to-end measurements. JMH runs via {@code ./bench jmh}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Sundial benchmarks and workload generators.",
        subcommands = {dev.sundial.bench.devops.GenerateDevopsCommand.class, dev.sundial.bench.codec.CodecDatasetsCommand.class,
                dev.sundial.bench.rollup.RollupsCommand.class, dev.sundial.bench.codec.TiersCommand.class,
                dev.sundial.bench.codec.SparseDatasetsCommand.class, dev.sundial.bench.http.HttpSendCommand.class,
                dev.sundial.bench.http.transport.HttpTransportCommand.class, dev.sundial.bench.http.HttpIngestCommand.class,
                dev.sundial.bench.pg.PgQueriesCommand.class, dev.sundial.bench.pg.PgSelectCommand.class,
                dev.sundial.bench.join.JoinsCommand.class})
public final class BenchCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
