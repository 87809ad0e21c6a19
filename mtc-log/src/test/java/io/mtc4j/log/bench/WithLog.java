package io.mtc4j.log.bench;

import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A benchmark state's log: closed after the trial, its work per entry printed after each iteration. */
public abstract class WithLog {
    DurableAppendBenchmark.Log log;

    @TearDown(Level.Trial)
    public void closeLog() throws IOException {
        log.close();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        log.startIteration();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        log.endIteration();
    }
}
