package io.mtc4j.conformance.cacmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificateStatus;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.conformance.CliRun;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import io.mtc4j.log.witness.DirectoryWitnessStore;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.log.witness.Witness;
import io.mtc4j.log.witness.WitnessConfig;
import io.mtc4j.log.witness.WitnessKeys;
import io.mtc4j.log.witness.WitnessServer;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's Done-when: a CA configured (with {@code mtc ca add-cosigner}) with one mtc4j witness and one mtc4j
 * mirror, all on loopback, issues standalone certificates carrying the CA's, the witness's and the mirror's
 * cosignatures, which {@code mtc verify} accepts under the policy {@code mtc ca rp-config} writes (all three
 * required) and refuses once one signature is stripped. And a witness that is down: the run's standalone
 * certificates wait (the requests are acknowledged) and appear once it is back.
 */
class CaCosignersTest {
    static final TrustAnchorId WITNESS_ID = TrustAnchorId.parse("32473.3");
    static final TrustAnchorId MIRROR_ID = TrustAnchorId.parse("32473.2");
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;
    private final List<AutoCloseable> running = new ArrayList<>();
    private Path caDir;
    private String caVkey;

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private static String[] run(String... args) {
        String[] r = CliRun.run(args);
        assertEquals("0", r[0], String.join(" ", args) + ": " + r[1] + r[2]);
        return r;
    }

    private void initCa() {
        caDir = tmp.resolve("ca");
        run("ca", "init", caDir.toString(), "--checkpoint-interval", "100ms", "--public-url",
                "http://127.0.0.1:8080/log");
        caVkey = run("ca", "vkey", caDir.toString())[1].strip();
        assertEquals(CaKeys.load(caDir).caCosignerVkey(TrustAnchorId.parse("32473.1")), caVkey);
    }

    /** mtc4j's witness, trusting the CA's checkpoint key; closing it closes its store too. */
    private record RunningWitness(WitnessServer server, DirectoryWitnessStore store) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            store.close();
        }
    }

    private RunningWitness witness(String listen) {
        Path dir = tmp.resolve("witness");
        DirectoryWitnessStore store = DirectoryWitnessStore.open(dir);
        WitnessKeys keys = WitnessKeys.loadOrCreate(dir, WITNESS_ID.tlogName(), new SecureRandom());
        RunningWitness w = new RunningWitness(WitnessServer.start(new Witness(TrustedLogs.of(List.of(caVkey)), keys,
                store, () -> System.currentTimeMillis() / 1000), WitnessConfig.defaults().withListen(listen), QUIET),
                store);
        running.add(w);
        return w;
    }

    private List<String> witnessVkeys() {
        return WitnessKeys.loadOrCreate(tmp.resolve("witness"), WITNESS_ID.tlogName(), new SecureRandom()).vkeys();
    }

    /** mtc4j's mirror of the CA's issuance logs; returns its vkeys and URL. */
    private MirrorServer mirror(List<String> vkeysOut) throws Exception {
        Path dir = tmp.resolve("mirror");
        Files.createDirectories(dir);
        MirrorKeys keys = MirrorKeys.loadOrCreate(dir, MIRROR_ID.tlogName(), () -> System.currentTimeMillis() / 1000,
                new SecureRandom());
        NoteVerifier ca = NoteVerifier.fromVkey(caVkey);
        String logs = ca.name() + ".0.";
        Mirror m = Mirror.open(dir, keys, origin -> origin.startsWith(logs) ? List.of(ca) : List.of());
        MirrorServer s = MirrorServer.start(m, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withAccessLog(false), QUIET);
        running.add(m);
        running.add(s);
        vkeysOut.addAll(keys.vkeys());
        return s;
    }

    private void addCosigner(String type, URI url, List<String> vkeys) {
        addCosigner(type, url, vkeys, "30s");
    }

    private void addCosigner(String type, URI url, List<String> vkeys, String timeout) {
        List<String> args = new ArrayList<>(List.of("ca", "add-cosigner", caDir.toString(), "--type", type, "--url",
                url.toString(), "--timeout", timeout));
        for (String k : vkeys) {
            args.add("--key");
            args.add(k);
        }
        String[] r = run(args.toArray(String[]::new));
        assertTrue(r[1].contains("cosigner: "), r[1]);
    }

    private CertificationAuthority serveCa() {
        CertificationAuthority ca = CertificationAuthority.open(caDir, CaConfig.read(caDir).withListen("127.0.0.1:0"),
                CaKeys.load(caDir), List.of(), Clock.systemUTC());
        CaServer server = CaServer.start(ca, ServeCaCommand.checker(ca), QUIET);
        running.add(server);
        return ca;
    }

    private Path request(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        String spki = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "[{\"dns\": [\"" + name + "\"], \"spki\": \"" + spki + "\", \"lifetime\": \"1d\"}]");
        return f;
    }

    private String api() {
        return running.stream().filter(r -> r instanceof CaServer).map(r -> ((CaServer) r).apiUrl().toString())
                .findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            // polling a condition with a bound, never asserting time
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void standaloneCertificatesCarryTheCaWitnessAndMirrorCosignaturesThatVerifyRequiringAllThree() throws Exception {
        initCa();
        RunningWitness w = witness("127.0.0.1:0");
        List<String> mirrorVkeys = new ArrayList<>();
        MirrorServer m = mirror(mirrorVkeys);
        addCosigner("witness", w.server().url(), witnessVkeys());
        addCosigner("mirror", m.url(), mirrorVkeys);
        Path rp = tmp.resolve("rp.json");
        run("ca", "rp-config", caDir.toString(), "--out", rp.toString());
        serveCa();
        Path out = tmp.resolve("out");
        run("ca", "submit", "--api", api(), "--request", request("www.example.test").toString(), "--out",
                out.toString(), "--timeout", "2m");
        Path cert = out.resolve("www.example.test.standalone.pem");
        String[] v = CliRun.run("verify", "--config", rp.toString(), "--host", "www.example.test", cert.toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains(cert + ": valid path=signatures cosigners="), v[1]);
        for (TrustAnchorId id : List.of(TrustAnchorId.parse("32473.1"), MIRROR_ID, WITNESS_ID)) {
            assertTrue(v[1].matches("(?s).*cosigners=\\S*\\b" + Pattern.quote(id.toString()) + "\\b.*"), v[1]);
        }
        MtcCertificate c = MtcCertificate.parse(CertificationAuthority.PROFILE, Pem.decode(Files.readString(cert))
                .der());
        assertEquals(3, c.proof().signatures().size());
        // each one signature stripped: the policy requiring all three refuses the certificate
        for (int drop = 0; drop < 3; drop++) {
            List<SubtreeSignature> fewer = new ArrayList<>(c.proof().signatures());
            TrustAnchorId dropped = fewer.remove(drop).cosignerId();
            MtcProof p = new MtcProof(c.proof().start(), c.proof().end(), c.proof().inclusionProof(), fewer);
            HashFunction h = HashFunction.sha256();
            byte[] der = CertificateBuilder.encodeStandalone(c.logEntry(h), c.subjectPublicKeyInfo(), c.logNumber(),
                    c.index(), p, h);
            Path stripped = tmp.resolve("stripped-" + drop + ".pem");
            Files.writeString(stripped, Pem.encode("CERTIFICATE", der));
            String[] s = CliRun.run("verify", "--config", rp.toString(), "--host", "www.example.test",
                    stripped.toString());
            assertEquals("1", s[0], "without " + dropped + ": " + s[1] + s[2]);
            assertTrue(s[1].contains(stripped + ": invalid"), s[1]);
        }
    }

    @Test
    void aWitnessThatIsDownDelaysTheRunsStandaloneCertificatesUntilItIsBack() throws Exception {
        initCa();
        RunningWitness w = witness("127.0.0.1:0");
        URI url = w.server().url();
        addCosigner("witness", url, witnessVkeys());
        Path rp = tmp.resolve("rp.json");
        run("ca", "rp-config", caDir.toString(), "--out", rp.toString());
        CertificationAuthority ca = serveCa();
        Path out = tmp.resolve("out");
        run("ca", "submit", "--api", api(), "--request", request("up.example.test").toString(), "--out",
                out.toString(), "--timeout", "2m");
        w.close();
        running.remove(w);
        // down: the request is acknowledged (its serial printed), its standalone certificate waits
        CompletableFuture<String[]> submit = CompletableFuture.supplyAsync(() -> CliRun.run("ca", "submit", "--api",
                api(), "--request", uncheck(() -> request("down.example.test")).toString(), "--out", out.toString(),
                "--timeout", "2m"));
        await(() -> ca.waitingRuns() > 0, "the run waits for the witness");
        BigInteger serial = BigInteger.ONE.shiftLeft(48).add(BigInteger.ONE);
        assertEquals(CertificateStatus.State.PENDING, ca.standalone(serial).state());
        assertTrue(!submit.isDone(), "the standalone certificate cannot exist without the witness");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> pending = http.send(java.net.http.HttpRequest.newBuilder(URI.create(api()
                + "/v1/certificates/" + serial + "/standalone")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, pending.statusCode(), pending.body());
        java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(URI.create(api()
                + "/healthz")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "waiting runs are no failure: " + health.body());
        assertTrue(health.body().matches("(?s).*\"waitingRuns\":[1-9].*"), health.body());
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(URI.create(api() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.matches("(?s).*\nmtc_ca_standalone_waiting_runs [1-9].*"), metrics);
        // back on its address: a later run issues the waiting certificates
        witness(url.getHost() + ":" + url.getPort());
        String[] r = submit.get(3, TimeUnit.MINUTES);
        assertEquals("0", r[0], r[1] + r[2]);
        Matcher sm = Pattern.compile("serial: ([0-9]+) ").matcher(r[1]);
        assertTrue(sm.find(), r[1]);
        assertEquals(serial.toString(), sm.group(1));
        await(() -> ca.waitingRuns() == 0, "no run waits");
        Path cert = out.resolve("down.example.test.standalone.pem");
        String[] v = CliRun.run("verify", "--config", rp.toString(), "--host", "down.example.test", cert.toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains(WITNESS_ID.toString()), v[1]);
    }

    /**
     * A witness host that hangs: it accepts connections on loopback and never answers (as a dead host often looks).
     * Closing it drops every connection, so a client waiting on one gets an error at once.
     */
    private static final class HangingHost implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        HangingHost() throws java.io.IOException {
            server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "hanging-witness");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        int connections() {
            return held.size();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join();
            synchronized (held) {
                for (java.net.Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aWitnessThatHangsDelaysOnlyTheStandaloneCertificatesNotTheAcknowledgements() throws Exception {
        initCa();
        HangingHost hanging = new HangingHost();
        running.add(hanging);
        URI url = hanging.url();
        // a long time-out: only the hang, not the time-out, may end the wait
        addCosigner("witness", url, witnessVkeys(), "1h");
        Path rp = tmp.resolve("rp.json");
        run("ca", "rp-config", caDir.toString(), "--out", rp.toString());
        CertificationAuthority ca = serveCa();
        Path out = tmp.resolve("out");
        List<CompletableFuture<String[]>> submits = new ArrayList<>();
        submits.add(CompletableFuture.supplyAsync(() -> CliRun.run("ca", "submit", "--api", api(), "--request",
                uncheck(() -> request("first.example.test")).toString(), "--out", out.toString(), "--timeout", "3m")));
        // the first run's standalone stage is now waiting on the witness, which never answers
        await(() -> ca.treeSize() == 1 && hanging.connections() > 0, "the stage asks the hanging witness");
        // intake goes on: the second request is appended and acknowledged, its run queued behind the stage
        submits.add(CompletableFuture.supplyAsync(() -> CliRun.run("ca", "submit", "--api", api(), "--request",
                uncheck(() -> request("second.example.test")).toString(), "--out", out.toString(), "--timeout",
                "3m")));
        await(() -> ca.treeSize() == 2 && ca.queuedRuns() == 1, "the second run is acknowledged and queued");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 2; i++) {
            java.net.http.HttpResponse<String> pending = http.send(java.net.http.HttpRequest.newBuilder(URI.create(
                    api() + "/v1/certificates/" + BigInteger.ONE.shiftLeft(48).add(BigInteger.valueOf(i))
                    + "/standalone")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(202, pending.statusCode(), pending.body());
        }
        java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(URI.create(api()
                + "/healthz")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"queuedRuns\":1"), health.body());
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(URI.create(api() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\nmtc_ca_standalone_queued_runs 1\n"), metrics);
        assertTrue(submits.stream().noneMatch(CompletableFuture::isDone), "no standalone certificate without the"
                + " witness");
        // the host drops its connections (the stage's wait ends: the runs wait), then a real witness takes its port
        hanging.close();
        running.remove(hanging);
        witness(url.getHost() + ":" + url.getPort());
        for (CompletableFuture<String[]> f : submits) {
            String[] r = f.get(3, TimeUnit.MINUTES);
            assertEquals("0", r[0], r[1] + r[2]);
        }
        await(() -> ca.waitingRuns() == 0 && ca.queuedRuns() == 0, "no run waits");
        for (String host : List.of("first.example.test", "second.example.test")) {
            Path cert = out.resolve(host + ".standalone.pem");
            String[] v = CliRun.run("verify", "--config", rp.toString(), "--host", host, cert.toString());
            assertEquals("0", v[0], v[1] + v[2]);
            assertTrue(v[1].contains(WITNESS_ID.toString()), v[1]);
        }
    }

    private interface Failable<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Failable<T> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
