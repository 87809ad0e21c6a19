package io.mtc4j.conformance.cacmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the CA's intake API (CA-API: {@code POST <api>/v1/requests}, {@code GET
 * <api>/v1/certificates/<serial>/standalone|landmark}, {@code GET <api>/v1/ca.pem}) on the JDK's HttpClient. It
 * reports what the server answered; the callers decide how to wait (they honour {@code Retry-After}).
 */
public final class IntakeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The wait when a 202/429/503 carries no usable Retry-After. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    private final URI api;
    private final HttpClient http;

    /**
     * A client of the API at {@code api} (the {@code api: <URL>} line of {@code mtc ca serve}).
     *
     * @param api the intake URL, without a trailing '/'
     */
    public IntakeClient(URI api) {
        String s = api.toString();
        this.api = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One certificate of an accepted batch. */
    public record Issued(BigInteger serial, int log, long index, URI standalone, URI landmark) {}

    /** What a POST of a batch came to. */
    public sealed interface Submission permits Accepted, Refused, Overloaded {}

    /**
     * 200: every entry is in the log.
     *
     * @param certificates one per request, in request order
     */
    public record Accepted(List<Issued> certificates) implements Submission {
        /** Copies the list. */
        public Accepted {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * 400 (or another 4xx/5xx that is not overload): nothing was logged.
     *
     * @param status the HTTP status
     * @param error  the rule the server named
     * @param field  the JSON path of the offending value
     * @param detail the server's explanation
     */
    public record Refused(int status, String error, String field, String detail) implements Submission {}

    /**
     * 429 or 503: try again after {@code retryAfter}.
     *
     * @param status     the HTTP status
     * @param retryAfter the server's Retry-After
     */
    public record Overloaded(int status, Duration retryAfter) implements Submission {}

    /**
     * A GET's outcome.
     *
     * @param status     the HTTP status
     * @param body       the body
     * @param retryAfter the Retry-After of a 202/429/503 (one second when the server gave none)
     */
    public record Fetched(int status, byte[] body, Duration retryAfter) {
        /** Copies the body. */
        public Fetched {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * The intake URL.
     *
     * @return the intake URL
     */
    public URI api() {
        return api;
    }

    /**
     * POSTs a batch {@code {"requests": [...]}} and waits for the answer.
     *
     * @param body the JSON body
     * @return the outcome
     * @throws IOException          if the server cannot be reached or answers something that is not the API
     * @throws InterruptedException if interrupted
     */
    public Submission submit(byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(post(body), HttpResponse.BodyHandlers.ofByteArray());
        return submission(r);
    }

    /**
     * As {@link #submit}, asynchronously (the load generator keeps many batches in flight).
     *
     * @param body the JSON body
     * @return the outcome; completes exceptionally with an {@link IOException} like {@link #submit}
     */
    public CompletableFuture<Submission> submitAsync(byte[] body) {
        return http.sendAsync(post(body), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            try {
                return submission(r);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /**
     * GETs a URL of the API (a certificate URL from an answer, or {@code ca.pem}).
     *
     * @param url the URL
     * @return the outcome
     * @throws IOException          if the server cannot be reached
     * @throws InterruptedException if interrupted
     */
    public Fetched fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(api.resolve(url)).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Fetched(r.statusCode(), r.body(), retryAfter(r).orElse(DEFAULT_RETRY));
    }

    /**
     * As {@link #fetch}, asynchronously.
     *
     * @param url the URL
     * @return the outcome
     */
    public CompletableFuture<Fetched> fetchAsync(URI url) {
        return http.sendAsync(HttpRequest.newBuilder(api.resolve(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Fetched(r.statusCode(), r.body(),
                retryAfter(r).orElse(DEFAULT_RETRY)));
    }

    /**
     * The CA certificate, PEM ({@code GET <api>/v1/ca.pem}).
     *
     * @return the PEM text
     * @throws IOException          if it cannot be fetched
     * @throws InterruptedException if interrupted
     */
    public byte[] caPem() throws IOException, InterruptedException {
        Fetched f = fetch(URI.create(api + "/v1/ca.pem"));
        if (f.status() != 200) {
            throw new IOException("GET " + api + "/v1/ca.pem answered " + f.status());
        }
        return f.body();
    }

    private HttpRequest post(byte[] body) {
        return HttpRequest.newBuilder(URI.create(api + "/v1/requests")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private Submission submission(HttpResponse<byte[]> r) throws IOException {
        int status = r.statusCode();
        if (status == 429 || status == 503) {
            return new Overloaded(status, retryAfter(r).orElse(DEFAULT_RETRY));
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("POST " + api + "/v1/requests answered " + status + " with a body that is not JSON");
        }
        if (status != 200) {
            return new Refused(status, body.path("error").asText("http-" + status), body.path("field").asText(""),
                    body.path("detail").asText(""));
        }
        List<Issued> out = new ArrayList<>();
        for (JsonNode c : body.path("certificates")) {
            try {
                out.add(new Issued(new BigInteger(c.path("serial").asText()), c.path("log").asInt(),
                        c.path("index").asLong(), api.resolve(c.path("standalone").asText()),
                        api.resolve(c.path("landmark").asText())));
            } catch (IllegalArgumentException e) {
                throw new IOException("the answer's certificate entry " + c + " is not the API's shape", e);
            }
        }
        return new Accepted(out);
    }

    /** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("Retry-After");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().trim();
        try {
            long seconds = Long.parseLong(s);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

}
