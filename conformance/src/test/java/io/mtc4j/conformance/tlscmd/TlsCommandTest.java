package io.mtc4j.conformance.tlscmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.subtrees.ActiveLandmarks;
import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import io.mtc4j.spec.tai.CertificatePropertyList;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc tls serve} and {@code mtc tls connect} over loopback: a certificate directory with a standalone and a
 * landmark-relative MTC for one P-256 key (a null entry and the leaf, landmark 1 = [0, 2)), and the trusted
 * subtrees file the client and the server read.
 */
class TlsCommandTest {
    static final Profile PROFILE = Profile.current();
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final HashFunction H = HashFunction.sha256();

    @TempDir
    Path tmp;

    private Path setUp(Path dir) throws Exception {
        return writeCertDir(tmp, dir);
    }

    /**
     * Writes DIR (a standalone and a landmark-relative certificate for localhost, its key, trusted-subtrees.json) and
     * TMP/ca.pem; returns the trusted subtrees file.
     */
    static Path writeCertDir(Path tmp, Path dir) throws Exception {
        Files.createDirectories(dir);
        SubtreeSigner ca = new SubtreeSigner(CA, Keys.generate(SignatureAlgorithm.MLDSA44,
                new java.security.SecureRandom(new byte[] {4}), SigningMode.DETERMINISTIC));
        MtcCertificationAuthority auth = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ZERO, BigInteger.TWO.shiftLeft(48).subtract(BigInteger.ONE));
        Files.writeString(tmp.resolve("ca.pem"), Pem.encode("CERTIFICATE", CaCertificate.buildUnsigned(PROFILE,
                CaIdName.experimental(CA), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-12-31T23:59:59Z"), ca.signer().publicKeySpki(), auth, true, Optional.empty())
                .encoded()));

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Files.writeString(dir.resolve("leaf.key"), Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()));
        Instant nb = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        MtcLogEntry leaf = MtcLogEntry.tbsCertEntry(PROFILE, List.of(), TbsCertificateLogEntry.fromTbsCertificate(
                SizesCommand.tbs(key, nb), H, PROFILE));
        MemoryTree tree = new MemoryTree(H);
        tree.appendEntry(MtcLogEntry.nullEntry(PROFILE).encode());
        tree.appendEntry(leaf.encode());
        // landmark 1 = [0, 2): its covering subtrees (draft §"Landmark Tree Sizes"); the leaf is in the one holding 1
        List<Subtree> covering = io.mtc4j.spec.merkle.Covering.coveringSubtrees(0, 2);
        Subtree s = covering.stream().filter(x -> x.contains(1)).findFirst().orElseThrow();
        byte[] hash = SubtreeProofs.subtreeHash(tree, s);
        List<byte[]> inclusion = SubtreeProofs.inclusionProof(tree, s, 1);
        byte[] sig = ca.signSubtree(PROFILE, CA.logId(1), s.start(), s.end(), hash);
        byte[] spki = key.getPublic().getEncoded();
        Files.writeString(dir.resolve("localhost.standalone.pem"), Pem.encode("CERTIFICATE", CertificateBuilder
                .standalone(leaf, spki, 1, 1, new MtcProof(List.of(), s.start(), s.end(), inclusion,
                        List.of(new SubtreeSignature(CA, sig))), H).encoded()));
        Files.writeString(dir.resolve("localhost.landmark.pem"), Pem.encode("CERTIFICATE", CertificateBuilder
                .landmarkRelative(leaf, spki, 1, 1, new MtcProof(List.of(), s.start(), s.end(), inclusion, List.of()), H)
                .encoded()));

        LandmarkList landmarks = LandmarkList.parse("1 1\n2\n0\n");
        ActiveLandmarks window = ActiveLandmarks.empty(CA, 1, 3).update(new TrustedSubtreeValidator.Outcome(
                Optional.empty(), List.of(new TrustedSubtreeValidator.LandmarkSubtrees(1,
                        covering.stream().map(x -> new TrustedSubtree(1, x.start(), x.end(),
                                SubtreeProofs.subtreeHash(tree, x))).toList())), List.of(), List.of()));
        Path ts = dir.resolve("trusted-subtrees.json");
        TrustedSubtreesFile.write(ts, List.of(new LandmarkState(CA, 1, OptionalLong.of(3),
                new TrustedSubtreeValidator.Checkpoint(2, tree.rootHash()), landmarks, window, Instant.now())));
        return ts;
    }

    /**
     * draft §"Timestamped Landmark Groups" through the commands: the server's certificate files carry their group
     * inclusions (TAI §6.4 CERTIFICATE PROPERTIES: the landmark-relative one from version V0, the standalone one
     * always); a client without landmark 1 that sends version V0 gets the landmark-relative certificate, cannot
     * verify it and retries with the CA ID (TAI §4.3); one sending V0 - 1 gets the standalone one at once; an
     * up-to-date client sends the version of its last update and verifies the landmark-relative one.
     */
    @Test
    void aTimestampedGroupVersionAndTheRetry() throws Exception {
        Path dir = tmp.resolve("certs");
        Path ts = setUp(dir);
        TrustAnchorId base = TrustAnchorId.parse("32473.3");
        long v0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() / 3600;
        prepend(dir.resolve("localhost.landmark.pem"), CertificatePropertyList.of(CA.landmarkId(1, 1),
                List.of(new TrustAnchorRange(base, v0, TrustAnchorRange.UNBOUNDED)), false));
        prepend(dir.resolve("localhost.standalone.pem"), CertificatePropertyList.of(CA,
                List.of(new TrustAnchorRange(base, 0, TrustAnchorRange.UNBOUNDED)), false));
        String ca = tmp.resolve("ca.pem").toString();
        List<String> r = CertDirServing.serveAndConnect(dir, List.of(
                List.of("--ca", ca, "--timestamped-group", "32473.3", "--group-version", Long.toString(v0)),
                List.of("--ca", ca, "--timestamped-group", "32473.3", "--group-version", Long.toString(v0 - 1)),
                List.of("--ca", ca, "--trusted-subtrees", ts.toString(), "--no-landmarks", "--timestamped-group",
                        "32473.3")));
        String behind = r.get(0);
        assertTrue(behind.startsWith("0\ngroup: 32473.3." + v0 + " (--group-version)\n"), behind);
        assertTrue(behind.contains("certificate: standalone\nretried: yes\nverified: yes\n"), behind);
        assertTrue(behind.contains("requested: 32473.1\n"), behind);
        assertTrue(behind.contains("available: 32473.1.1.1.1,32473.1\n"), behind);
        String older = r.get(1);
        assertTrue(older.contains("certificate: standalone\nretried: no\nverified: yes\n"), older);
        String current = r.get(2);
        long v = TrustedSubtreesFile.readStates(Files.readAllBytes(ts)).get(0).updatedAt().getEpochSecond() / 3600;
        assertTrue(current.startsWith("0\ngroup: 32473.3." + v + " (trusted subtrees up to date for every member"),
                current);
        assertTrue(current.contains("certificate: landmark-relative\nretried: no\nverified: yes\n"), current);
        assertTrue(current.contains("requested: 32473.1,32473.3." + v + "\n"), current);
        // (the server's line for the refused first handshake is printed after the client has gone: not asserted here;
        // TrustAnchorsTlsTest checks the server's reason once it is recorded)
    }

    private static void prepend(Path pem, CertificatePropertyList p) throws Exception {
        Files.writeString(pem, Pem.encode(CertificateChainWithProperties.PROPERTIES_LABEL, p.encode())
                + Files.readString(pem));
    }

    @Test
    void serveAndConnectNegotiateTheCertificate() throws Exception {
        Path dir = tmp.resolve("certs");
        Path ts = setUp(dir);
        String ca = tmp.resolve("ca.pem").toString();
        List<String> r = CertDirServing.serveAndConnect(dir, List.of(
                List.of("--ca", ca, "--trusted-subtrees", ts.toString(), "--host", "localhost"),
                List.of("--ca", ca, "--trusted-subtrees", ts.toString(), "--no-landmarks"),
                List.of("--ca", ca),
                // a client whose host name the certificate does not cover refuses it
                List.of("--ca", ca, "--host", "other.example")));
        String up = r.get(0);
        assertTrue(up.startsWith("0\n"), up);
        assertTrue(up.contains("certificate: landmark-relative\nretried: no\nverified: yes\n"), up);
        assertTrue(up.contains("requested: 32473.1,32473.1.2.1.1\n"), up);
        assertTrue(up.contains("available: 32473.1.1.1.1,32473.1\n"), up);
        String none = r.get(1);
        assertTrue(none.startsWith("0\n"), none);
        assertTrue(none.contains("certificate: standalone\nretried: no\nverified: yes\n"), none);
        String plain = r.get(2);
        assertTrue(plain.startsWith("0\n"), plain);
        assertTrue(plain.contains("certificate: standalone\n"), plain);
        String wrong = r.get(3);
        assertTrue(wrong.startsWith("1\n"), wrong);
        assertTrue(wrong.contains("verified: no\n"), wrong);
        String log = r.get(4);
        assertTrue(log.startsWith("tls: 127.0.0.1:"), log);
        assertTrue(log.contains("served: landmark-relative matched: yes"), log);
        assertTrue(log.contains("served: standalone matched: yes"), log);
    }
}
