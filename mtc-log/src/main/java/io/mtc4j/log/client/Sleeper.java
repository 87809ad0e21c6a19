package io.mtc4j.log.client;

import java.time.Duration;

/**
 * How a client waits: between retries ({@link HttpLogTransport}) and between checkpoint polls. Injectable so that
 * tests run without sleeping and can record the back-off.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits for {@code d}. */
    void sleep(Duration d) throws InterruptedException;

    /** The real clock: {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
