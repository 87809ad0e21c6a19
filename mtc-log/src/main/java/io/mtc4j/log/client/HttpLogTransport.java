package io.mtc4j.log.client;

import io.mtc4j.log.client.LogClientException.Check;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * GETs under one log prefix URL with the JDK {@link HttpClient}, and nothing else: every URL is
 * {@code <prefix>/<key>}, redirects are not followed, each request (headers and body together) has a deadline and
 * each body a size bound, so a stalled or endless response fails instead of hanging. 5xx answers, 429, time-outs
 * and connection failures are retried with exponential back-off (honouring {@code Retry-After}, capped) up to a
 * bounded number of attempts. Accepts {@code Content-Encoding: gzip} as tlog-tiles §"Log entries" allows, decoding
 * it within the same size bound. Thread-safe.
 */
public final class HttpLogTransport implements LogTransport {
    private final HttpClient client;
    private final String prefix;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final AtomicLong requests = new AtomicLong();

    private HttpLogTransport(Builder b) {
        this.prefix = b.prefix;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.maxBackoff = b.maxBackoff;
        this.sleeper = b.sleeper;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(b.connectTimeout)
                .build();
    }

    /**
     * A builder for the log at {@code prefixUrl} (an absolute http(s) URL without query or fragment; one trailing
     * slash is ignored). Defaults: 10 s connect and 30 s request timeouts, 4 attempts, back-off from 250 ms doubling
     * up to 8 s, the system clock.
     *
     * @throws IllegalArgumentException if the URL is not such a URL
     */
    public static Builder builder(String prefixUrl) {
        return new Builder(normalize(prefixUrl));
    }

    /** A transport with the default settings. */
    public static HttpLogTransport of(String prefixUrl) {
        return builder(prefixUrl).build();
    }

    /** {@code url} without one trailing slash, checked to be an absolute http(s) URL without query or fragment. */
    public static String normalize(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("prefix URL '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!u.isAbsolute() || u.getHost() == null
                || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("prefix URL '" + url + "' must be an absolute http(s) URL");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("prefix URL '" + url + "' must have no query or fragment");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Settings of an {@link HttpLogTransport}. */
    public static final class Builder {
        private final String prefix;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration backoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private Sleeper sleeper = Sleeper.system();

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        /** The TCP connect timeout. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connect timeout");
            return this;
        }

        /** The deadline of one request, from sending it to the last byte of the body. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "request timeout");
            return this;
        }

        /** Attempts per GET (1 = no retry), at most 20. */
        public Builder maxAttempts(int n) {
            if (n < 1 || n > 20) {
                throw new IllegalArgumentException("attempts " + n + " outside 1..20");
            }
            this.maxAttempts = n;
            return this;
        }

        /** The first back-off and its cap; each retry doubles the wait up to the cap. */
        public Builder backoff(Duration first, Duration max) {
            this.backoff = positive(first, "back-off");
            this.maxBackoff = positive(max, "maximum back-off");
            return this;
        }

        /** How to wait between attempts (tests pass one that records instead of sleeping). */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The transport. */
        public HttpLogTransport build() {
            return new HttpLogTransport(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }

    /** The log prefix URL, without a trailing slash. */
    public String prefix() {
        return prefix;
    }

    @Override
    public String location(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("?") || key.contains("#")) {
            throw new IllegalArgumentException("not a plain relative key: " + key);
        }
        return prefix + "/" + key;
    }

    @Override
    public long requests() {
        return requests.get();
    }

    @Override
    public LogResponse get(String key, int maxBytes) {
        String url = location(key);
        LogClientException last = null;
        OptionalLong retryAfter = OptionalLong.empty();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(url, backoffBefore(attempt, retryAfter));
            }
            Attempt a = attempt(key, url, maxBytes);
            if (a.response != null && !retryable(a.response.status())) {
                return a.response;
            }
            if (a.failure != null && !a.retryable) {
                throw a.failure;
            }
            last = a.failure != null ? a.failure : new LogClientException(Check.HTTP_STATUS, url,
                    "HTTP " + a.response.status() + " after " + attempt + " attempt(s)");
            retryAfter = a.retryAfter;
        }
        throw last;
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    /** Exponential back-off before {@code attempt} (2, 3, ...), or the server's Retry-After if longer, capped. */
    Duration backoffBefore(int attempt, OptionalLong retryAfterSeconds) {
        long ms = backoff.toMillis() << Math.min(attempt - 2, 20);
        if (retryAfterSeconds.isPresent()) {
            ms = Math.max(ms, Math.min(retryAfterSeconds.getAsLong(), 86_400) * 1000);
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private void pause(String url, Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogClientException(Check.TRANSPORT, url, "interrupted while backing off", e);
        }
    }

    /** One attempt: a response (any status) or a failure, and whether the failure may be retried. */
    private static final class Attempt {
        LogResponse response;
        LogClientException failure;
        boolean retryable;
        OptionalLong retryAfter = OptionalLong.empty();
    }

    private Attempt attempt(String key, String url, int maxBytes) {
        Attempt out = new Attempt();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().timeout(requestTimeout)
                .header("Accept-Encoding", "gzip, identity").build();
        requests.incrementAndGet();
        int rawLimit = maxBytes > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - 8 : maxBytes + (maxBytes >> 3) + 1024;
        AtomicReference<BoundedBody> body = new AtomicReference<>(); // set on the client's thread
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req, info -> {
            BoundedBody b = new BoundedBody(info.headers().firstValueAsLong("Content-Length"),
                    gzip(info) ? rawLimit : maxBytes);
            body.set(b);
            return b;
        });
        HttpResponse<byte[]> resp;
        try {
            resp = f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            BoundedBody b = body.get();
            if (b != null) {
                b.cancel();
            }
            out.failure = new LogClientException(Check.TIMEOUT, url, "no complete response within "
                    + requestTimeout.toMillis() + " ms" + (b != null ? " (headers received, body stalled)" : ""));
            out.retryable = true;
            return out;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            out.failure = new LogClientException(Check.TRANSPORT, url, "interrupted", e);
            return out;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Oversized o) {
                out.failure = new LogClientException(Check.OVERSIZED, url, o.describe(maxBytes));
                return out;
            }
            boolean timeout = c instanceof java.net.http.HttpTimeoutException;
            out.failure = new LogClientException(timeout ? Check.TIMEOUT : Check.TRANSPORT, url,
                    String.valueOf(c), c);
            out.retryable = true;
            return out;
        }
        byte[] b = resp.body();
        if (gzip(resp)) {
            try {
                b = gunzip(b, maxBytes);
            } catch (Oversized o) {
                out.failure = new LogClientException(Check.OVERSIZED, url, o.describe(maxBytes) + " (gzip-decoded)");
                return out;
            } catch (IOException e) {
                out.failure = new LogClientException(Check.ENCODING, url, "bad gzip body: " + e.getMessage(), e);
                return out;
            }
        } else {
            String enc = encoding(resp);
            if (!enc.equals("identity") && !enc.isEmpty()) {
                out.failure = new LogClientException(Check.ENCODING, url, "unsupported Content-Encoding '" + enc
                        + "' (asked for gzip, identity)");
                return out;
            }
        }
        out.response = new LogResponse(key, url, resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""),
                resp.statusCode() == 200 ? b : new byte[0]);
        out.retryAfter = retryAfter(resp);
        return out;
    }

    private static OptionalLong retryAfter(HttpResponse<?> r) {
        // RFC 9110 §10.2.3: delay-seconds (an HTTP-date is ignored: the exponential back-off applies)
        String v = r.headers().firstValue("Retry-After").orElse("").trim();
        if (!v.isEmpty() && v.length() < 10 && v.chars().allMatch(Character::isDigit)) {
            return OptionalLong.of(Long.parseLong(v));
        }
        return OptionalLong.empty();
    }

    private static String encoding(HttpResponse.ResponseInfo info) {
        return info.headers().firstValue("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
    }

    private static String encoding(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
    }

    private static boolean gzip(HttpResponse.ResponseInfo info) {
        String e = encoding(info);
        return e.equals("gzip") || e.equals("x-gzip");
    }

    private static boolean gzip(HttpResponse<?> r) {
        String e = encoding(r);
        return e.equals("gzip") || e.equals("x-gzip");
    }

    static byte[] gunzip(byte[] raw, int maxBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            long total = 0;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new Oversized(OptionalLong.empty());
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** A body above its bound; {@code declared} is the Content-Length when that alone exceeded it. */
    static final class Oversized extends IOException {
        private static final long serialVersionUID = 1L;
        private final OptionalLong declared;

        Oversized(OptionalLong declared) {
            super("oversized");
            this.declared = declared;
        }

        String describe(int maxBytes) {
            return declared.isPresent() ? declared.getAsLong() + " bytes (Content-Length), more than the " + maxBytes
                    + " allowed" : "more than the " + maxBytes + " bytes allowed";
        }
    }

    /** Collects at most {@code limit} bytes of body; fails at once on a larger Content-Length or body. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final OptionalLong declared;
        private final int limit;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        BoundedBody(OptionalLong declared, int limit) {
            this.declared = declared;
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared.isPresent() && declared.getAsLong() > limit) {
                s.cancel();
                result.completeExceptionally(new Oversized(declared));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer bb : items) {
                if ((long) buf.size() + bb.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new Oversized(OptionalLong.empty()));
                    return;
                }
                byte[] chunk = new byte[bb.remaining()];
                bb.get(chunk);
                buf.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buf.toByteArray());
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.cancel(true);
        }
    }

    @Override
    public String toString() {
        return "HttpLogTransport[" + prefix + "]";
    }
}
