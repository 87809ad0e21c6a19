package io.mtc4j.log.monitor;

import io.mtc4j.log.client.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs each alert as JSON ({@code {"alert": {...}, "evidence": {...}}}, {@code Content-Type: application/json}) and
 * retries a failure (no connection, a time-out, any status but 2xx) with exponential back-off (1 s doubling, at most
 * 60 s) up to {@code attempts} times. The alert's {@code id} lets the receiver drop a repeat.
 */
public final class WebhookSink implements AlertSink {
    private final URI url;
    private final int attempts;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * A webhook.
     *
     * @param url      where to POST
     * @param attempts the most attempts per alert (at least 1)
     * @param sleeper  waits between attempts
     * @param timeout  the connect and request deadline
     */
    public WebhookSink(URI url, int attempts, Sleeper sleeper, Duration timeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.url = url;
        this.attempts = attempts;
        this.sleeper = sleeper;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void deliver(Alert alert, byte[] evidence) throws IOException {
        byte[] body = ("{\"alert\":" + alert.json() + ",\"evidence\":" + new String(evidence, StandardCharsets.UTF_8)
                + "}").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Duration wait = Duration.ofSeconds(1);
        String last = "";
        for (int i = 1; i <= attempts; i++) {
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("webhook " + url + ": interrupted", e);
            }
            if (i < attempts) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("webhook " + url + ": interrupted", e);
                }
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60)
                        : wait.multipliedBy(2);
            }
        }
        throw new IOException("webhook " + url + ": alert " + alert.id() + " not accepted after " + attempts
                + " attempts (last: " + last + ")");
    }
}
