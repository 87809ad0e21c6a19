package io.mtc4j.ca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.ca.BenchAccess;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.ca.intake.PolicySettings;
import io.mtc4j.ca.intake.RequestPolicy;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CA's issuance pipeline in certificates per second, with its cost split:
 * <ul>
 *   <li>{@code issuanceRun}: one run of 20,000 requests (already submitted): journal, log append (tiles,
 *       checkpoint, fsync), covering subtrees, CA signatures, 20,000 standalone certificates built and stored.
 *       With 1 s checkpoints the CA sustains {@code min(this, 20,000 per second)} when a run takes under 1 s;</li>
 *   <li>{@code submit}: building and checking the tbs_cert_entry of 1,000 requests (done on the HTTP threads);</li>
 *   <li>{@code intake}: Jackson parse and {@code RequestPolicy.check} of a 1,000-request JSON body with P-256 keys,
 *       as {@code mtc ca load} sends (the HTTP side's CPU, without the network);</li>
 *   <li>floors: {@code hashFloor} (SHA-256 of one entry's SPKI and leaf: the least hashing per certificate) and
 *       {@code signFloor} (one ML-DSA-44 signature; a run makes three).</li>
 * </ul>
 * At the end of the trial the CA's metrics (time in journal, append, certificates) are printed.
 * Run: {@code mvn -q -Pbench -pl mtc-ca -am test-compile exec:exec -Dbench.skipSpec=true
 * -Dbench.args="IssuanceBenchmark -f 1 -wi 2 -i 5"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssuanceBenchmark {
    private static final int RUN = 20_000;
    private static final int BATCH = 1_000;

    private Path dir;
    private CertificationAuthority ca;
    private final List<IssuanceRequest> requests = new ArrayList<>();
    private byte[] body;
    private RequestPolicy policy;
    private final ObjectMapper json = new ObjectMapper();
    private Signer signer;
    private final HashFunction sha256 = HashFunction.sha256();
    private byte[] entry;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "mtc-ca-bench");
        CaConfig c = CaConfig.defaults(TrustAnchorId.parse("32473.1")).withPoolMaxRequests(10 * RUN);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificationAuthority.init(dir.resolve("ca"), c, true, new SecureRandom(), now);
        ca = CertificationAuthority.open(dir.resolve("ca"));
        for (int i = 0; i < RUN; i++) {
            requests.add(BenchAccess.request("host" + i + ".bench.example", now));
        }
        // the intake body as `mtc ca load` sends it: P-256 keys (Ed25519 keys cost a full subgroup check each)
        String spki;
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            spki = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder("{\"requests\": [");
        for (int i = 0; i < BATCH; i++) {
            b.append(i == 0 ? "" : ",").append("{\"dns\": [\"host").append(i).append(".bench.example\"], \"spki\": \"")
                    .append(spki).append("\"}");
        }
        body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        policy = RequestPolicy.of(PolicySettings.of(c.maxLifetime(), Clock.systemUTC()));
        signer = Keys.generate(SignatureAlgorithm.MLDSA44, new SecureRandom(), SigningMode.RANDOMIZED);
        entry = new byte[400];
    }

    @Setup(Level.Invocation)
    public void fill() {
        if (ca.pending() > 5 * RUN) { // submit's iterations: drain, untimed
            BenchAccess.runNow(ca);
        }
        if (ca.pending() == 0) {
            for (int i = 0; i < RUN; i += BATCH) {
                ca.submit(requests.subList(i, i + BATCH));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long issuanceRun() {
        BenchAccess.runNow(ca);
        return ca.treeSize();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object submit() {
        int from = next;
        next = (next + BATCH) % RUN;
        return ca.submit(requests.subList(from, from + BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int intake() throws IOException {
        JsonNode rs = json.readTree(body).get("requests");
        int n = 0;
        for (int i = 0; i < rs.size(); i++) {
            n += policy.check(rs.get(i), "requests[" + i + "]").extensions().length;
        }
        return n;
    }

    @Benchmark
    public byte[] hashFloor() {
        sha256.digest(requests.get(0).subjectPublicKeyInfo());
        return sha256.digest(entry);
    }

    @Benchmark
    public byte[] signFloor() {
        return signer.sign(entry);
    }

    @TearDown(Level.Trial)
    public void teardown() throws IOException {
        System.out.println();
        BenchAccess.metrics(ca).lines().filter(l -> l.startsWith("mtc_ca_") && !l.startsWith("mtc_ca_healthy"))
                .forEach(l -> System.out.println("ca-metrics " + l));
        ca.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
