package io.mtc4j.log.sequencer;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A test CA for sequencer tests, the kill -9 harness and the benchmarks: its ID, its ML-DSA-44 CA cosigner and
 * an Ed25519 log key (keys drawn from a seeded generator, so a child JVM can rebuild the same CA), and
 * realistic MTCLogEntry values of about 400 bytes.
 */
public final class TestCa {
    public static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    public static final int LOG_NUMBER = 1;
    public static final Profile PROFILE = Profile.current();

    private final NoteSigner cosigner;
    private final NoteSigner logKey;

    /** A CA whose keys come from {@code seed}. */
    public TestCa(long seed) {
        SecureRandom rnd = seeded(seed);
        this.cosigner = NoteSigner.mlDsa44Cosigner(CA_ID.tlogName(),
                Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.RANDOMIZED), () -> 0);
        this.logKey = NoteSigner.ed25519("log.example/32473.1/1",
                Keys.generate(SignatureAlgorithm.ED25519, rnd, SigningMode.RANDOMIZED));
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sequencer configuration: CA cosigner and Ed25519 log signature. */
    public SequencerConfig config() {
        return new SequencerConfig(CA_ID, LOG_NUMBER, PROFILE, List.of(cosigner, logKey));
    }

    /** Verifiers of both checkpoint signatures. */
    public List<NoteVerifier> verifiers() {
        return List.of(cosigner.verifier(), logKey.verifier());
    }

    /** The CA cosigner. */
    public NoteSigner cosigner() {
        return cosigner;
    }

    /** A tbs_cert_entry of about 400 bytes, a function of {@code rnd}. */
    public static byte[] entry(Random rnd) {
        Instant nb = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(100_000_000));
        byte[] cn = ("www" + rnd.nextInt(1_000_000) + ".example.com").getBytes(StandardCharsets.US_ASCII);
        byte[] subject = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.tlv(Der.UTF8_STRING, cn))));
        List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add(Der.tlv(0x82, ("host-" + i + "-" + rnd.nextInt(1_000_000_000) + ".example.com")
                    .getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] san = X509Der.extension("2.5.29.17", false, Der.sequence(names.toArray(new byte[0][])));
        byte[] ku = X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80}));
        byte[] spkiHash = new byte[32];
        rnd.nextBytes(spkiHash);
        TbsCertificateLogEntry tbs = new TbsCertificateLogEntry(
                Optional.of(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO))),
                new CaIdName(CA_ID, CaIdName.Form.EXPERIMENTAL).encode(), X509Der.validity(nb, nb.plusSeconds(604_800)),
                subject, Optional.of(Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.oid("1.2.840.10045.3.1.7"))),
                spkiHash, Optional.empty(), Optional.empty(),
                Optional.of(Der.tlv(Der.explicit(3), Der.sequence(san, ku))));
        return MtcLogEntry.tbsCertEntry(PROFILE, List.of(), tbs).encode();
    }

    /** {@code n} entries from {@code rnd}. */
    public static List<byte[]> entries(Random rnd, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(entry(rnd));
        }
        return out;
    }
}
