package io.mtc4j.conformance.simulate;

import io.mtc4j.rp.simulate.SimulationProgress;
import java.io.PrintStream;

/**
 * The simulation's progress on stderr: a bar redrawn in place when the process has a console (or with
 * {@code --progress}), otherwise a plain line at every tenth, so that logs and CI output stay readable.
 */
final class ProgressLine implements SimulationProgress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean bar;
    private int lastPercent = -1;
    private boolean open;

    ProgressLine(PrintStream err, boolean forceBar) {
        this.err = err;
        this.bar = forceBar || System.console() != null;
    }

    @Override
    public void progress(long done, long total) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        if (bar) {
            int filled = percent * WIDTH / 100;
            err.print("\rsimulate: [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "%");
            err.flush();
            open = true;
        } else if (percent % 10 == 0) {
            err.println("simulate: " + percent + "%");
        }
    }

    /** Ends the bar's line. */
    void finish() {
        if (open) {
            err.println();
            open = false;
        }
    }
}
