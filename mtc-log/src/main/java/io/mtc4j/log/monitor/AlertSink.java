package io.mtc4j.log.monitor;

import java.io.IOException;

/**
 * Where alerts go once journaled (stdout, a webhook, an exec hook). Delivery is at least once: an alert is marked
 * delivered after every sink took it, so a crash or a failing sink makes the next run deliver it again; a receiver
 * deduplicates by {@link Alert#id()}.
 */
@FunctionalInterface
public interface AlertSink {
    /**
     * Delivers one alert.
     *
     * @param alert    the alert
     * @param evidence its evidence bundle (JSON)
     * @throws IOException if it could not be delivered (the alert stays undelivered)
     */
    void deliver(Alert alert, byte[] evidence) throws IOException;
}
