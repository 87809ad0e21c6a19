package io.mtc4j.conformance.quickstart;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.intake.RequestPolicy;
import io.mtc4j.ca.RequestChecker;
import io.mtc4j.ca.acme.AcmeHandler;
import io.mtc4j.ca.acme.AcmeSettings;
import io.mtc4j.conformance.acmecmd.Certonly;
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
import java.net.InetSocketAddress;
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
 * (mtc-ca, embedded storage, short checkpoint and landmark intervals) with its ACME server; (2) obtain one certificate
 * for a DNS name and one for an IP address over ACME ({@link Certonly}, as {@code mtc acme certonly}: account,
 * order, http-01 answered by the tour on loopback, finalize through the CA's real policy, the standalone certificate
 * as application/pem-certificate-chain-with-properties); (3) verify the standalone certificates as a relying party
 * ({@link MtcVerifier}, the CA cosigner's signature, draft §"Verifying Certificate Signatures"); (4) fetch the
 * landmark-relative certificates from the acme-optional-alternate once the landmark exists; (5) build the trusted
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
    private int http01Port;

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
            URI acme = AcmeHandler.directoryUrl(server.apiUrl());
            RelyingPartyConfig rp = RelyingPartyConfig.of(CaCertificates.read(dir.resolve("ca.pem"), Profile.current()));
            List<String> names = List.of(DNS_NAME, IP_ADDRESS);
            List<String> kinds = List.of("dns", "ip");
            Map<String, Certonly> clients = new LinkedHashMap<>();
            Map<String, Certonly.Result> results = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Certonly c = new Certonly(acme, List.of(new Certonly.Identifier(kinds.get(i), names.get(i))),
                        http01Port, dir, out);
                Certonly.Result r;
                try {
                    r = c.run(Duration.ZERO);
                } catch (IOException | RuntimeException e) {
                    return fail("ACME issuance for " + names.get(i) + ": " + e.getMessage());
                }
                clients.put(names.get(i), c);
                results.put(names.get(i), r);
                byte[] pem = Files.readAllBytes(r.standalone());
                standalone.put(names.get(i), pem);
                verify(new MtcVerifier(rp), names.get(i), "standalone", pem);
            }
            if (results.values().stream().anyMatch(r -> r.landmark().isEmpty())) {
                out.println("landmark: waiting for the next landmark (one every " + LANDMARK_INTERVAL.toSeconds()
                        + " s), then fetching the acme-optional-alternate ...");
                out.flush();
            }
            for (String name : names) {
                Certonly.Result r = results.get(name);
                Optional<Path> file = r.landmark().isPresent() ? r.landmark() : clients.get(name).alternate(r,
                        PATIENCE);
                if (file.isEmpty()) {
                    fail("no landmark-relative certificate for " + name + " after " + PATIENCE.toSeconds() + " s");
                } else {
                    landmark.put(name, Files.readAllBytes(file.get()));
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
                    + dir.resolve(TRUSTED_SUBTREES) + " --host " + DNS_NAME + " " + dir.resolve(DNS_NAME) + ".{standalone,landmark}.pem");
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
        http01Port = freePort();
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
            // --acme-resolve for the two names: validation connects to this tour's own http-01 responder
            InetSocketAddress at = InetSocketAddress.createUnresolved("127.0.0.1", http01Port);
            RequestChecker checker = RequestPolicy.of(ca.config(), Clock.systemUTC()).checker();
            server = CaServer.start(ca, checker, serverLog, AcmeHandler.open(ca, checker, new AcmeSettings(Map.of(
                    DNS_NAME, at, IP_ADDRESS, at))));
        } catch (RuntimeException e) {
            ca.close();
            throw e;
        }
        out.println("ca: " + dir + " (CA ID " + CA_ID + ", checkpoint every " + CHECKPOINT_INTERVAL.toSeconds()
                + " s, landmark every " + LANDMARK_INTERVAL.toSeconds() + " s; JSON log lines in serve.log)");
        out.println("log: " + server.logUrl());
        out.println("api: " + server.apiUrl());
        out.println("acme: " + AcmeHandler.directoryUrl(server.apiUrl()) + " (http-01 answered on 127.0.0.1:"
                + http01Port + ")");
        out.flush();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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
