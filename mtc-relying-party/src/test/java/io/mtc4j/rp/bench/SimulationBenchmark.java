package io.mtc4j.rp.bench;

import io.mtc4j.rp.simulate.Simulation;
import io.mtc4j.rp.simulate.SimulationParameters;
import io.mtc4j.rp.simulate.SimulationProgress;
import io.mtc4j.rp.simulate.SimulationResult;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code mtc simulate} with the draft's defaults (a month at 4.4 M certificates an hour after a 7-day warm-up:
 * 1,814,400 checkpoints, a million handshakes; issue 19 asks for under a minute) beside its floor: the random draws
 * alone that the simulation cannot avoid (one uniform per checkpoint for its cohort size, five per handshake for
 * moment, subscriber, trust_anchors, client delay and subscriber delay).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class SimulationBenchmark {
    @Benchmark
    public SimulationResult draftMonth() {
        return Simulation.run(SimulationParameters.draftDefaults(), SimulationProgress.NONE);
    }

    @Benchmark
    public double randomDrawsFloor() {
        SimulationParameters p = SimulationParameters.draftDefaults();
        long checkpoints = (p.lifetimeMillis() + p.landmarkIntervalMillis() + p.durationMillis())
                / p.checkpointIntervalMillis();
        long draws = checkpoints + 5L * p.handshakes();
        SplittableRandom r = new SplittableRandom(p.seed());
        double sum = 0;
        for (long i = 0; i < draws; i++) {
            sum += r.nextDouble();
        }
        return sum;
    }
}
