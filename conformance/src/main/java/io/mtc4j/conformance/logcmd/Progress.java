package io.mtc4j.conformance.logcmd;

import io.mtc4j.log.fsck.FsckProgress;
import java.io.PrintStream;

/**
 * Progress of a long check on stderr: a bar redrawn in place ({@code \r}) when stderr is a terminal or
 * {@code --progress} is given; otherwise a plain line every {@value #LINE_EVERY} entries and at the end, so that
 * logs and CI output stay readable. Java cannot ask whether stderr alone is a terminal; a console on the process
 * ({@link System#console()}) stands for it.
 */
final class Progress implements FsckProgress {
    static final long LINE_EVERY = 1 << 16;
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final boolean bar;
    private long lastLine;
    private int lastPercent = -1;

    Progress(PrintStream err, String label, boolean forceBar) {
        this.err = err;
        this.label = label;
        this.bar = forceBar || System.console() != null;
    }

    @Override
    public void entriesChecked(long checked, long total) {
        if (bar) {
            int percent = total == 0 ? 100 : (int) (checked * 100 / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                int filled = percent * WIDTH / 100;
                err.print("\r" + label + ": [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent
                        + "% " + checked + "/" + total + " entries");
                if (checked == total) {
                    err.println();
                }
                err.flush();
            }
        } else if (checked == total || checked - lastLine >= LINE_EVERY) {
            lastLine = checked;
            err.println(label + ": entries " + checked + "/" + total);
        }
    }
}
