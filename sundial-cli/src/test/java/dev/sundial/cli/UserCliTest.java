package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.UserStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial user} as an operator runs it: the password from standard input (never an
 * argument), the default scope, list and remove with their messages and exit codes, and the refusal
 * to ask for a password without a terminal.
 */
class UserCliTest {
    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void addListRemoveWithThePasswordFromStandardInput() throws Exception {
        CliRun add = CliRun.withInput("s3cret pass\n", "user", "add", "alice", "--password-stdin", "--data-dir", dir());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("added user \"alice\" (admin)\n");
        assertThat(add.err()).contains("the first user").contains("created " + dir());
        CliRun reader = CliRun.withInput("r\n", "user", "add", "grafana", "--scopes", "read", "--password-stdin", "--data-dir", dir());
        assertThat(reader.code()).as(reader.err()).isZero();
        assertThat(reader.err()).doesNotContain("first user");
        try (UserStore users = UserStore.open(tmp.resolve("data"))) {
            assertThat(users.find("alice").orElseThrow().verifier().matches("s3cret pass")).as("the line without its newline").isTrue();
            assertThat(users.find("grafana").orElseThrow().user().widest()).isEqualTo(Scope.READ);
        }

        CliRun list = CliRun.run("user", "list", "--data-dir", dir());
        assertThat(list.code()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +SCOPES +CREATED");
        assertThat(lines.get(1)).matches("alice +admin +20\\d\\d-.*Z");
        assertThat(lines.get(2)).matches("grafana +read +20.*Z");

        CliRun dup = CliRun.withInput("x\n", "user", "add", "alice", "--password-stdin", "--data-dir", dir());
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).contains("cannot add user \"alice\": a user of that name exists");
        CliRun empty = CliRun.withInput("", "user", "add", "bob", "--password-stdin", "--data-dir", dir());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no password on standard input");
        CliRun noTerminal = CliRun.withInput("typed\n", "user", "add", "bob", "--data-dir", dir());
        assertThat(noTerminal.code()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("no terminal").contains("--password-stdin");
        CliRun badScope = CliRun.withInput("x\n", "user", "add", "bob", "--scopes", "root", "--password-stdin", "--data-dir", dir());
        assertThat(badScope.code()).isEqualTo(2);
        assertThat(badScope.err()).contains("cannot parse scope \"root\"");

        CliRun unknown = CliRun.run("user", "remove", "nope", "--data-dir", dir());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("cannot remove user \"nope\": no user of that name");
        assertThat(CliRun.run("user", "remove", "grafana", "--data-dir", dir()).out()).isEqualTo("removed user \"grafana\"\n");
        CliRun last = CliRun.run("user", "remove", "alice", "--data-dir", dir());
        assertThat(last.code()).isZero();
        assertThat(last.err()).contains("no user is left");
        assertThat(CliRun.run("user", "list", "--data-dir", dir()).out()).startsWith("no users");
    }
}
