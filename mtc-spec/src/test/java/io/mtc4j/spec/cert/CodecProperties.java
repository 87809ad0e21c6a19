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
    void caIdNameRoundTrips(@ForAll long seed, @ForAll CaIdName.Form form) {
        CaIdName n = new CaIdName(Samples.tai(new Random(seed)), form);
        assertEquals(n, CaIdName.parse(n.encode()));
        assertArrayEquals(n.encode(), CaIdName.parse(n.encode()).encode());
    }
}
