package io.mtc4j.log.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogServer} listens and what it bounds. Every field has a default ({@link #defaults()}); the
 * {@code mtc log serve} configuration file and flags set them.
 *
 * @param host                  the address to listen on (a name or literal; {@code [::1]} style brackets removed)
 * @param port                  the TCP port, 0 for a free one
 * @param prefix                the CA prefix path: empty, or {@code /} followed by segments, without a trailing
 *                              slash; log {@code N} is served at {@code <prefix>/<N>} (mtc-tlog §"Serving
 *                              Issuance Logs")
 * @param maxConcurrentRequests requests handled at once; one more is answered 429 with {@code Retry-After}
 * @param retryAfter            the {@code Retry-After} of a 429 answer (whole seconds, at least 1)
 * @param cacheBytes            bound of the in-memory cache of immutable tiles and bundles (0 disables it)
 * @param checkpointRefresh     how long a checkpoint or landmarks file read from storage is reused
 *                              (also the {@code max-age} they are served with, at least 1 s)
 * @param accessLog             whether each request is logged as one JSON line
 */
public record LogServerConfig(String host, int port, String prefix, int maxConcurrentRequests, Duration retryAfter,
        long cacheBytes, Duration checkpointRefresh, boolean accessLog) {
    /** The paths outside the log prefix. */
    static final String HEALTH_PATH = "/healthz";
    static final String METRICS_PATH = "/metrics";

    public LogServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(checkpointRefresh, "checkpointRefresh");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("listen host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port " + port + " outside 0..65535");
        }
        checkPrefix(prefix);
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests " + maxConcurrentRequests + " must be at least 1");
        }
        if (retryAfter.getSeconds() < 1) {
            throw new IllegalArgumentException("retryAfter " + retryAfter + " must be at least 1 second");
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes " + cacheBytes + " is negative");
        }
        if (checkpointRefresh.isNegative()) {
            throw new IllegalArgumentException("checkpointRefresh " + checkpointRefresh + " is negative");
        }
    }

    /** 127.0.0.1:8080, no prefix, 1024 concurrent requests, Retry-After 1 s, a 256 MiB cache, 1 s refresh. */
    public static LogServerConfig defaults() {
        return new LogServerConfig("127.0.0.1", 8080, "", 1024, Duration.ofSeconds(1), 256L << 20,
                Duration.ofSeconds(1), true);
    }

    /** This configuration listening on {@code host:port}. */
    public LogServerConfig withListen(String host, int port) {
        return new LogServerConfig(host, port, prefix, maxConcurrentRequests, retryAfter, cacheBytes,
                checkpointRefresh, accessLog);
    }

    /** This configuration with another prefix. */
    public LogServerConfig withPrefix(String prefix) {
        return new LogServerConfig(host, port, prefix, maxConcurrentRequests, retryAfter, cacheBytes,
                checkpointRefresh, accessLog);
    }

    /** This configuration with other limits. */
    public LogServerConfig withLimits(int maxConcurrentRequests, Duration retryAfter, long cacheBytes,
            Duration checkpointRefresh) {
        return new LogServerConfig(host, port, prefix, maxConcurrentRequests, retryAfter, cacheBytes,
                checkpointRefresh, accessLog);
    }

    /** This configuration with the access log on or off. */
    public LogServerConfig withAccessLog(boolean on) {
        return new LogServerConfig(host, port, prefix, maxConcurrentRequests, retryAfter, cacheBytes,
                checkpointRefresh, on);
    }

    /**
     * A prefix is empty or {@code /seg[/seg...]}: segments of RFC 3986 unreserved characters, none {@code .} or
     * {@code ..}, no trailing slash, and not the health or metrics path.
     */
    private static void checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be empty or start with '/' and not end"
                    + " with '/'");
        }
        for (String seg : prefix.substring(1).split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || !seg.chars().allMatch(
                    c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '-' || c == '.' || c == '_' || c == '~')) {
                throw new IllegalArgumentException("prefix '" + prefix + "': segment '" + seg
                        + "' must be non-empty RFC 3986 unreserved characters, not '.' or '..'");
            }
        }
        for (String reserved : new String[] {HEALTH_PATH, METRICS_PATH}) {
            if (prefix.equals(reserved) || prefix.startsWith(reserved + "/")) {
                throw new IllegalArgumentException("prefix '" + prefix + "' collides with " + reserved);
            }
        }
    }
}
