package dev.sundial.cli;

import dev.sundial.QueryResult;
import dev.sundial.Sundial;
import dev.sundial.cli.sql.HttpSqlClient;
import dev.sundial.cli.sql.OutputFormat;
import dev.sundial.cli.sql.StatementRunner;
import dev.sundial.sql.output.ResultPrinter;
import dev.sundial.sql.output.StatementSplitter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sundial sql}: runs SQL statements against a data directory and prints each result on
 * stdout as it streams. Statements are separated by {@code ;} and run in order; the first error
 * stops the run (exit code 1, the message with a caret under the spot on stderr).
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs SQL statements (separated by ';', run in order) and prints each result.",
            "Reads the statements from standard input when QUERY is '-', or absent and stdin is not a terminal.",
            "Formats: table (aligned like psql; NULL shown empty; widths from the first 1,000 rows, nothing truncated),",
            "csv (RFC 4180 quoting, header line, NULL as an empty field), json ({\"columns\":[…],\"rows\":[[…]…]} per statement).",
            "Timestamps print as ISO-8601 UTC."})
final class SqlCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--param", paramLabel = "VALUE",
            description = "Value of a statement parameter ($1, $2 … or ?), in order; repeat for each. Passed as text, which "
                    + "takes the type of what it meets, as an untyped literal does ('42' against a BIGINT column is 42).")
    List<String> params = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "The SQL text; '-' reads standard input.")
    String query;

    @Option(names = "--url", paramLabel = "URL",
            description = "Run on a server (http://HOST:PORT, e.g. a running 'sundial serve') instead of opening a data directory.")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token for --url (default: the SUNDIAL_TOKEN environment variable).")
    String token;

    @Option(names = "--create", description = "Create the database when the data directory holds none (a script that begins with CREATE TABLE);"
            + " without it a directory without a database is refused.")
    boolean create;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormat.parse(format);
        ResultPrinter printer = outputFormat.printer();
        List<String> statements = statements(readQuery());
        // text, converted by the engine to the type the parameter meets (PostgreSQL's untyped parameters)
        List<Object> values = List.copyOf(params);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (url != null) {
            HttpSqlClient client = new HttpSqlClient(url, token != null ? token : System.getenv("SUNDIAL_TOKEN"));
            for (int i = 0; i < statements.size(); i++) {
                if (i > 0 && outputFormat == OutputFormat.TABLE) {
                    out.write('\n');
                }
                try (QueryResult r = client.execute(statements.get(i), values)) {
                    printer.print(r, out);
                } finally {
                    out.flush();
                }
            }
            return 0;
        }
        try (Sundial s = create ? db.openCreating() : db.open()) {
            StatementRunner runner = new StatementRunner(s, values);
            // one statement must use every value given (a surplus is a mistake); in a script each takes what it refers to
            int needed = statements.size() == 1 && !values.isEmpty() ? runner.parameterCount(statements.getFirst()) : values.size();
            if (needed < values.size()) {
                throw new IllegalArgumentException("cannot run statement: it takes " + needed + " parameter(s) but "
                        + values.size() + " --param value(s) were given");
            }
            for (int i = 0; i < statements.size(); i++) {
                if (i > 0 && outputFormat == OutputFormat.TABLE) { // a blank line between tables, as psql
                    out.write('\n');
                }
                try {
                    runner.run(statements.get(i), printer, out);
                } finally {
                    out.flush(); // what was printed before an error stays printed
                }
            }
        }
        return 0;
    }

    private String readQuery() throws IOException {
        if (query != null && !query.equals("-")) {
            return query;
        }
        if (query == null && StandardInput.isTerminal()) {
            throw new IllegalArgumentException("cannot run SQL: no query (give it as an argument, or '-' or a pipe for standard input)");
        }
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The statements of {@code text}; the last one may lack its ';'. */
    static List<String> statements(String text) {
        StatementSplitter.Split split = StatementSplitter.split(text);
        List<String> statements = new ArrayList<>(split.statements());
        if (!split.rest().isBlank()) {
            statements.add(split.rest().strip());
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("cannot run SQL: the query is empty");
        }
        return statements;
    }
}
