package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.EntryHash;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** parse(format(x)) == x and format(parse(b)) == b for every structure and every profile. */
class CodecProperties {
    @Property(tries = 300)
    void mtcProofRoundTrips(@ForAll long seed, @ForAll Profile profile) {
        Random rnd = new Random(seed);
        MtcProof p = Samples.proof(rnd, profile, Samples.extensions(rnd, profile), rnd.nextBoolean());
        byte[] b = p.encode(profile);
        MtcProof back = MtcProof.parse(profile, 32, b);
        assertEquals(p, back);
        assertArrayEquals(b, back.encode(profile));
    }

    @Property(tries = 300)
    void logEntryRoundTrips(@ForAll long seed, @ForAll Profile profile) {
        Random rnd = new Random(seed);
        List<EntryExtension> ext = Samples.extensions(rnd, profile);
        MtcLogEntry e = rnd.nextInt(5) == 0 ? MtcLogEntry.nullEntry(profile)
                : MtcLogEntry.tbsCertEntry(profile, ext, Samples.logEntry(rnd, profile, Samples.tai(rnd),
                        Samples.spki(rnd), CaIdName.Form.EXPERIMENTAL));
        byte[] b = e.encode();
        MtcLogEntry back = MtcLogEntry.parse(profile, b);
        assertEquals(e, back);
        assertArrayEquals(b, back.encode());
        e.tbsCertEntry().ifPresent(t -> assertEquals(t, TbsCertificateLogEntry.parseContents(profile,
                t.encodeContents())));
    }

    @Property(tries = 200)
    void certificateRoundTripsAndRebuildsItsEntry(@ForAll long seed, @ForAll Profile profile) {
        Random rnd = new Random(seed);
        MtcCertificate c = Samples.certificate(rnd, profile);
        byte[] b = c.encoded();
        MtcCertificate back = MtcCertificate.parse(profile, b);
        assertEquals(c, back);
        assertArrayEquals(b, back.encoded());
        MtcLogEntry entry = back.logEntry();
        HashFunction h = HashFunction.sha256();
        // rebuild the certificate from its entry, key and proof: byte for byte
        MtcCertificate again = CertificateBuilder.build(entry, back.subjectPublicKeyInfo(),
                Math.max(1, back.logNumber()), back.index(), back.proof(), h);
        assertArrayEquals(b, again.encoded());
        assertArrayEquals(back.entryHash(h), EntryHash.singlePass(h, profile, back.proofExtensionsField(),
                back.tbsCertificate()));
        assertEquals(back.proof(), MtcProof.parse(profile, 32, back.signatureValue()));
    }

    @Property(tries = 300)
    void encodeWritesTheBytesOfBuild(@ForAll long seed, @ForAll Profile profile) {
        Random rnd = new Random(seed);
        HashFunction h = HashFunction.sha256();
        byte[] spki = Samples.spki(rnd);
        List<EntryExtension> ext = Samples.extensions(rnd, profile);
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(profile, ext, Samples.logEntry(rnd, profile, Samples.tai(rnd),
                spki, rnd.nextBoolean() ? CaIdName.Form.EXPERIMENTAL : CaIdName.Form.FINAL));
        MtcProof proof = Samples.proof(rnd, profile, ext, rnd.nextBoolean());
        if (rnd.nextInt(4) == 0) { // long signatures: certificates over 65,535 bytes (3-octet DER lengths)
            List<SubtreeSignature> big = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] sig = new byte[21_000 + rnd.nextInt(500)]; // the vector holds at most 65,535 bytes
                rnd.nextBytes(sig);
                big.add(new SubtreeSignature(TrustAnchorId.parse("32473." + (i + 1)), sig));
            }
            proof = new MtcProof(ext, proof.start(), proof.end(), proof.inclusionProof(), big);
        }
        int log = 1 + rnd.nextInt(0xffff);
        long index = rnd.nextLong() & ((1L << 48) - 1);
        byte[] fast = CertificateBuilder.encode(entry, spki, log, index, proof, h);
        assertArrayEquals(CertificateBuilder.build(entry, spki, log, index, proof, h).encoded(), fast);
        assertArrayEquals(fast, MtcCertificate.parse(profile, fast).encoded());
        if (proof.signatures().isEmpty()) {
            assertArrayEquals(fast, CertificateBuilder.encodeLandmarkRelative(entry, spki, log, index, proof, h));
        } else {
            assertArrayEquals(fast, CertificateBuilder.encodeStandalone(entry, spki, log, index, proof, h));
        }
    }

    @Property(tries = 300)
    void caIdNameRoundTrips(@ForAll long seed, @ForAll CaIdName.Form form) {
        CaIdName n = new CaIdName(Samples.tai(new Random(seed)), form);
        assertEquals(n, CaIdName.parse(n.encode()));
        assertArrayEquals(n.encode(), CaIdName.parse(n.encode()).encode());
    }
}
