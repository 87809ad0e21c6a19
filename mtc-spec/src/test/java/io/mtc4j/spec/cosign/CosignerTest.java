package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Cosigner / SubtreeSigner: the cosigner_name and log_origin bounds of draft §"Signature Format". */
class CosignerTest {
    private static final Signer KEY = Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(),
            SigningMode.DETERMINISTIC);

    /** An ID of {@code arcs} one-digit arcs "1.1.…": ASCII 2*arcs-1 chars, tlog name 2*arcs+15 bytes. */
    static TrustAnchorId ones(int arcs) {
        return TrustAnchorId.parse(String.join(".", Collections.nCopies(arcs, "1")));
    }

    static byte[] hash() {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) 7);
        return h;
    }

    @Test
    void idsUpTo255TlogBytesAreAccepted() {
        TrustAnchorId id = ones(120);
        assertEquals(255, id.tlogNameBytes().length);
        SubtreeSigner s = new SubtreeSigner(id, KEY);
        Cosigner c = s.cosigner();
        TrustAnchorId log = ones(3);
        byte[] sig = s.signSubtree(Profile.PLANTS_05, log, 0, 4, hash());
        assertTrue(c.verifySubtreeSignature(Profile.PLANTS_05, log, 0, 4, hash(), sig));
    }

    @Test
    void longerCosignerNamesAreRejectedAtConstruction() {
        TrustAnchorId id = ones(121); // 121 bytes binary (fine for TrustAnchorID<1..255>), 257 bytes as a tlog name
        assertEquals(121, id.binaryLength());
        assertEquals(257, id.tlogNameBytes().length);
        MtcException e = assertThrows(MtcException.class, () -> new Cosigner(id, KEY.verifier()));
        assertTrue(e.getMessage().startsWith("Cosigner.id: "), e.getMessage());
        assertTrue(e.getMessage().contains("257"), e.getMessage());
        e = assertThrows(MtcException.class, () -> new SubtreeSigner(id, KEY));
        assertTrue(e.getMessage().startsWith("SubtreeSigner.id: "), e.getMessage());
    }

    @Test
    void overlongLogOriginVerifiesFalseInsteadOfThrowing() {
        TrustAnchorId ca = ones(119); // tlog name 253 bytes
        TrustAnchorId log = ca.logId(1); // "....0.1": tlog name 257 bytes
        assertEquals(257, log.tlogNameBytes().length);
        SubtreeSigner s = new SubtreeSigner(ca, KEY);
        Cosigner c = s.cosigner();
        // no valid message exists, so nothing can be signed ...
        assertThrows(MtcException.class, () -> s.signSubtree(Profile.PLANTS_05, log, 0, 4, hash()));
        // ... and any signature is simply not valid
        byte[] sig = KEY.sign(new byte[] {1});
        assertFalse(c.verifySubtreeSignature(Profile.PLANTS_05, log, 0, 4, hash(), sig));
        assertFalse(c.verifySubtreeSignature(Profile.PLANTS_04, log, 0, 4, hash(), sig));
        assertFalse(c.verify(Profile.PLANTS_05, CosignedMessage.forCertificate(ca, log, 0, 4, hash()), sig));
        // the legacy binary form has room for it
        byte[] legacySig = s.signSubtree(Profile.PLANTS_02, log, 0, 4, hash());
        assertTrue(c.verifySubtreeSignature(Profile.PLANTS_02, log, 0, 4, hash(), legacySig));
    }

    @Test
    void verifyReturnsFalseForMessagesTheProfileCannotEncode() {
        TrustAnchorId ca = TrustAnchorId.parse("32473.1");
        SubtreeSigner s = new SubtreeSigner(ca, KEY);
        Cosigner c = s.cosigner();
        CosignedMessage empty = CosignedMessage.forCertificate(ca, ca.logId(1), 4, 4, hash());
        byte[] sig = s.sign(Profile.PLANTS_05, empty);
        assertTrue(c.verify(Profile.PLANTS_05, empty, sig));
        assertFalse(c.verify(Profile.PLANTS_04, empty, sig)); // empty subtrees are not valid in plants-04
        assertFalse(c.verifySubtreeSignature(Profile.PLANTS_04, ca.logId(1), 4, 4, hash(), sig));
        assertFalse(c.verify(Profile.PLANTS_05, CosignedMessage.forCertificate(TrustAnchorId.parse("32473.2"),
                ca.logId(1), 4, 4, hash()), sig)); // another cosigner's message
        assertThrows(IllegalArgumentException.class, () -> s.sign(Profile.PLANTS_05,
                CosignedMessage.forCertificate(TrustAnchorId.parse("32473.2"), ca.logId(1), 4, 4, hash())));
    }

    /** For every ID length: construction succeeds iff the tlog name fits 255 bytes, and verify* never throws. */
    @Property(tries = 200)
    void verifyNeverThrows(@ForAll @IntRange(min = 1, max = 127) int cosignerArcs,
            @ForAll @IntRange(min = 1, max = 127) int logArcs, @ForAll Profile profile) {
        TrustAnchorId id = ones(cosignerArcs);
        TrustAnchorId log = ones(logArcs);
        boolean fits = id.tlogNameBytes().length <= 255;
        if (!fits) {
            assertThrows(MtcException.class, () -> new Cosigner(id, KEY.verifier()));
            return;
        }
        Cosigner c = new Cosigner(id, KEY.verifier());
        byte[] sig = KEY.sign(new byte[] {2});
        assertFalse(c.verifySubtreeSignature(profile, log, 0, 2, hash(), sig));
        assertFalse(c.verify(profile, CosignedMessage.forCertificate(id, log, 0, 2, hash()), sig));
    }
}
