package dev.sundial.cli;

import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.Token;
import dev.sundial.server.auth.TokenStore;
import java.io.IOException;
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

    private static TokenStore open(AuthDataDir dir) throws IOException {
        return dir.open(TokenStore::open, "token", "every request");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a token and prints it on stdout, once: only its SHA-256 is stored, so it cannot be shown again.",
                "Scopes nest: admin includes write, write includes read."})
    static final class Add implements Callable<Integer> {
        @Mixin
        AuthDataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "Unique name: 1-64 characters of A-Z a-z 0-9 _ . -")
        String name;

        @Option(names = "--scopes", required = true, paramLabel = "SCOPES",
                description = "Comma-separated: read (queries, console), write (line protocol, REST and SQL writes), admin (DDL, maintenance).")
        String scopes;

        @Override
        public Integer call() throws Exception {
            Set<Scope> parsed = Scope.parseAll(scopes);
            Token.checkName(name);
            boolean created = dir.missing();
            try (TokenStore store = open(dir)) {
                boolean first = store.isEmpty();
                Token t = store.add(name, parsed);
                if (created) {
                    dir.noteCreated("token");
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
        AuthDataDir dir;

        @Override
        public Integer call() throws Exception {
            try (TokenStore store = open(dir)) {
                dir.printList(store.list().stream().map(t -> new AuthDataDir.Row(t.name(), t.scopes(), t.created())).toList(),
                        "no tokens: a server on " + dir.dataDir + " accepts requests without a token");
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a token; a running server stops accepting it within about a second.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        AuthDataDir dir;

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name, as listed.")
        String name;

        @Override
        public Integer call() throws Exception {
            try (TokenStore store = open(dir)) {
                return dir.remove("token", name, store::remove, store::isEmpty, "sundial: warning: no token is left: a server on "
                        + dir.dataDir + " now accepts every request without a token");
            }
        }
    }
}
