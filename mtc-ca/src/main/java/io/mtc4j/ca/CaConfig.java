package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CA instance's one configuration file, {@code DIR/ca.json}: a JSON object with exactly these fields (every
 * one required when read; {@code mtc ca init} writes them all):
 * <pre>
 * {
 *   "caId": "32473.1",                          the CA ID (draft §"Certification Authority Identifiers"), dotted
 *   "publicUrl": "http://127.0.0.1:8080/log",   the prefix URL of the logs (mtc-tlog), written into ca.pem;
 *                                               its path is where 'mtc ca serve' serves the logs
 *   "listen": "127.0.0.1:8080",                 HOST:PORT 'mtc ca serve' binds (port 0: a free one)
 *   "maxLifetime": "7d",                        the longest certificate lifetime (max_cert_lifetime)
 *   "checkpointInterval": "1s",                 how often the issuance run appends the pending batch
 *   "landmarkInterval": "1h",                   time_between_landmarks (draft §"Allocating Landmarks")
 *   "storage": "log",                           the log store: a path relative to DIR, or a URI (LogStores)
 *   "poolMaxRequests": 100000,                  requests accepted but not yet logged; beyond: 429
 *   "maxLogNumber": 16,                         the highest log number; maxSerial = ((maxLogNumber+1) &lt;&lt; 48) - 1
 *   "acmeResolve": {"www.example.test": "127.0.0.1:5002"}
 *                                               optional: where the ACME server's http-01 (RFC 8555 §8.3)
 *                                               validation for an identifier (DNS name or IP address) connects,
 *                                               as 'mtc ca serve --acme-resolve NAME=HOST:PORT' (a flag wins)
 *   "cosigners": [{"quorum": 1, "members": [{"type": "witness", "url": "http://127.0.0.1:8090",
 *                  "id": "32473.3", "keys": ["oid/1.3.6.1.4.1.32473.3+5e6f7a8b+Bh..."], "timeout": "30s"}]}]
 *                                               optional: the external cosigners whose subtree signatures every
 *                                               standalone certificate carries besides the CA's ({@link CosignerSet},
 *                                               {@link CosignerEndpoint}); absent: the CA cosigner alone
 * }
 * </pre>
 * Durations are {@link DurationText}. Unknown fields are refused, so a typo is never silently ignored.
 *
 * @param caId               the CA ID
 * @param publicUrl          the logs' prefix URL (http or https, no query, no trailing slash, a non-empty path)
 * @param listen             HOST:PORT to listen on
 * @param maxLifetime        the longest certificate lifetime (positive)
 * @param checkpointInterval the issuance run's period (positive)
 * @param landmarkInterval   time_between_landmarks (positive)
 * @param storage            the log storage location, relative to the CA directory unless a URI
 * @param poolMaxRequests    the bound of the pending pool (positive)
 * @param maxLogNumber       the highest log number this CA may use, 1..65534
 * @param acmeResolve        http-01 validation targets: identifier (lower case) to HOST:PORT; empty for the system
 *                           resolver and port 80
 * @param cosigners          the external cosigner sets, each of which must reach its quorum; empty for none
 */
public record CaConfig(TrustAnchorId caId, String publicUrl, String listen, Duration maxLifetime,
        Duration checkpointInterval, Duration landmarkInterval, String storage, int poolMaxRequests,
        int maxLogNumber, Map<String, String> acmeResolve, List<CosignerSet> cosigners) {
    /** The file name inside the CA directory. */
    public static final String FILE = "ca.json";
    /** The intake API's path prefix; the logs' prefix path must differ from it. */
    static final String API_PATH = "/v1";

    /**
     * Checks every field against the rules above.
     *
     * @throws IllegalArgumentException naming the field and the rule
     */
    public CaConfig {
        Objects.requireNonNull(caId, "caId");
        checkPublicUrl(publicUrl);
        hostPort(listen);
        positive("maxLifetime", maxLifetime);
        positive("checkpointInterval", checkpointInterval);
        positive("landmarkInterval", landmarkInterval);
        if (storage == null || storage.isEmpty()) {
            throw new IllegalArgumentException("storage: must be a non-empty path or URI");
        }
        if (poolMaxRequests < 1) {
            throw new IllegalArgumentException("poolMaxRequests: must be positive, got " + poolMaxRequests);
        }
        if (maxLogNumber < 1 || maxLogNumber > 0xfffe) {
            throw new IllegalArgumentException("maxLogNumber: must be 1..65534 (log numbers are 1..65535 and"
                    + " maxSerial must fit), got " + maxLogNumber);
        }
        java.util.TreeMap<String, String> resolve = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(acmeResolve, "acmeResolve").entrySet()) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty() || !name.equals(name.strip())) {
                throw new IllegalArgumentException("acmeResolve: '" + e.getKey() + "' is not an identifier");
            }
            try {
                hostPort(e.getValue());
            } catch (RuntimeException x) {
                throw new IllegalArgumentException("acmeResolve." + e.getKey() + ": " + x.getMessage(), x);
            }
            resolve.put(name, e.getValue());
        }
        acmeResolve = java.util.Collections.unmodifiableMap(resolve);
        cosigners = List.copyOf(cosigners);
        try {
            CosignerSet.checkDistinct(cosigners, caId, "cosigners");
        } catch (CaException e) {
            throw new IllegalArgumentException(e.field() + ": " + e.detail(), e);
        }
    }

    /**
     * A configuration without external cosigners.
     *
     * @param caId               the CA ID
     * @param publicUrl          the logs' prefix URL
     * @param listen             HOST:PORT to listen on
     * @param maxLifetime        the longest certificate lifetime
     * @param checkpointInterval the issuance run's period
     * @param landmarkInterval   time_between_landmarks
     * @param storage            the log storage location
     * @param poolMaxRequests    the bound of the pending pool
     * @param maxLogNumber       the highest log number
     * @param acmeResolve        http-01 validation targets
     */
    public CaConfig(TrustAnchorId caId, String publicUrl, String listen, Duration maxLifetime,
            Duration checkpointInterval, Duration landmarkInterval, String storage, int poolMaxRequests,
            int maxLogNumber, Map<String, String> acmeResolve) {
        this(caId, publicUrl, listen, maxLifetime, checkpointInterval, landmarkInterval, storage, poolMaxRequests,
                maxLogNumber, acmeResolve, List.of());
    }

    /**
     * A configuration without {@code acmeResolve}.
     *
     * @param caId               the CA ID
     * @param publicUrl          the logs' prefix URL
     * @param listen             HOST:PORT to listen on
     * @param maxLifetime        the longest certificate lifetime
     * @param checkpointInterval the issuance run's period
     * @param landmarkInterval   time_between_landmarks
     * @param storage            the log storage location
     * @param poolMaxRequests    the bound of the pending pool
     * @param maxLogNumber       the highest log number
     */
    public CaConfig(TrustAnchorId caId, String publicUrl, String listen, Duration maxLifetime,
            Duration checkpointInterval, Duration landmarkInterval, String storage, int poolMaxRequests,
            int maxLogNumber) {
        this(caId, publicUrl, listen, maxLifetime, checkpointInterval, landmarkInterval, storage, poolMaxRequests,
                maxLogNumber, Map.of());
    }

    /**
     * The configuration {@code mtc ca init} writes when no flag overrides a field.
     *
     * @param caId the CA ID
     * @return the defaults: http://127.0.0.1:8080/log, 7d, 1s, 1h, storage "log", 100,000 pending, 16 logs
     */
    public static CaConfig defaults(TrustAnchorId caId) {
        return new CaConfig(caId, "http://127.0.0.1:8080/log", "127.0.0.1:8080", Duration.ofDays(7),
                Duration.ofSeconds(1), Duration.ofHours(1), "log", 100_000, 16);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be a positive duration, got " + d);
        }
    }

    /** {@code url} as an http(s) URL with a host and no query, fragment or user info; errors name {@code field}. */
    static URI httpUrl(String field, String url) {
        URI u;
        try {
            u = new URI(Objects.requireNonNull(url, field));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + ": not a URI: " + e.getMessage(), e);
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + ": must be an http(s) URL with a host and no query,"
                    + " fragment or user info, got " + url);
        }
        return u;
    }

    private static void checkPublicUrl(String url) {
        URI u = httpUrl("publicUrl", url);
        String path = u.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("publicUrl: needs a path without a trailing slash (the logs are served"
                    + " at <path>/<N>/...), got " + url);
        }
        if (path.equals(API_PATH) || path.startsWith(API_PATH + "/") || path.equals("/healthz")
                || path.equals("/metrics")) {
            throw new IllegalArgumentException("publicUrl: path " + path + " collides with the intake API ("
                    + API_PATH + ", /healthz, /metrics)");
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(url)) {
            throw new IllegalArgumentException("publicUrl: must be ASCII (it is an IA5String in ca.pem)");
        }
    }

    /** The path part of {@link #publicUrl}: where the logs are served. */
    String prefixPath() {
        return URI.create(publicUrl).getRawPath();
    }

    /** {@code HOST:PORT} split, the host possibly a bracketed IPv6 literal. */
    static Map.Entry<String, Integer> hostPort(String hostPort) {
        Objects.requireNonNull(hostPort, "listen");
        int colon = hostPort.lastIndexOf(':');
        String port = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("listen: '" + hostPort + "' must be HOST:PORT (port 0 picks a free"
                    + " one)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return Map.entry(host, Integer.parseInt(port));
    }

    /**
     * This configuration with another listen address.
     *
     * @param hostPort HOST:PORT
     * @return the new configuration
     */
    public CaConfig withListen(String hostPort) {
        return new CaConfig(caId, publicUrl, hostPort, maxLifetime, checkpointInterval, landmarkInterval, storage,
                poolMaxRequests, maxLogNumber, acmeResolve, cosigners);
    }

    /**
     * This configuration with another pool bound.
     *
     * @param max the pending pool's bound
     * @return the new configuration
     */
    public CaConfig withPoolMaxRequests(int max) {
        return new CaConfig(caId, publicUrl, listen, maxLifetime, checkpointInterval, landmarkInterval, storage, max,
                maxLogNumber, acmeResolve, cosigners);
    }

    /**
     * This configuration with other external cosigners.
     *
     * @param sets the cosigner sets (empty for none)
     * @return the new configuration
     * @throws IllegalArgumentException if a cosigner ID repeats or is the CA ID
     */
    public CaConfig withCosigners(List<CosignerSet> sets) {
        return new CaConfig(caId, publicUrl, listen, maxLifetime, checkpointInterval, landmarkInterval, storage,
                poolMaxRequests, maxLogNumber, acmeResolve, sets);
    }

    /**
     * The JSON text written to {@code ca.json}.
     *
     * @return the file's bytes (UTF-8, a trailing newline)
     */
    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("caId", caId.toString());
        m.put("publicUrl", publicUrl);
        m.put("listen", listen);
        m.put("maxLifetime", DurationText.format(maxLifetime));
        m.put("checkpointInterval", DurationText.format(checkpointInterval));
        m.put("landmarkInterval", DurationText.format(landmarkInterval));
        m.put("storage", storage);
        m.put("poolMaxRequests", poolMaxRequests);
        m.put("maxLogNumber", maxLogNumber);
        if (!acmeResolve.isEmpty()) {
            m.put("acmeResolve", acmeResolve);
        }
        if (!cosigners.isEmpty()) {
            List<Object> cs = new java.util.ArrayList<>();
            cosigners.forEach(c -> cs.add(c.toJson()));
            m.put("cosigners", cs);
        }
        try {
            return (new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses {@code ca.json}'s contents strictly.
     *
     * @param json the file's bytes
     * @return the configuration
     * @throws CaException naming the field and the rule
     */
    public static CaConfig parse(byte[] json) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new CaException(FILE, "json", "not JSON: " + e.getMessage());
        }
        if (n == null || !(n instanceof ObjectNode)) {
            throw new CaException(FILE, "json", "must hold one JSON object");
        }
        java.util.List<String> known = java.util.List.of("caId", "publicUrl", "listen", "maxLifetime",
                "checkpointInterval", "landmarkInterval", "storage", "poolMaxRequests", "maxLogNumber", "acmeResolve",
                "cosigners");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new CaException(FILE + "." + f, "unknown-field", "unknown field (known: " + String.join(", ",
                        known) + ")");
            }
        }
        String field = "caId";
        try {
            TrustAnchorId caId = TrustAnchorId.parse(text(n, field));
            field = "maxLifetime";
            Duration life = DurationText.parse(text(n, field));
            field = "checkpointInterval";
            Duration cp = DurationText.parse(text(n, field));
            field = "landmarkInterval";
            Duration lm = DurationText.parse(text(n, field));
            field = "poolMaxRequests";
            int pool = integer(n, field);
            field = "maxLogNumber";
            int maxLog = integer(n, field);
            field = "acmeResolve";
            Map<String, String> resolve = new LinkedHashMap<>();
            JsonNode r = n.get(field);
            if (r != null) {
                if (!r.isObject()) {
                    throw new CaException(FILE + "." + field, "required-object", "must be an object of NAME:"
                            + " \"HOST:PORT\"");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new CaException(FILE + "." + field + "." + e.getKey(), "required-string",
                                "must be \"HOST:PORT\"");
                    }
                    resolve.put(e.getKey(), e.getValue().textValue());
                }
            }
            List<CosignerSet> cosigners = CosignerSet.parseAll(n.get("cosigners"), FILE + ".cosigners", caId);
            field = "the record";
            return new CaConfig(caId, text(n, "publicUrl"), text(n, "listen"), life, cp, lm, text(n, "storage"),
                    pool, maxLog, resolve, cosigners);
        } catch (CaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CaException(FILE + "." + field, "invalid", e.getMessage());
        }
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new CaException(FILE + "." + f, "required-string", "must be present and a string");
        }
        return v.textValue();
    }

    private static int integer(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CaException(FILE + "." + f, "required-integer", "must be present and an integer");
        }
        return v.intValue();
    }

    /**
     * Reads {@code dir/ca.json}.
     *
     * @param dir the CA directory
     * @return the configuration
     * @throws CaException if the file is missing or invalid
     */
    public static CaConfig read(Path dir) {
        try {
            return parse(Files.readAllBytes(dir.resolve(FILE)));
        } catch (IOException e) {
            throw new CaException(dir.resolve(FILE).toString(), "unreadable", e.toString());
        }
    }
}
