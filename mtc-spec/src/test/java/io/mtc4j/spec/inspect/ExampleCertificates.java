package io.mtc4j.spec.inspect;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Generates the files in {@code examples/} with mtc4j's own code and fixed keys, deterministically: a CA
 * (32473.1, the RFC 5612 documentation PEN) with an ML-DSA-44 CA cosigner, log 1 holding ten entries, a
 * standalone certificate for entry 5 signed by the CA cosigner over the covering subtree of checkpoint 4 → 10,
 * and a landmark-relative certificate for entry 5 relative to landmark 1 (tree size 10).
 */
final class ExampleCertificates {
    static final Profile PROFILE = Profile.PLANTS_05;
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final int LOG = 1;
    static final long INDEX = 5;
    static final HashFunction H = HashFunction.sha256();

    private ExampleCertificates() {}

    /** P-256 SubjectPublicKeyInfo for the fixed private scalar d (the example server key). */
    static byte[] p256Spki(BigInteger d) throws Exception {
        X9ECParameters x9 = ECNamedCurveTable.getByName("P-256");
        byte[] q = x9.getG().multiply(d).normalize().getEncoded(false);
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1), q).getEncoded(ASN1Encoding.DER);
    }

    static byte[] host(String dns) {
        return Der.tlv(Der.explicit(3), Der.sequence(
                X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                X509Der.extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))),
                // RFC 5280 §4.2.1.6: with an empty subject, subjectAltName MUST be critical
                X509Der.extension("2.5.29.17", true,
                        Der.sequence(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))))));
    }

    /** file name → contents. */
    static Map<String, byte[]> generate() throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (0xa0 + i);
        }
        SubtreeSigner caCosigner = new SubtreeSigner(CA_ID, Keys.signer(SignatureAlgorithm.MLDSA44,
                Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed), SigningMode.DETERMINISTIC));
        byte[] caId = CaIdName.experimental(CA_ID).encode();
        Instant nb = Instant.parse("2026-09-01T00:00:00Z");
        // valid for years, so the README's commands need no --time; within the CA certificate's validity
        Instant na = Instant.parse("2045-09-01T00:00:00Z");
        List<byte[]> keys = new ArrayList<>();
        List<MtcLogEntry> entries = new ArrayList<>();
        MemoryTree tree = new MemoryTree(H);
        for (int i = 0; i < 10; i++) {
            MtcLogEntry e;
            if (i == 0) {
                e = MtcLogEntry.nullEntry(PROFILE);
                keys.add(new byte[0]);
            } else {
                byte[] spki = p256Spki(BigInteger.valueOf(1_000_003L * (i + 1)));
                keys.add(spki);
                TbsCertificateLogEntry t = new TbsCertificateLogEntry(
                        Optional.of(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO))), caId,
                        X509Der.validity(nb, na), Der.sequence(), Optional.of(Der.sequence(
                                Der.oid("1.2.840.10045.2.1"), Der.oid("1.2.840.10045.3.1.7"))),
                        H.digest(spki), Optional.empty(), Optional.empty(),
                        Optional.of(host(i == INDEX ? "www.example.com" : "host" + i + ".example.com")));
                e = MtcLogEntry.tbsCertEntry(PROFILE, List.of(), t);
            }
            entries.add(e);
            tree.appendEntry(e.encode());
        }
        MtcLogEntry entry = entries.get((int) INDEX);
        byte[] spki = keys.get((int) INDEX);
        // landmark-relative: landmark 1 = tree size 10, subtrees cover(0, 10) (draft §"Constructing
        // Landmark-Relative Certificates")
        Subtree landmark = pick(Covering.coveringSubtrees(0, 10), INDEX);
        MtcCertificate lr = CertificateBuilder.landmarkRelative(entry, spki, LOG, INDEX,
                new MtcProof(landmark.start(), landmark.end(), SubtreeProofs.inclusionProof(tree, landmark, INDEX),
                        List.of()), H);
        // standalone: previous checkpoint 4, new checkpoint 10 (draft §"Standalone Certificates" steps 2-6)
        Subtree covering = pick(Covering.coveringSubtrees(4, 10), INDEX);
        byte[] subtreeHash = SubtreeProofs.subtreeHash(tree, covering);
        byte[] sig = caCosigner.signSubtree(PROFILE, CA_ID.logId(LOG), covering.start(), covering.end(), subtreeHash);
        MtcCertificate sa = CertificateBuilder.standalone(entry, spki, LOG, INDEX,
                new MtcProof(covering.start(), covering.end(), SubtreeProofs.inclusionProof(tree, covering, INDEX),
                        List.of(new SubtreeSignature(CA_ID, sig))), H);
        MtcCertificationAuthority authority = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), BigInteger.ONE.shiftLeft(49).subtract(BigInteger.ONE));
        CaCertificate ca = CaCertificate.buildUnsigned(PROFILE, CaIdName.experimental(CA_ID),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2046-01-01T00:00:00Z"),
                caCosigner.signer().publicKeySpki(), authority, true, Optional.of("https://ca.example/mtc"));
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("standalone.pem", Pem.encode("CERTIFICATE", sa.encoded()).getBytes(StandardCharsets.US_ASCII));
        out.put("landmark-relative.pem", Pem.encode("CERTIFICATE", lr.encoded()).getBytes(StandardCharsets.US_ASCII));
        out.put("ca.pem", Pem.encode("CERTIFICATE", ca.encoded()).getBytes(StandardCharsets.US_ASCII));
        out.put("entry-5.bin", entry.encode());
        // What a relying party is given for landmark 1 (draft §"Publishing Landmarks", §"Trusted Subtrees"):
        // the landmark list and, as an update service would ship them, the landmark's subtrees with their hashes.
        out.put("landmarks", "1 1\n10\n0\n".getBytes(StandardCharsets.US_ASCII));
        List<Subtree> landmarkSubtrees = Covering.coveringSubtrees(0, 10);
        List<String> subtrees = new ArrayList<>();
        for (Subtree s : landmarkSubtrees) {
            subtrees.add("{\"log\": " + LOG + ", \"start\": " + s.start() + ", \"end\": " + s.end()
                    + ", \"hash\": \"" + HexFormat.of().formatHex(SubtreeProofs.subtreeHash(tree, s)) + "\"}");
        }
        StringBuilder json = new StringBuilder("{\"trusted_subtrees\": [");
        for (int i = 0; i < subtrees.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append("  {\"ca_id\": \"").append(CA_ID).append("\", ")
                    .append(subtrees.get(i).substring(1));
        }
        json.append("\n]}\n");
        out.put("trusted-subtrees.json", json.toString().getBytes(StandardCharsets.US_ASCII));
        // A relying-party configuration for mtc verify --config (README "Configure a relying party"): the CA from
        // its certificate, the policy "the CA cosigner", and landmark 1's subtrees.
        String rp = "{\n  \"cas\": [\n    {\n      \"ca_certificate\": \"ca.pem\",\n      \"profile\": \""
                + PROFILE.wireName() + "\",\n      \"policy\": {\"cosigner\": \"ca\"},\n      \"trusted_subtrees\": [\n        "
                + String.join(",\n        ", subtrees) + "\n      ]\n    }\n  ]\n}\n";
        out.put("rp.json", rp.getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    private static Subtree pick(List<Subtree> subtrees, long index) {
        return subtrees.stream().filter(s -> s.contains(index)).findFirst().orElseThrow();
    }
}
