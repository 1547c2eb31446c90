package dev.sundial.cli;

import dev.sundial.fs.CorruptFileException;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.Token;
import dev.sundial.server.auth.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code sundial token add|list|remove}: the server's API tokens ({@code docs/auth.md}). Touches
 * only {@code auth/tokens.sdtk} (through {@link TokenStore}), never the database or its
 * {@code LOCK}, so it works while {@code sundial serve} runs on the same data directory; the server
 * sees a change within about a second.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Manages the API tokens of the server (see docs/auth.md). Works while sundial serve runs:",
            "the server sees an added or removed token within about a second.",
            "Once a token exists, every HTTP request but /health and /ready needs one."},
        subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class, TokenCommand.Remove.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code --data-dir}, as the other commands have it, without the database options: nothing is opened but the token file. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sundial-data",
                description = "Data directory (default: ${DEFAULT-VALUE}). The database itself is not opened.")
        Path dataDir;

        TokenStore open() throws IOException {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("cannot use data directory " + dataDir + ": it is not a directory");
            }
            try {
                return TokenStore.open(dataDir);
            } catch (CorruptFileException e) {
                throw new IOException(e.getMessage() + " (a server on this directory refuses every request while its token"
                        + " file is damaged; restore the file from a backup, or move it aside and add the tokens again: see docs/auth.md)", e);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a token and prints it on stdout, once: only its SHA-256 is stored, so it cannot be shown again.",
                "Scopes nest: admin includes write, write includes read."})
    static final class Add implements Callable<Integer> {
        @Mixin
        DataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "Unique name: 1-64 characters of A-Z a-z 0-9 _ . -")
        String name;

        @Option(names = "--scopes", required = true, paramLabel = "SCOPES",
                description = "Comma-separated: read (queries, console), write (line protocol, REST and SQL writes), admin (DDL, maintenance).")
        String scopes;

        @Override
        public Integer call() throws Exception {
            Set<Scope> parsed = Scope.parseAll(scopes);
            Token.checkName(name);
            boolean created = !Files.exists(dir.dataDir);
            try (TokenStore store = dir.open()) {
                boolean first = store.isEmpty();
                Token t = store.add(name, parsed);
                if (created) {
                    System.err.println("sundial: note: created " + dir.dataDir + " (it did not exist) for the token file");
                }
                System.err.println("Added token \"" + t.name() + "\" (" + Scope.format(t.scopes()) + "). Store it now: it is shown only this once.");
                if (first) {
                    System.err.println("It is the first token: a server on " + dir.dataDir + " now requires a token on every request but /health and /ready.");
                }
                // stdout holds the token alone, so that TOKEN=$(sundial token add …) works
                System.out.println(t.secret());
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the tokens: name, scopes, creation time (never a secret).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        DataDir dir;

        @Override
        public Integer call() throws Exception {
            try (TokenStore store = dir.open()) {
                List<Token> tokens = store.list();
                if (tokens.isEmpty()) {
                    System.out.println("no tokens: a server on " + dir.dataDir + " accepts requests without a token");
                    return 0;
                }
                int nameWidth = "NAME".length();
                int scopeWidth = "SCOPES".length();
                for (Token t : tokens) {
                    nameWidth = Math.max(nameWidth, t.name().length());
                    scopeWidth = Math.max(scopeWidth, Scope.format(t.scopes()).length());
                }
                String row = "%-" + nameWidth + "s  %-" + scopeWidth + "s  %s%n";
                System.out.printf(row, "NAME", "SCOPES", "CREATED");
                for (Token t : tokens) {
                    System.out.printf(row, t.name(), Scope.format(t.scopes()), t.created());
                }
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a token; a running server stops accepting it within about a second.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        DataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name, as listed.")
        String name;

        @Override
        public Integer call() throws Exception {
            try (TokenStore store = dir.open()) {
                if (!store.remove(name)) {
                    System.err.println("sundial: cannot remove token \"" + name + "\": no token of that name in " + dir.dataDir
                            + " (sundial token list shows them)");
                    return 1;
                }
                System.out.println("removed token \"" + name + "\"");
                if (store.isEmpty()) {
                    System.err.println("sundial: warning: no token is left: a server on " + dir.dataDir
                            + " now accepts every request without a token");
                }
                return 0;
            }
        }
    }
}
