package dev.sundial.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundial.Sundial;
import dev.sundial.cli.shell.InteractiveShell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell on a (dumb, in-memory) JLine terminal: prompts, multi-line input, Ctrl-C, Ctrl-D, history. */
class ShellInteractiveTest {
    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void createTable() throws Exception {
        dir = tmp.resolve("data");
        SqlFixture.create(dir);
    }

    record Session(int code, String screen) {
    }

    /** Types {@code keys} on an xterm-like terminal (which, unlike a dumb one, has line discipline and key bindings). */
    private Session type(String keys, Path history) throws Exception {
        return type(keys, history, false);
    }

    private Session type(String keys, Path history, boolean dumb) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ByteArrayInputStream in = new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8));
        int code;
        try (Sundial db = Sundial.open(dir);
             Terminal terminal = dumb ? new DumbTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8)
                     : new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8)) {
            code = new InteractiveShell(db, terminal, history, List.of("SELECT", "FROM", "WHERE"), false).run();
        }
        // without the terminal's control sequences (keypad mode, bracketed paste, …)
        String text = screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b(\\[[?0-9;]*[A-Za-z]|[=>])", "");
        return new Session(code, text.replace("\r", ""));
    }

    /**
     * Types keys step by step on an xterm-like terminal: {@code steps} alternates keys and the text
     * to wait for on the screen (one more occurrence than before the keys) before the next keys; then
     * the input ends (Ctrl-D).
     */
    private Session interact(String... steps) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        try (Sundial db = Sundial.open(dir);
             Terminal terminal = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8)) {
            FutureTask<Integer> shell = new FutureTask<>(() -> new InteractiveShell(db, terminal, null, List.of(), false).run());
            new Thread(shell, "shell").start();
            for (int i = 0; i < steps.length; i += 2) {
                int before = occurrences(screen, steps[i + 1]);
                keys.write(steps[i].getBytes(StandardCharsets.UTF_8));
                keys.flush();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (occurrences(screen, steps[i + 1]) <= before) {
                    assertThat(System.nanoTime()).as("waiting for %s on the screen: %s", steps[i + 1], screen).isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
            keys.close();
            int code = shell.get(10, TimeUnit.SECONDS);
            String text = screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b(\\[[?0-9;]*[A-Za-z]|[=>])", "");
            return new Session(code, text.replace("\r", ""));
        }
    }

    private static int occurrences(ByteArrayOutputStream screen, String text) {
        String s = screen.toString(StandardCharsets.UTF_8);
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void multiLineStatementRunsAtItsSemicolonAndGoesToHistoryAsOnePiece() throws Exception {
        Path history = tmp.resolve("history");
        Session s = type("SELECT usage\nFROM m\nWHERE host = 'b';\n\\q\n", history);
        assertThat(s.code()).isZero();
        assertThat(s.screen()).contains(InteractiveShell.PROMPT).contains(InteractiveShell.CONTINUATION_PROMPT);
        assertThat(s.screen()).contains(" usage\n-------\n  0.25\n(1 row)\n");
        List<String> lines = Files.readAllLines(history);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("SELECT usage\\nFROM m\\nWHERE host = 'b';");
        assertThat(lines.get(1)).endsWith("\\\\q");
    }

    @Test
    void ctrlCDropsTheInputBeingTypedAndCtrlDQuits() throws Exception {
        // keys typed one step at a time: a terminal handles Ctrl-C as it arrives, so it must come while the shell reads
        Session s = interact("SELECT 'dropped'\n", InteractiveShell.CONTINUATION_PROMPT, "\u0003", InteractiveShell.PROMPT,
                "SELECT 'kept' AS k;\n", "(1 row)");
        assertThat(s.code()).isZero();
        assertThat(s.screen()).doesNotContain(" dropped").contains(" kept\n(1 row)");
    }

    @Test
    void historyFromEarlierSessionsIsLoaded() throws Exception {
        Path history = tmp.resolve("history");
        type("\\timing\n", history);
        // Ctrl-P recalls the previous entry: the \timing typed in the first session
        Session s = type("\u0010\n", history);
        assertThat(s.screen()).contains("Timing is on.");
    }

    @Test
    void errorsDoNotEndTheSession() throws Exception {
        Session s = type("SELECT nope FROM m;\nSELECT 1 AS one;\n", null, true); // a dumb terminal works too
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.screen()).contains("ERROR: ").contains("  SELECT nope FROM m\n         ^\n").contains(" one\n-----\n   1\n(1 row)");
    }
}
