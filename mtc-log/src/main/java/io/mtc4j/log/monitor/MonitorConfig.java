package io.mtc4j.log.monitor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.der.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The monitor's one configuration file (JSON; README "Monitor your names and addresses"). Relative paths are
 * relative to the file's directory. Every field is checked; an unknown field, a wrong type or a bad value is a
 * {@link MtcParseException} naming the field ({@code rules[2].ip[0]}) and the rule.
 *
 * @param logs         the logs followed
 * @param state        the state directory (positions, alert journal, evidence)
 * @param rules        the watch rules
 * @param structural   the structural alerts
 * @param webhook      where alerts are POSTed, if anywhere
 * @param exec         a command run per alert (the alert JSON on its stdin), if any
 * @param pollInterval the time between polls when following
 * @param profile      the wire profile of CA certificates and entries
 */
public record MonitorConfig(List<LogSource> logs, Path state, List<WatchRule> rules, StructuralPolicy structural,
        Optional<Webhook> webhook, List<String> exec, Duration pollInterval, Profile profile) {
    /**
     * Copies the lists.
     *
     * @param logs         the logs
     * @param state        the state directory
     * @param rules        the rules
     * @param structural   the structural alerts
     * @param webhook      the webhook
     * @param exec         the exec hook command
     * @param pollInterval the poll interval
     * @param profile      the wire profile
     */
    public MonitorConfig {
        logs = List.copyOf(logs);
        rules = List.copyOf(rules);
        exec = List.copyOf(exec);
    }

    /**
     * One followed log (or all logs of a CA).
     *
     * @param url       the log's prefix URL ({@code <CA prefix>/<N>}) or the CA prefix URL, if read over HTTP
     * @param dir       the log's directory ({@code DIR/checkpoint}) or the CA's store ({@code DIR/<N>/checkpoint})
     * @param ca        the CA certificate file
     * @param firstLog  with a CA prefix, the first log number to follow (default 1)
     * @param witnesses witnesses whose monitoring endpoints are compared
     * @param mirrors   mirrors whose checkpoints are compared
     * @param demoCompat verify the demo generator's untimestamped CA checkpoint signature (MTC-NOTES §8 item 6)
     */
    public record LogSource(Optional<URI> url, Optional<Path> dir, Path ca, OptionalInt firstLog,
            List<CosignerEndpoint> witnesses, List<CosignerEndpoint> mirrors, boolean demoCompat) {
        /**
         * Copies the lists.
         *
         * @param url       the URL
         * @param dir       the directory
         * @param ca        the CA certificate
         * @param firstLog  the first log number
         * @param witnesses the witnesses
         * @param mirrors   the mirrors
         * @param demoCompat the demo generator's signatures
         */
        public LogSource {
            witnesses = List.copyOf(witnesses);
            mirrors = List.copyOf(mirrors);
            if (url.isPresent() == dir.isPresent()) {
                throw new IllegalArgumentException("a log is read from exactly one of url and dir");
            }
        }

        /** The URL or directory, for messages. */
        public String where() {
            return url.map(URI::toString).orElseGet(() -> dir.get().toString());
        }
    }

    /**
     * A witness's or mirror's monitoring prefix and note key: its checkpoint of a log with origin O is at
     * {@code <prefix>/<hex SHA-256(O)>/checkpoint} (tlog-witness §"Monitor Retrieval Mechanism", tlog-mirror).
     *
     * @param prefix the monitoring prefix URL
     * @param key    the cosigner's vkey (signed-note)
     */
    public record CosignerEndpoint(URI prefix, String key) {}

    /**
     * A webhook: alerts are POSTed as JSON, retried with back-off.
     *
     * @param url      the URL
     * @param attempts the most attempts per alert
     */
    public record Webhook(URI url, int attempts) {}

    private static final Set<String> TOP = Set.of("logs", "state", "rules", "structural", "webhook", "exec",
            "pollSeconds", "profile");
    private static final Set<String> LOG = Set.of("url", "dir", "ca", "log", "witnesses", "mirrors", "demoCompat");
    private static final Set<String> RULE = Set.of("name", "dns", "ip", "authorizedKeys");
    private static final Set<String> STRUCTURAL = Set.of("caTrue", "unknownTypes", "malformed", "fullParse",
            "maxValidityDays");
    private static final Set<String> ENDPOINT = Set.of("url", "key");
    private static final Set<String> WEBHOOK = Set.of("url", "attempts");

    /**
     * Reads and checks {@code file}.
     *
     * @param file the configuration file
     * @return the configuration
     * @throws IOException       if it or a file it names cannot be read
     * @throws MtcParseException naming the field and the rule
     */
    public static MonitorConfig read(Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        return parse(Files.readAllBytes(file), base);
    }

    /**
     * Parses a configuration; relative paths resolve against {@code base}.
     *
     * @param json the file's bytes
     * @param base the directory relative paths start from
     * @return the configuration
     * @throws IOException       if a key file it names cannot be read
     * @throws MtcParseException naming the field and the rule
     */
    public static MonitorConfig parse(byte[] json, Path base) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (IOException e) {
            throw new MtcParseException("monitor config", "not JSON: " + e.getMessage());
        }
        object(root, "", TOP);
        Profile profile;
        try {
            profile = Profile.fromName(optText(root, "profile").orElse(Profile.current().wireName()));
        } catch (MtcParseException e) {
            throw new MtcParseException("profile", e.getMessage());
        }
        JsonNode logs = array(root, "logs", true);
        if (logs.isEmpty()) {
            throw new MtcParseException("logs", "must name at least one log");
        }
        List<LogSource> sources = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            sources.add(log(logs.get(i), "logs[" + i + "]", base));
        }
        Path state = base.resolve(text(root, "state", ""));
        List<WatchRule> rules = new ArrayList<>();
        JsonNode rs = array(root, "rules", false);
        for (int i = 0; i < rs.size(); i++) {
            rules.add(rule(rs.get(i), "rules[" + i + "]", base));
        }
        try {
            Watchlist.of(rules, StructuralPolicy.defaults());
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("rules", e.getMessage());
        }
        StructuralPolicy sp = structural(root.get("structural"));
        Optional<Webhook> webhook = Optional.empty();
        if (root.has("webhook")) {
            JsonNode w = root.get("webhook");
            object(w, "webhook.", WEBHOOK);
            int attempts = root.get("webhook").has("attempts") ? (int) integer(w, "webhook.attempts", "attempts", 1, 100) : 5;
            webhook = Optional.of(new Webhook(uri(text(w, "url", "webhook."), "webhook.url"), attempts));
        }
        List<String> exec = new ArrayList<>();
        for (JsonNode x : array(root, "exec", false)) {
            if (!x.isTextual()) {
                throw new MtcParseException("exec", "must be an array of strings (the command and its arguments)");
            }
            exec.add(x.asText());
        }
        long poll = root.has("pollSeconds") ? integer(root, "pollSeconds", "pollSeconds", 1, 86_400) : 60;
        return new MonitorConfig(sources, state, rules, sp, webhook, exec, Duration.ofSeconds(poll), profile);
    }

    private static LogSource log(JsonNode n, String at, Path base) {
        object(n, at + ".", LOG);
        Optional<URI> url = optText(n, "url").map(u -> uri(u, at + ".url"));
        Optional<Path> dir = optText(n, "dir").map(base::resolve);
        if (url.isPresent() == dir.isPresent()) {
            throw new MtcParseException(at, "give exactly one of \"url\" (a log or CA prefix URL) and \"dir\"");
        }
        Path ca = base.resolve(text(n, "ca", at + "."));
        OptionalInt first = n.has("log") ? OptionalInt.of((int) integer(n, at + ".log", "log", 1, 0xffff))
                : OptionalInt.empty();
        JsonNode demo = n.get("demoCompat");
        if (demo != null && !demo.isBoolean()) {
            throw new MtcParseException(at + ".demoCompat", "must be true or false");
        }
        return new LogSource(url, dir, ca, first, endpoints(n, "witnesses", at), endpoints(n, "mirrors", at),
                demo != null && demo.asBoolean());
    }

    private static List<CosignerEndpoint> endpoints(JsonNode n, String field, String at) {
        List<CosignerEndpoint> out = new ArrayList<>();
        JsonNode a = array(n, field, false);
        for (int i = 0; i < a.size(); i++) {
            String f = at + "." + field + "[" + i + "]";
            object(a.get(i), f + ".", ENDPOINT);
            String key = text(a.get(i), "key", f + ".");
            try {
                io.mtc4j.spec.note.NoteVerifier.fromVkey(key);
            } catch (MtcException | IllegalArgumentException e) {
                throw new MtcParseException(f + ".key", "not a signed-note vkey: " + e.getMessage());
            }
            out.add(new CosignerEndpoint(uri(text(a.get(i), "url", f + "."), f + ".url"), key));
        }
        return out;
    }

    private static WatchRule rule(JsonNode n, String at, Path base) throws IOException {
        object(n, at + ".", RULE);
        String name = text(n, "name", at + ".");
        List<DnsPattern> dns = new ArrayList<>();
        JsonNode d = array(n, "dns", false);
        for (int i = 0; i < d.size(); i++) {
            String f = at + ".dns[" + i + "]";
            try {
                dns.add(DnsPattern.parse(string(d.get(i), f)));
            } catch (IllegalArgumentException e) {
                throw new MtcParseException(f, e.getMessage());
            }
        }
        List<IpPrefix> ip = new ArrayList<>();
        JsonNode p = array(n, "ip", false);
        for (int i = 0; i < p.size(); i++) {
            String f = at + ".ip[" + i + "]";
            try {
                ip.add(IpPrefix.parse(string(p.get(i), f)));
            } catch (IllegalArgumentException e) {
                throw new MtcParseException(f, e.getMessage());
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        JsonNode k = array(n, "authorizedKeys", false);
        for (int i = 0; i < k.size(); i++) {
            String f = at + ".authorizedKeys[" + i + "]";
            keys.addAll(authorizedKey(string(k.get(i), f), f, base));
        }
        try {
            return new WatchRule(name, dns, ip, keys);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, e.getMessage());
        }
    }

    /**
     * An authorized key: 64 hex digits (SHA-256 of a DER SubjectPublicKeyInfo), or a file the monitor hashes: PEM
     * PUBLIC KEY or CERTIFICATE blocks (each block's SPKI), or one DER SubjectPublicKeyInfo.
     */
    static Set<String> authorizedKey(String v, String field, Path base) throws IOException {
        if (v.length() == 64 && v.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F'))) {
            return Set.of(v.toLowerCase(java.util.Locale.ROOT));
        }
        Path file = base.resolve(v);
        if (!Files.isRegularFile(file)) {
            throw new MtcParseException(field, "'" + v + "' is neither a hex SHA-256 (64 digits) nor a readable"
                    + " SPKI/PEM file");
        }
        byte[] bytes = Files.readAllBytes(file);
        Set<String> out = new LinkedHashSet<>();
        try {
            if (Pem.looksLikePem(bytes)) {
                for (Pem.Block b : Pem.decodeAll(new String(bytes, StandardCharsets.US_ASCII))) {
                    switch (b.label()) {
                        case "PUBLIC KEY" -> out.add(spkiHash(b.der()));
                        case "CERTIFICATE" -> out.add(spkiHash(TbsCertificate.parse(
                                io.mtc4j.spec.der.DerReader.single(b.der(), "certificate").reader()
                                        .read("tbsCertificate").encoded()).subjectPublicKeyInfo()));
                        default -> throw new IllegalArgumentException("PEM block " + b.label()
                                + " is neither PUBLIC KEY nor CERTIFICATE");
                    }
                }
            } else {
                io.mtc4j.spec.der.X509Der.checkSubjectPublicKeyInfo(io.mtc4j.spec.der.DerReader.single(bytes, field));
                out.add(spkiHash(bytes));
            }
        } catch (MtcException | IllegalArgumentException e) {
            throw new MtcParseException(field, file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new MtcParseException(field, file + " holds no key");
        }
        return out;
    }

    static String spkiHash(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StructuralPolicy structural(JsonNode n) {
        if (n == null) {
            return StructuralPolicy.defaults();
        }
        object(n, "structural.", STRUCTURAL);
        Optional<Duration> max = n.has("maxValidityDays")
                ? Optional.of(Duration.ofDays(integer(n, "structural.maxValidityDays", "maxValidityDays", 1, 36_500)))
                : Optional.empty();
        return new StructuralPolicy(bool(n, "caTrue", true), bool(n, "unknownTypes", true), bool(n, "malformed", true),
                bool(n, "fullParse", false), max);
    }

    private static boolean bool(JsonNode n, String f, boolean dflt) {
        JsonNode v = n.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new MtcParseException("structural." + f, "must be true or false");
        }
        return v.asBoolean();
    }

    private static void object(JsonNode n, String prefix, Set<String> allowed) {
        String where = prefix.isEmpty() ? "monitor config" : prefix.substring(0, prefix.length() - 1);
        if (n == null || !n.isObject()) {
            throw new MtcParseException(where, "must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new MtcParseException(prefix + f, "unknown field (known: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static JsonNode array(JsonNode n, String f, boolean required) {
        JsonNode a = n.get(f);
        if (a == null) {
            if (required) {
                throw new MtcParseException(f, "is required");
            }
            return new ObjectMapper().createArrayNode();
        }
        if (!a.isArray()) {
            throw new MtcParseException(f, "must be an array");
        }
        return a;
    }

    private static String text(JsonNode n, String f, String prefix) {
        JsonNode v = n.get(f);
        if (v == null) {
            throw new MtcParseException(prefix + f, "is required");
        }
        return string(v, prefix + f);
    }

    private static Optional<String> optText(JsonNode n, String f) {
        return n.has(f) ? Optional.of(string(n.get(f), f)) : Optional.empty();
    }

    private static String string(JsonNode v, String field) {
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new MtcParseException(field, "must be a non-empty string");
        }
        return v.asText();
    }

    private static long integer(JsonNode n, String field, String f, long min, long max) {
        JsonNode v = n.get(f);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new MtcParseException(field, "must be an integer " + min + ".." + max);
        }
        return v.asLong();
    }

    private static URI uri(String s, String field) {
        try {
            URI u = new URI(s);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new MtcParseException(field, "'" + s + "' is not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new MtcParseException(field, "'" + s + "' is not a URL: " + e.getReason());
        }
    }
}
