package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.Sundial;
import dev.sundial.server.auth.Scope;
import dev.sundial.server.auth.Token;
import dev.sundial.server.auth.TokenStore;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sundial token} as an operator runs it: output, exit codes, errors, and that it works beside
 * a process holding the database open (as {@code sundial serve} does), whose token store sees the
 * change without a restart.
 */
class TokenCliTest {
    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void addListRemoveWithTheirMessagesAndExitCodes() {
        CliRun add = CliRun.run("token", "add", "ci", "--scopes", "write", "--data-dir", dir());
        assertThat(add.code()).as(add.err()).isZero();
        String secret = add.out().strip();
        assertThat(add.out()).as("stdout holds the token alone").matches("sdl_[A-Za-z0-9_-]{43}\\R");
        assertThat(add.err()).contains("Added token \"ci\" (write)").contains("shown only this once")
                .contains("the first token").contains("created " + dir());

        CliRun second = CliRun.run("token", "add", "--data-dir", dir(), "ops.admin", "--scopes", "read,ADMIN");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("first token").doesNotContain("created");

        CliRun list = CliRun.run("token", "list", "--data-dir", dir());
        assertThat(list.code()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +SCOPES +CREATED");
        assertThat(lines.get(1)).matches("ci +write +20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(lines.get(2)).matches("ops\\.admin +read,admin +20.*Z");
        assertThat(list.out()).doesNotContain(secret).doesNotContain(secret.substring(4, 12));

        CliRun dup = CliRun.run("token", "add", "ci", "--scopes", "read", "--data-dir", dir());
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).isEqualTo("sundial: cannot add token \"ci\": a token of that name exists (remove it first, or choose another name)\n");
        CliRun scope = CliRun.run("token", "add", "x", "--scopes", "read,owner", "--data-dir", dir());
        assertThat(scope.code()).isEqualTo(2);
        assertThat(scope.err()).isEqualTo("sundial: cannot parse scope \"owner\": expected read, write or admin\n");
        CliRun name = CliRun.run("token", "add", "a/b", "--scopes", "read", "--data-dir", dir());
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("cannot use token name \"a/b\": a name is 1-64 characters of A-Z a-z 0-9 _ . -");
        CliRun noScopes = CliRun.run("token", "add", "y", "--data-dir", dir());
        assertThat(noScopes.code()).isEqualTo(2);
        assertThat(noScopes.err()).contains("--scopes");
        assertThat(CliRun.run("token", "list", "--data-dir", dir()).out().lines()).hasSize(3);

        CliRun unknown = CliRun.run("token", "remove", "nope", "--data-dir", dir());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("cannot remove token \"nope\": no token of that name");
        CliRun rm = CliRun.run("token", "remove", "ci", "--data-dir", dir());
        assertThat(rm.code()).isZero();
        assertThat(rm.out()).isEqualTo("removed token \"ci\"\n");
        assertThat(rm.err()).isEmpty();
        CliRun last = CliRun.run("token", "remove", "ops.admin", "--data-dir", dir());
        assertThat(last.err()).contains("warning: no token is left");
        assertThat(CliRun.run("token", "list", "--data-dir", dir()).out()).startsWith("no tokens");
    }

    @Test
    void listAndRemoveOnAMissingDirectoryCreateNothing() {
        CliRun list = CliRun.run("token", "list", "--data-dir", dir());
        assertThat(list.code()).isZero();
        assertThat(list.out()).startsWith("no tokens");
        assertThat(CliRun.run("token", "remove", "x", "--data-dir", dir()).code()).isEqualTo(1);
        assertThat(Files.exists(tmp.resolve("data"))).isFalse();
    }

    @Test
    void aDataDirectoryStartedByTokenAddOpensImportsAndChecksClean() throws Exception {
        assertThat(CliRun.run("token", "add", "first", "--scopes", "admin", "--data-dir", dir()).code()).isZero();
        Path lp = tmp.resolve("m.lp");
        Files.writeString(lp, "m,host=a v=1 1000\n", StandardCharsets.UTF_8);
        CliRun imp = CliRun.run("import", "--data-dir", dir(), "--no-progress", lp.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        CliRun check = CliRun.run("check", "--data-dir", dir());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(CliRun.run("token", "list", "--data-dir", dir()).out()).contains("first");
    }

    @Test
    void aDamagedTokenFileIsReportedWithTheWayOut() throws Exception {
        assertThat(CliRun.run("token", "add", "ci", "--scopes", "write", "--data-dir", dir()).code()).isZero();
        Path file = tmp.resolve("data/auth/tokens.sdtk");
        byte[] b = Files.readAllBytes(file);
        b[25] ^= 4;
        Files.write(file, b);
        for (String[] args : List.of(new String[] {"list"}, new String[] {"add", "other", "--scopes", "read"}, new String[] {"remove", "ci"})) {
            List<String> all = new ArrayList<>(List.of("token"));
            all.addAll(List.of(args));
            all.addAll(List.of("--data-dir", dir()));
            CliRun r = CliRun.run(all.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).startsWith("sundial: cannot read " + file + " [offset=").contains("checksum mismatch")
                    .contains("refuses every request").contains("docs/auth.md");
        }
        assertThat(Files.readAllBytes(file)).as("nothing rewrote the damaged file").isEqualTo(b);
    }

    @Test
    void worksWhileTheDatabaseIsOpenAndTheOpenStoreSeesTheChange() throws Exception {
        Path data = tmp.resolve("data");
        try (Sundial db = Sundial.open(data); TokenStore server = TokenStore.open(data)) {
            assertThat(db.directory()).isEqualTo(data);
            // the database's LOCK is held: a command that opens the database is turned away
            CliRun stats = CliRun.run("stats", "--data-dir", dir());
            assertThat(stats.code()).isEqualTo(1);
            assertThat(stats.err()).contains("in use by process");

            CliRun add = CliRun.run("token", "add", "svc", "--scopes", "write", "--data-dir", dir());
            assertThat(add.code()).as(add.err()).isZero();
            String secret = add.out().strip();
            Token seen = waitFor(() -> server.authenticate(secret), Optional::isPresent).orElseThrow();
            assertThat(seen.name()).isEqualTo("svc");
            assertThat(seen.allows(Scope.WRITE)).isTrue();
            assertThat(seen.allows(Scope.ADMIN)).isFalse();

            assertThat(CliRun.run("token", "remove", "svc", "--data-dir", dir()).code()).isZero();
            assertThat(waitFor(() -> server.authenticate(secret), Optional::isEmpty)).isEmpty();
            assertThat(server.isEmpty()).isTrue();
        }
    }

    @Test
    void aSeparateProcessAddsBesideTheDatabaseHolderAndWaitsForTheTokenFileLock() throws Exception {
        Path data = tmp.resolve("data");
        try (Sundial db = Sundial.open(data); TokenStore server = TokenStore.open(data)) {
            Child first = Child.start(tmp, "token", "add", "one", "--scopes", "read", "--data-dir", dir());
            assertThat(first.await()).as(first.err()).isZero();
            String one = first.out().strip();
            assertThat(waitFor(() -> server.authenticate(one), Optional::isPresent)).isPresent();

            // another writer holds the token file's lock: the child waits for it instead of writing beside it
            Files.createDirectories(data.resolve("auth"));
            Child second;
            try (FileChannel ch = FileChannel.open(data.resolve("auth/tokens.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = ch.lock()) {
                second = Child.start(tmp, "token", "add", "two", "--scopes", "admin", "--data-dir", dir());
                Thread.sleep(1500);
                assertThat(second.process.isAlive()).as("still waiting for the lock: " + second.err()).isTrue();
                assertThat(held.isValid()).isTrue();
                try (TokenStore look = TokenStore.open(data)) {
                    assertThat(look.list()).as("nothing written under another writer's lock").extracting(Token::name).containsExactly("one");
                }
            }
            assertThat(second.await()).as(second.err()).isZero();
            String two = second.out().strip();
            assertThat(waitFor(() -> server.authenticate(two), Optional::isPresent).orElseThrow().allows(Scope.ADMIN)).isTrue();
            assertThat(server.list()).extracting(Token::name).containsExactly("one", "two");
            assertThat(db.directory()).isEqualTo(data);
        }
    }

    /** Polls up to 5 s: the store re-reads the token file once a second. */
    private static <T> T waitFor(Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            T v = probe.get();
            if (done.test(v) || System.nanoTime() - deadline > 0) {
                return v;
            }
            Thread.sleep(25);
        }
    }

    /** The {@code sundial} command in a child JVM. */
    private record Child(Process process, Path outFile, Path errFile) {
        static Child start(Path scratch, String... args) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    SundialCommand.class.getName()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(scratch, "child", ".out");
            Path err = Files.createTempFile(scratch, "child", ".err");
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Child(p, out, err);
        }

        int await() throws Exception {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("sundial token did not finish: " + err());
            }
            return process.exitValue();
        }

        public String out() throws Exception {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        }

        public String err() {
            try {
                return Files.readString(errFile, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "(stderr unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
