package dev.sundial.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How the engine's log records (System.Logger, backed by java.util.logging, under {@code dev.sundial})
 * reach a CLI user: one line on stderr, {@code sundial: warning: <message>} or
 * {@code sundial: error: <message>}, instead of the JDK's two-line console format; INFO and below
 * only with {@code --verbose}.
 *
 * <p>While a data directory is being opened the records are not shown: everything found then is in
 * {@code Sundial.problems()} and {@code repairs()}, which {@link DatabaseOptions#open} prints (and
 * {@code check} reports), so each warning reaches the user once, not once per layer that saw it.
 * With {@code --verbose} they are shown as well.
 *
 * <p>Thread-safe: records may come from engine threads (background flush); the handler writes to the
 * {@code System.err} of the moment, so tests that swap it see the lines.
 */
final class EngineLog {
    /** Held strongly: java.util.logging keeps loggers weakly, and would forget the configuration. */
    private static final Logger ENGINE = Logger.getLogger("dev.sundial");
    private static final OneLineHandler HANDLER = new OneLineHandler();
    private static volatile boolean verbose;
    private static volatile int opening;

    private EngineLog() {
    }

    /** Routes engine records to the one-line handler (idempotent). */
    static synchronized void install(boolean verboseOutput) {
        verbose = verboseOutput;
        ENGINE.setUseParentHandlers(false);
        ENGINE.removeHandler(HANDLER);
        ENGINE.addHandler(HANDLER);
        ENGINE.setLevel(verboseOutput ? Level.ALL : Level.WARNING);
        HANDLER.setLevel(Level.ALL);
    }

    /** Runs {@code open}, holding back the records it logs (see the class comment). */
    static <T> T whileOpening(IoSupplier<T> open) throws java.io.IOException {
        synchronized (EngineLog.class) {
            opening++;
        }
        try {
            return open.get();
        } finally {
            synchronized (EngineLog.class) {
                opening--;
            }
        }
    }

    /** An opening step that may fail with an I/O error. */
    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws java.io.IOException;
    }

    private static final class OneLineHandler extends Handler {
        private final SimpleFormatter messages = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            if (r == null || (opening > 0 && !verbose)) {
                return;
            }
            int level = r.getLevel().intValue();
            if (level < Level.WARNING.intValue() && !verbose) {
                return;
            }
            String kind = level >= Level.SEVERE.intValue() ? "error: " : level >= Level.WARNING.intValue() ? "warning: " : "";
            StringBuilder line = new StringBuilder("sundial: ").append(kind).append(messages.formatMessage(r));
            if (r.getThrown() != null && verbose) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
            }
            System.err.println(line);
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            // System.err is not ours to close
        }
    }
}
