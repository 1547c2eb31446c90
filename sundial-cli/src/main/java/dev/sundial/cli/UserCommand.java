package dev.sundial.cli;

import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.User;
import dev.sundial.server.auth.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code sundial user add|list|remove}: the users of the PostgreSQL wire protocol
 * ({@code docs/auth.md}). Touches only {@code auth/users.sduser} (through {@link UserStore}), never
 * the database or its {@code LOCK}, so it works while {@code sundial serve} runs on the same data
 * directory; the server sees a change within about a second. A password is asked twice on the
 * terminal without echo, or read as one line from standard input with {@code --password-stdin};
 * never taken as an argument (arguments show in {@code ps} and shell histories).
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manages the users of the PostgreSQL port (psql, pgjdbc, Grafana; see docs/auth.md). Works while",
            "sundial serve runs: the server sees an added or removed user within about a second.",
            "Once a user exists, every PostgreSQL connection authenticates (SCRAM-SHA-256)."},
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static UserStore open(AuthDataDir dir) throws IOException {
        return dir.open(UserStore::open, "user", "every PostgreSQL connection");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a user. Asks for the password twice (no echo), or reads one line from standard input with",
                "--password-stdin. Only a SCRAM-SHA-256 verifier of it is stored.",
                "Scopes nest: admin includes write, write includes read."})
    static final class Add implements Callable<Integer> {
        @Mixin
        AuthDataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "Unique name, as clients give it (user=…): 1-63 characters of A-Z a-z 0-9 _ . -")
        String name;

        @Option(names = "--scopes", paramLabel = "SCOPES", defaultValue = "admin",
                description = "Comma-separated: read (queries), write (INSERT, DELETE), admin (DDL, CALL). Default: ${DEFAULT-VALUE}.")
        String scopes;

        @Option(names = "--password-stdin", description = "Read the password as one line from standard input instead of asking.")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            Set<Scope> parsed = Scope.parseAll(scopes);
            User.checkName(name);
            String password = passwordStdin ? readLine() : ask();
            boolean created = dir.missing();
            try (UserStore store = open(dir)) {
                boolean first = store.isEmpty();
                User u = store.add(name, parsed, password);
                if (created) {
                    dir.noteCreated("user");
                }
                System.out.println("added user \"" + u.name() + "\" (" + Scope.format(u.scopes()) + ")");
                if (first) {
                    System.err.println("It is the first user: a server on " + dir.dataDir + " now asks every PostgreSQL connection for a password.");
                }
                return 0;
            }
        }

        private String readLine() throws IOException {
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("cannot add user \"" + name + "\": no password on standard input (one line is read)");
            }
            return line;
        }

        private String ask() {
            Console c = System.console();
            if (c == null || !StandardInput.isTerminal()) {
                throw new IllegalArgumentException("cannot add user \"" + name + "\": no terminal to ask for the password on;"
                        + " give it as one line on standard input with --password-stdin");
            }
            char[] first = c.readPassword("Password for %s: ", name);
            char[] again = c.readPassword("Again: ");
            try {
                if (first == null || again == null || first.length == 0) {
                    throw new IllegalArgumentException("cannot add user \"" + name + "\": the password is empty");
                }
                if (!Arrays.equals(first, again)) {
                    throw new IllegalArgumentException("cannot add user \"" + name + "\": the two passwords differ; nothing was changed");
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users: name, scopes, creation time.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        AuthDataDir dir;

        @Override
        public Integer call() throws Exception {
            try (UserStore store = open(dir)) {
                dir.printList(store.list().stream().map(u -> new AuthDataDir.Row(u.name(), u.scopes(), u.created())).toList(),
                        "no users: a server on " + dir.dataDir + " trusts PostgreSQL connections only on a loopback"
                                + " address without tokens, and refuses them otherwise");
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a user; a running server refuses its new connections within about a second.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        AuthDataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name, as listed.")
        String name;

        @Override
        public Integer call() throws Exception {
            try (UserStore store = open(dir)) {
                return dir.remove("user", name, store::remove, store::isEmpty, "sundial: note: no user is left: a server on "
                        + dir.dataDir + " trusts PostgreSQL connections again if it listens on a loopback address without"
                        + " tokens, and refuses them otherwise");
            }
        }
    }
}
