package io.mtc4j.rp.simulate;

/** Receives a running simulation's progress (for a progress bar); called from the simulating thread. */
@FunctionalInterface
public interface SimulationProgress {
    /** Progress that is not shown. */
    SimulationProgress NONE = (done, total) -> { };

    /**
     * Work done so far: simulated checkpoints plus sampled handshakes.
     *
     * @param done units done
     * @param total units in all
     */
    void progress(long done, long total);
}
