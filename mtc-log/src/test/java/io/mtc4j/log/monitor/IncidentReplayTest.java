package io.mtc4j.log.monitor;

import static io.mtc4j.log.monitor.TestEntries.ip;
import static io.mtc4j.log.monitor.TestEntries.key;
import static io.mtc4j.log.monitor.TestEntries.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1.1.1.1 incident, replayed: a log of 100,000 entries written by mtc-log's Sequencer holds the resolver's
 * authorized certificates (its names and addresses under its two keys, one configured as a hash, one as a PEM
 * file) and, among them, the unauthorized ones of the incident. The monitor raises exactly the unauthorized ones,
 * no false alert, and every evidence bundle verifies against the pinned CA certificate.
 */
class IncidentReplayTest {
    private static final int SIZE = 100_000;

    @Test
    void exactlyTheUnauthorizedCertificatesAlert(@TempDir Path tmp) throws Exception {
        Signer second = Keys.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom(new byte[] {5}),
                SigningMode.DETERMINISTIC);
        byte[] secondHash = MessageDigest.getInstance("SHA-256").digest(second.publicKeySpki());
        byte[] first = key("resolver-key");
        List<byte[]> authorized = List.of(
                spec().dns("one.one.one.one").key(first).encode(),
                spec().dns("cloudflare-dns.com", "*.cloudflare-dns.com").key(first).encode(),
                spec().ips(ip("1.1.1.1"), ip("1.0.0.1")).key(first).encode(),
                spec().cn("1.1.1.1").ips(ip("1.1.1.1")).key(secondHash).encode(),
                spec().ips(ip("2606:4700:4700::1111"), ip("2606:4700:4700::1001")).key(secondHash).encode(),
                spec().dns("one.one.one.one").ips(ip("::ffff:1.1.1.1")).key(secondHash).encode());
        byte[] finatest = key("finatest");
        Map<String, byte[]> unauthorized = Map.of(
                "CN=1.1.1.1", spec().cn("1.1.1.1").key(finatest).encode(),
                "DNS:testssl.finatest.hr, IP:1.1.1.1", spec().dns("testssl.finatest.hr").ips(ip("1.1.1.1"))
                        .key(finatest).encode(),
                "IP:::ffff:1.1.1.1", spec().ips(ip("::ffff:1.1.1.1")).key(finatest).encode(),
                "IP:2606:4700:4700::64", spec().ips(ip("2606:4700:4700::64")).key(finatest).encode(),
                "DNS:*.one.one.one", spec().dns("*.one.one.one").key(finatest).encode(),
                "DNS:1.0.0.1", spec().dns("1.0.0.1").key(finatest).encode());
        List<byte[]> decoys = List.of(
                spec().ips(ip("1.1.1.2"), ip("2606:4700:4701::1111"), ip("8.8.8.8")).key(finatest).encode(),
                spec().dns("one.one.one.one.example.com", "xone.one.one.one", "*.one.one").key(finatest).encode(),
                spec().cn("01.1.1.1").dns("1.1.1.1.example").key(finatest).encode(),
                spec().cn("one.one.one.one.").key(first).encode());
        // cheap filler: 1,000 distinct entries, cycled
        List<byte[]> filler = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            filler.add(spec().dns("www" + i + ".example.com", "mail" + i + ".example.net").ips(new byte[] {10, 0,
                    (byte) (i >> 8), (byte) i}).key(key("k" + i)).encode());
        }
        Random r = new Random(1111);
        byte[][] log = new byte[SIZE][];
        log[0] = MtcLogEntry.nullEntry(TestEntries.PROFILE).encode();
        TreeSet<String> expected = new TreeSet<>();
        Map<String, String> what = new HashMap<>();
        int authorizedPlaced = 0;
        for (int copy = 0; copy < 3; copy++) {
            for (byte[] a : authorized) {
                log[freeSlot(log, r)] = a;
                authorizedPlaced++;
            }
            for (byte[] d : decoys) {
                log[freeSlot(log, r)] = d;
            }
            for (Map.Entry<String, byte[]> u : unauthorized.entrySet()) {
                int at = freeSlot(log, r);
                log[at] = u.getValue();
                expected.add("resolver 1:" + at);
                what.put("resolver 1:" + at, u.getKey());
            }
        }
        for (int i = 0; i < SIZE; i++) {
            if (log[i] == null) {
                log[i] = filler.get(i % filler.size());
            }
        }
        Files.writeString(tmp.resolve("resolver-2.pem"), Pem.encode("PUBLIC KEY", second.publicKeySpki()));
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            for (int i = 0; i < SIZE; i += 10_000) {
                fx.append(1, List.of(log).subList(i, Math.min(SIZE, i + 10_000)));
            }
            Path config = fx.config("\"dir\": \"store\"",
                    "[{\"name\": \"resolver\", \"dns\": [\"one.one.one.one\", \"cloudflare-dns.com\"],"
                    + " \"ip\": [\"1.1.1.1\", \"1.0.0.1\", \"2606:4700:4700::/48\"], \"authorizedKeys\": [\""
                    + HexFormat.of().formatHex(first) + "\", \"resolver-2.pem\"]}]", "");
            List<Alert> seen = new ArrayList<>();
            AtomicLong authorizedSeen = new AtomicLong();
            MonitorListener counting = new MonitorListener() {
                @Override
                public void authorized(int logNumber, long index, Finding f) {
                    authorizedSeen.incrementAndGet();
                }
            };
            try (Monitor m = Monitor.open(MonitorConfig.read(config), counting, List.of((a, e) -> seen.add(a)),
                    Duration.ofSeconds(10))) {
                Monitor.Pass p = m.runOnce();
                assertEquals(SIZE, p.entries());
                assertEquals(List.of(), p.errors());
            }
            TreeSet<String> got = new TreeSet<>(MonitorTest.ids(seen));
            assertEquals(expected, got, "missed: " + diff(expected, got, what) + "; false: " + diff(got, expected, what));
            assertEquals(authorizedPlaced + 3, authorizedSeen.get()); // the decoy CN "one.one.one.one." is authorized
            byte[] ca = Files.readAllBytes(fx.caPem);
            for (Alert a : seen) {
                EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(
                        a.evidence()))), Optional.of(ca), TestEntries.PROFILE);
                assertTrue(v.summary().startsWith("entry " + a.logNumber() + ":" + a.index() + " "), v.summary());
            }
        }
    }

    private static int freeSlot(byte[][] log, Random r) {
        while (true) {
            int i = 1 + r.nextInt(log.length - 1);
            if (log[i] == null) {
                return i;
            }
        }
    }

    private static List<String> diff(TreeSet<String> a, TreeSet<String> b, Map<String, String> what) {
        List<String> out = new ArrayList<>();
        for (String x : a) {
            if (!b.contains(x)) {
                out.add(x + " (" + what.getOrDefault(x, "?") + ")");
            }
        }
        return out;
    }
}
