package dev.sundial.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The import progress bar on stderr (bytes of input consumed), or nothing when disabled. */
final class ImportProgress implements AutoCloseable {
    private final ProgressBar bar;

    ImportProgress(boolean enabled, long totalBytes, PrintStream err) {
        bar = !enabled ? null : new ProgressBarBuilder().setTaskName("import").setInitialMax(Math.max(1, totalBytes))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(250).build();
    }

    void update(long bytes, long points) {
        if (bar != null) {
            bar.stepTo(bytes);
            bar.setExtraMessage(String.format(" %,d points", points));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
