package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.sequencer.TestCa;
import java.time.Duration;

/**
 * A child JVM of {@link LeaderFailoverTest}: waits for the lease of the test log, then drains the pool until it is
 * killed. Prints {@code LEADING <holder>} once it leads and {@code COMMITTED <size>} after each batch, flushed, so
 * the parent waits on these lines instead of on time.
 *
 * <p>Arguments: bucket, PostgreSQL schema, lease duration in milliseconds; the servers come from the
 * environment like the tests' ({@link TestServers}).
 */
public final class LeaderProcess {
    private LeaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        S3PgConfig config = TestServers.config(args[0], args[1], Duration.ofMillis(Long.parseLong(args[2])));
        try (S3PgLogStore store = S3PgLogStore.open(config);
                PoolSequencer leader = PoolSequencer.lead(store, new TestCa(7).config(), 8)) {
            System.out.println("LEADING " + leader.holder() + " " + leader.sequencer().size());
            System.out.flush();
            leader.run(size -> {
                System.out.println("COMMITTED " + size);
                System.out.flush();
            });
        }
    }
}
