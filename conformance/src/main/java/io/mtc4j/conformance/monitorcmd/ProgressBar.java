package io.mtc4j.conformance.monitorcmd;

import java.io.PrintStream;

/**
 * The catch-up progress on stderr: a bar redrawn in place with entries/s and the time left, when stderr is a
 * terminal or {@code --progress} is given; otherwise a plain line every {@value #LINE_EVERY} entries, so logs stay
 * readable. The rate is entries read over the time since this catch-up of the log started (its {@code done == 0}
 * report).
 */
final class ProgressBar {
    static final long LINE_EVERY = 1 << 18;
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean bar;
    private String origin = "";
    private long started;
    private long lastLine;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    void update(String log, long done, long total) {
        long now = System.nanoTime();
        if (!log.equals(origin) || done == 0 || done < lastLine) {
            origin = log;
            started = now;
            lastLine = 0;
            lastDraw = 0;
        }
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && done < total ? clock((long) ((total - done) / rate)) : "0:00";
        String text = origin + ": " + done + "/" + total + " entries, " + String.format("%,.0f", rate)
                + " entries/s, ETA " + eta;
        if (bar) {
            if (done == total || now - lastDraw > 100_000_000L) {
                lastDraw = now;
                int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
                err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + text + "   ");
                drawn = true;
                if (done == total) {
                    clear();
                }
                err.flush();
            }
        } else if (done > 0 && (done == total || done - lastLine >= LINE_EVERY)) {
            lastLine = done;
            err.println("monitor: " + text);
        }
    }

    /** Ends a drawn bar's line. */
    void clear() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    static String clock(long s) {
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
