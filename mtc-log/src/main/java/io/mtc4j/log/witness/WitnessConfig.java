package io.mtc4j.log.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The witness's one configuration file, {@code DIR/witness.json} (every field optional):
 * <pre>
 * {
 *   "name": "oid/1.3.6.1.4.1.32473.3",          the cosigner name (default shown: an example MTC cosigner ID)
 *   "listen": "127.0.0.1:8090",                  HOST:PORT (port 0 picks a free one)
 *   "prefix": "",                                the submission and monitoring prefix ("" or "/path")
 *   "logs": ["&lt;origin&gt;+&lt;hex id&gt;+&lt;base64&gt;", ...],   log verifier keys (see {@link TrustedLogs})
 *   "maxConcurrentRequests": 64,                 over it: 429 + Retry-After
 *   "retryAfterSeconds": 1,
 *   "postgres": {"jdbc": "jdbc:postgresql://127.0.0.1:5432/witness", "schema": "mtc4j_witness"}
 * }
 * </pre>
 * Without {@code postgres} the record is kept in {@code DIR} ({@link DirectoryWitnessStore}); with it, in
 * PostgreSQL ({@link PostgresWitnessStore}), the user and password read from {@code PGUSER} and {@code PGPASSWORD}
 * (never from the file). The private keys are files under {@code DIR/keys} ({@link WitnessKeys}).
 *
 * @param name                  the cosigner name
 * @param host                  the listen host
 * @param port                  the listen port (0: any free one)
 * @param prefix                the URL prefix, "" or starting with '/' and not ending with one
 * @param logs                  the log verifier keys
 * @param maxConcurrentRequests protocol requests served at once
 * @param retryAfterSeconds     the {@code Retry-After} of a 429
 * @param postgres              the PostgreSQL record, if chosen
 */
public record WitnessConfig(String name, String host, int port, String prefix, List<String> logs,
        int maxConcurrentRequests, int retryAfterSeconds, Optional<Postgres> postgres) {
    /** The configuration file in the witness directory. */
    public static final String FILE = "witness.json";
    /** The default cosigner name: an example MTC cosigner ID (RFC 5612's example enterprise number). */
    public static final String DEFAULT_NAME = "oid/1.3.6.1.4.1.32473.3";
    /** The health endpoint. */
    public static final String HEALTH_PATH = "/healthz";
    /** The metrics endpoint. */
    public static final String METRICS_PATH = "/metrics";
    private static final Set<String> FIELDS = Set.of("name", "listen", "prefix", "logs", "maxConcurrentRequests",
            "retryAfterSeconds", "postgres");

    /**
     * The PostgreSQL record's location.
     *
     * @param jdbc   a {@code jdbc:postgresql:} URL
     * @param schema the schema
     */
    public record Postgres(String jdbc, String schema) {
        /**
         * Checks the components.
         *
         * @param jdbc   a {@code jdbc:postgresql:} URL
         * @param schema the schema
         */
        public Postgres {
            Objects.requireNonNull(jdbc, "jdbc");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /**
     * Checks the components.
     *
     * @param name                  the cosigner name
     * @param host                  the listen host
     * @param port                  the listen port
     * @param prefix                the URL prefix
     * @param logs                  the log verifier keys
     * @param maxConcurrentRequests protocol requests served at once
     * @param retryAfterSeconds     the Retry-After of a 429
     * @param postgres              the PostgreSQL record, if chosen
     */
    public WitnessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        logs = List.copyOf(logs);
        Objects.requireNonNull(postgres, "postgres");
        if (name.isEmpty() || name.contains(" ") || name.contains("+")) {
            throw new IllegalArgumentException("name: a note key name is non-empty, without spaces or '+'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen: port must be 0..65535");
        }
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("prefix: must be empty or start with '/' and not end with '/'");
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests: must be at least 1");
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds: must not be negative");
        }
    }

    /**
     * The defaults: the example name, 127.0.0.1:8090, no prefix, no logs, 64 requests, Retry-After 1, a directory
     * record.
     *
     * @return the defaults
     */
    public static WitnessConfig defaults() {
        return new WitnessConfig(DEFAULT_NAME, "127.0.0.1", 8090, "", List.of(), 64, 1, Optional.empty());
    }

    /**
     * Reads {@code dir/witness.json} if it exists, else the defaults.
     *
     * @param dir the witness directory
     * @return the configuration
     * @throws IllegalArgumentException naming the field and the rule
     * @throws IOException              if the file cannot be read
     */
    public static WitnessConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return defaults();
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + ": must hold one JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": unknown field \"" + f + "\" (known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        WitnessConfig d = defaults();
        try {
            WitnessConfig c = new WitnessConfig(text(n, "name", d.name), d.host, d.port, text(n, "prefix", d.prefix),
                    strings(n, "logs"), integer(n, "maxConcurrentRequests", d.maxConcurrentRequests),
                    integer(n, "retryAfterSeconds", d.retryAfterSeconds), postgres(n));
            return n.has("listen") ? c.withListen(text(n, "listen", "")) : c;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This configuration listening on {@code HOST:PORT} (the host possibly a bracketed IPv6 literal).
     *
     * @param hostPort {@code HOST:PORT}
     * @return the new configuration
     */
    public WitnessConfig withListen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String p = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !p.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("listen: '" + hostPort + "' must be HOST:PORT (port 0 picks a free one)");
        }
        String h = hostPort.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new WitnessConfig(name, h, Integer.parseInt(p), prefix, logs, maxConcurrentRequests,
                retryAfterSeconds, postgres);
    }

    /**
     * This configuration with {@code more} log keys.
     *
     * @param more further verifier keys
     * @return the new configuration
     */
    public WitnessConfig withLogs(List<String> more) {
        List<String> all = new ArrayList<>(logs);
        all.addAll(more);
        return new WitnessConfig(name, host, port, prefix, all, maxConcurrentRequests, retryAfterSeconds, postgres);
    }

    /**
     * This configuration with another name.
     *
     * @param newName the cosigner name
     * @return the new configuration
     */
    public WitnessConfig withName(String newName) {
        return new WitnessConfig(newName, host, port, prefix, logs, maxConcurrentRequests, retryAfterSeconds,
                postgres);
    }

    /**
     * This configuration with other limits.
     *
     * @param max        protocol requests served at once
     * @param retryAfter the Retry-After of a 429, in seconds
     * @return the new configuration
     */
    public WitnessConfig withLimits(int max, int retryAfter) {
        return new WitnessConfig(name, host, port, prefix, logs, max, retryAfter, postgres);
    }

    private static String text(JsonNode n, String field, String dflt) {
        if (!n.has(field)) {
            return dflt;
        }
        if (!n.get(field).isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return n.get(field).textValue();
    }

    private static int integer(JsonNode n, String field, int dflt) {
        if (!n.has(field)) {
            return dflt;
        }
        JsonNode v = n.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer");
        }
        return v.intValue();
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        if (!n.has(field)) {
            return out;
        }
        if (!n.get(field).isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array of verifier keys");
        }
        for (JsonNode e : n.get(field)) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("\"" + field + "\" must hold strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static Optional<Postgres> postgres(JsonNode n) {
        if (!n.has("postgres")) {
            return Optional.empty();
        }
        JsonNode p = n.get("postgres");
        if (!p.isObject()) {
            throw new IllegalArgumentException("\"postgres\" must be an object with \"jdbc\" and \"schema\"");
        }
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("jdbc") && !f.equals("schema")) {
                throw new IllegalArgumentException("\"postgres\": unknown field \"" + f + "\" (known: jdbc, schema)");
            }
        }
        String jdbc = text(p, "jdbc", "");
        if (jdbc.isEmpty()) {
            throw new IllegalArgumentException("\"postgres.jdbc\" is required");
        }
        return Optional.of(new Postgres(jdbc, text(p, "schema", "mtc4j_witness")));
    }
}
