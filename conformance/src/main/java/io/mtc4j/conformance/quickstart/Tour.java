package io.mtc4j.conformance.quickstart;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.intake.RequestPolicy;
import io.mtc4j.conformance.cacmd.CertificateFiles;
import io.mtc4j.conformance.cacmd.IntakeClient;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.LandmarkUpdateException;
import io.mtc4j.rp.subtrees.LandmarkUpdater;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The quickstart's steps, each printed as it happens and each a check: (1) create and start a CA on loopback
 * (mtc-ca, embedded storage, short checkpoint and landmark intervals); (2) issue one certificate for a DNS name and
 * one for an IP address through the intake API (HTTP, the real policy); (3) fetch the standalone certificates and
 * verify them as a relying party ({@link MtcVerifier}, the CA cosigner's signature, draft §"Verifying Certificate
 * Signatures"); (4) fetch the landmark-relative certificates once the landmark exists; (5) build the trusted
 * subtrees from the live log with mtc-relying-party's {@link LandmarkUpdater} (landmarks file, cosigned checkpoint,
 * subtree consistency proofs: draft §"Trusted Subtrees") into {@code trusted-subtrees.json}; (6) verify the
 * landmark-relative certificates against them; (7) stop the CA (drained) and check its log with {@code mtc log
 * fsck}; (8) print both sizes.
 */
final class Tour {
    static final String DNS_NAME = "www.example.test";
    static final String IP_ADDRESS = "192.0.2.1";
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final Duration LANDMARK_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_LIFETIME = Duration.ofDays(7);
    /** How long the tour waits for any one thing before it gives up. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    static final String TRUSTED_SUBTREES = "trusted-subtrees.json";

    private final Path dir;
    private final PrintStream out;
    private final PrintStream err;
    private boolean ok = true;

    Tour(Path dir, PrintStream out, PrintStream err) {
        this.dir = dir;
        this.out = out;
        this.err = err;
    }

    /** Runs every step; false if any check failed (each failure printed as {@code FAILED: ...}). */
    boolean run() throws Exception {
        CaServer server;
        try {
            server = startCa();
        } catch (IOException | RuntimeException e) {
            return fail("starting the CA: " + e.getMessage());
        }
        Map<String, byte[]> standalone = new LinkedHashMap<>();
        Map<String, byte[]> landmark = new LinkedHashMap<>();
        try {
            IntakeClient client = new IntakeClient(server.apiUrl());
            List<IntakeClient.Issued> issued = issue(client);
            if (issued.isEmpty()) {
                return false;
            }
            RelyingPartyConfig rp = RelyingPartyConfig.of(CaCertificates.read(dir.resolve("ca.pem"), Profile.current()));
            List<String> names = List.of(DNS_NAME, IP_ADDRESS);
            for (int i = 0; i < issued.size(); i++) {
                Optional<byte[]> pem = await(client, issued.get(i).standalone(), names.get(i), "standalone");
                if (pem.isPresent()) {
                    standalone.put(names.get(i), pem.get());
                    verify(new MtcVerifier(rp), names.get(i), "standalone", pem.get());
                }
            }
            for (int i = 0; i < issued.size(); i++) {
                Optional<byte[]> pem = await(client, issued.get(i).landmark(), names.get(i), "landmark");
                if (pem.isPresent()) {
                    landmark.put(names.get(i), pem.get());
                }
            }
            Optional<RelyingPartyConfig> withSubtrees = trustedSubtrees(server, rp);
            if (withSubtrees.isPresent()) {
                MtcVerifier landmarkVerifier = new MtcVerifier(withSubtrees.get());
                for (Map.Entry<String, byte[]> e : landmark.entrySet()) {
                    verify(landmarkVerifier, e.getKey(), "landmark", e.getValue());
                }
            }
        } finally {
            server.close();
            out.println("ca: stopped (pending requests drained)");
        }
        fsck();
        sizes(standalone, landmark);
        out.println(ok ? "quickstart: every check passed" : "quickstart: SOME CHECKS FAILED (see FAILED lines)");
        if (ok) {
            out.println("try: mtc verify --ca " + dir.resolve("ca.pem") + " --trusted-subtrees "
                    + dir.resolve(TRUSTED_SUBTREES) + " --host " + DNS_NAME + " " + dir.resolve(DNS_NAME) + ".*.pem");
            out.println("try: mtc inspect " + dir.resolve(DNS_NAME + ".landmark.pem") + "; mtc log fsck "
                    + dir.resolve("log") + "; mtc log serve " + dir.resolve("log"));
        }
        return ok;
    }

    private boolean fail(String what) {
        out.println("FAILED: " + what);
        ok = false;
        return false;
    }

    // ---------------------------------------------------------------- step 1: the CA

    private CaServer startCa() throws IOException {
        int port = freePort();
        String listen = "127.0.0.1:" + port;
        CaConfig d = CaConfig.defaults(CA_ID);
        CaConfig config = new CaConfig(CA_ID, "http://" + listen + "/log", listen, MAX_LIFETIME, CHECKPOINT_INTERVAL,
                LANDMARK_INTERVAL, d.storage(), d.poolMaxRequests(), d.maxLogNumber());
        CertificationAuthority.init(dir, config, true, new SecureRandom(), Instant.now());
        CertificationAuthority ca = CertificationAuthority.open(dir, config, CaKeys.load(dir), List.of(),
                Clock.systemUTC());
        PrintStream serverLog = new PrintStream(Files.newOutputStream(dir.resolve("serve.log")), true,
                StandardCharsets.UTF_8);
        CaServer server;
        try {
            server = CaServer.start(ca, RequestPolicy.of(ca.config(), Clock.systemUTC()).checker(), serverLog);
        } catch (RuntimeException e) {
            ca.close();
            throw e;
        }
        out.println("ca: " + dir + " (CA ID " + CA_ID + ", checkpoint every " + CHECKPOINT_INTERVAL.toSeconds()
                + " s, landmark every " + LANDMARK_INTERVAL.toSeconds() + " s; JSON log lines in serve.log)");
        out.println("log: " + server.logUrl());
        out.println("api: " + server.apiUrl());
        out.flush();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- step 2: issue

    private List<IntakeClient.Issued> issue(IntakeClient client) throws Exception {
        StringBuilder body = new StringBuilder("{\"requests\": [");
        List<String> kinds = List.of("dns", "ip");
        List<String> names = List.of(DNS_NAME, IP_ADDRESS);
        for (int i = 0; i < 2; i++) {
            KeyPair kp = newKey(names.get(i));
            body.append(i == 0 ? "" : ", ").append("{\"").append(kinds.get(i)).append("\": [\"").append(names.get(i))
                    .append("\"], \"spki\": \"").append(Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()))
                    .append("\", \"lifetime\": \"7d\"}");
        }
        body.append("]}");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            IntakeClient.Submission s = client.submit(body.toString().getBytes(StandardCharsets.UTF_8));
            if (s instanceof IntakeClient.Accepted a) {
                for (int i = 0; i < a.certificates().size(); i++) {
                    IntakeClient.Issued c = a.certificates().get(i);
                    out.println("issued: " + names.get(i) + " serial " + c.serial() + " (log " + c.log() + ", index "
                            + c.index() + "), acknowledged once in the log");
                }
                return a.certificates();
            }
            if (s instanceof IntakeClient.Refused r) {
                fail("the intake API refused the requests: " + r.field() + ": " + r.error() + ": " + r.detail());
                return List.of();
            }
            Duration retry = ((IntakeClient.Overloaded) s).retryAfter();
            if (Instant.now().plus(retry).isAfter(deadline)) {
                fail("the CA stayed overloaded");
                return List.of();
            }
            Thread.sleep(retry.toMillis());
        }
    }

    /** A P-256 subject key; its private key is saved as {@code <name>.key.pem} (owner-only) for a TLS server. */
    private KeyPair newKey(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Path file = dir.resolve(name.replace(':', '_') + ".key.pem");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
        return kp;
    }

    // ---------------------------------------------------------------- steps 3, 4: fetch

    /** Polls a certificate URL (honouring Retry-After) until it is served, then saves it as {@code <name>.<kind>.pem}. */
    private Optional<byte[]> await(IntakeClient client, URI url, String name, String kind) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(PATIENCE);
        boolean announced = false;
        while (true) {
            IntakeClient.Fetched f = client.fetch(url);
            if (f.status() == 200) {
                Path file = CertificateFiles.save(dir, CertificateFiles.name(f.body()), kind, f.body());
                out.printf(Locale.ROOT, "%s: %s after %.1f s%n", kind, file.getFileName(),
                        Duration.between(start, Instant.now()).toMillis() / 1000.0);
                return Optional.of(f.body());
            }
            if (f.status() != 202) {
                fail("GET " + url + " answered " + f.status());
                return Optional.empty();
            }
            if (!announced && kind.equals(CertificateFiles.LANDMARK)) {
                out.println("landmark: waiting for the next landmark to cover " + name + " (one every "
                        + LANDMARK_INTERVAL.toSeconds() + " s) ...");
                out.flush();
                announced = true;
            }
            if (Instant.now().plus(f.retryAfter()).isAfter(deadline)) {
                fail("no " + kind + " certificate for " + name + " after " + PATIENCE.toSeconds() + " s");
                return Optional.empty();
            }
            Thread.sleep(Math.max(100, Math.min(f.retryAfter().toMillis(), 1000)));
        }
    }

    // ---------------------------------------------------------------- steps 3, 6: verify

    private void verify(MtcVerifier verifier, String host, String kind, byte[] pem) {
        VerificationResult r = verifier.verify(CertificateReader.der(pem), Instant.now(), host);
        if (r.isValid()) {
            out.println("verified: " + host + " " + kind + ": " + r.verdict());
        } else {
            fail("relying party refused the " + kind + " certificate for " + host + ": " + r.verdict());
        }
    }

    // ---------------------------------------------------------------- step 5: trusted subtrees

    /** Draft §"Trusted Subtrees", from the live log: what a relying party's update service does. */
    private Optional<RelyingPartyConfig> trustedSubtrees(CaServer server, RelyingPartyConfig rp) throws IOException {
        int log = server.ca().currentLog();
        LandmarkUpdater updater = LandmarkUpdater.of(rp.cas().get(0), log,
                HttpLogTransport.of(server.logUrl() + "/" + log));
        LandmarkState state;
        try {
            state = updater.updateOnce(Optional.empty());
        } catch (LandmarkUpdateException e) {
            fail("building the trusted subtrees from the log: " + e.getMessage());
            return Optional.empty();
        }
        Path file = dir.resolve(TRUSTED_SUBTREES);
        TrustedSubtreesFile.write(file, List.of(state));
        List<String> ranges = new ArrayList<>();
        state.trustedSubtrees().forEach(t -> ranges.add("[" + t.start() + "," + t.end() + ")"));
        out.println("trusted subtrees: " + ranges.size() + " from the landmarks of log " + log + " "
                + String.join(" ", ranges) + ", each proven consistent with the CA-signed checkpoint -> "
                + TRUSTED_SUBTREES);
        return Optional.of(TrustedSubtreesFile.apply(Files.readAllBytes(file), rp));
    }

    // ---------------------------------------------------------------- step 7: fsck

    private void fsck() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int rc = Main.run(List.of("log", "fsck", dir.resolve("log").toString(), "--ca", dir.resolve("ca.pem").toString()),
                new PrintStream(o, true,
                StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        String report = o.toString(StandardCharsets.UTF_8).strip();
        if (rc == 0) {
            out.println(report.lines().reduce((a, b) -> b).orElse("fsck: ok"));
        } else {
            fail("mtc log fsck " + dir.resolve("log") + ":\n" + report);
        }
    }

    // ---------------------------------------------------------------- step 8: sizes

    private void sizes(Map<String, byte[]> standalone, Map<String, byte[]> landmark) {
        for (String name : standalone.keySet()) {
            int s = CertificateReader.der(standalone.get(name)).length;
            String l = landmark.containsKey(name) ? String.format(Locale.ROOT, "%,d", CertificateReader.der(
                    landmark.get(name)).length) : "-";
            out.printf(Locale.ROOT, "size: %s standalone %,d bytes (ML-DSA-44 CA cosignature), landmark-relative %s"
                    + " bytes (no signature)%n", name, s, l);
        }
    }
}
