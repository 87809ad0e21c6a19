package io.mtc4j.log.sequencer;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.Vkey;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Sequencer} needs to know about its log.
 *
 * @param caId           the CA's ID; the log's origin is {@code oid/1.3.6.1.4.1.<caId>.0.<logNumber>} (mtc-tlog
 *                       §"Serving Issuance Logs")
 * @param logNumber      the issuance log number, 1 to 65535
 * @param profile        the MTCLogEntry layout entries are checked against
 * @param signers        the checkpoint signers, in the order their signature lines appear. One must be the CA
 *                       cosigner: ML-DSA-44 {@code subtree/v1} (type 0x06) named {@code oid/1.3.6.1.4.1.<caId>}
 *                       (mtc-tlog §"Serving Issuance Logs", §"Cosigners"). Others are optional, e.g. the Ed25519
 *                       log signature tlog-tiles asks of public logs (MTC-NOTES §8 point 5)
 * @param extensionTypes the MTCLogEntry extension types accepted; the draft defines none, so usually empty
 */
public record SequencerConfig(TrustAnchorId caId, int logNumber, Profile profile, List<NoteSigner> signers,
        Set<Integer> extensionTypes) {
    /** signed-note key type of an ML-DSA-44 {@code subtree/v1} cosignature (tlog-cosignature). */
    private static final int MLDSA44_COSIGNATURE = 0x06;

    /**
     * @throws IllegalArgumentException if the log number is outside 1..65535, there is no signer, or none is the
     *                                  CA cosigner
     */
    public SequencerConfig {
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(profile, "profile");
        signers = List.copyOf(signers);
        extensionTypes = Set.copyOf(extensionTypes);
        caId.logId(logNumber); // checks 1..65535
        String caCosigner = caId.tlogName();
        boolean found = false;
        for (NoteSigner s : signers) {
            if (s.name().equals(caCosigner)) {
                int type = s.verifier().vkey().map(v -> Vkey.parse(v).type()).orElse(-1);
                if (type != MLDSA44_COSIGNATURE) {
                    throw new IllegalArgumentException("signer " + caCosigner + " is the CA cosigner and must be an"
                            + " ML-DSA-44 subtree/v1 cosigner (type 0x06), not type " + type + " (mtc-tlog §Cosigners)");
                }
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no checkpoint signer is the CA cosigner " + caCosigner
                    + " (mtc-tlog: the checkpoint MUST carry the CA cosigner's signature)");
        }
    }

    /** A configuration accepting no entry extensions. */
    public SequencerConfig(TrustAnchorId caId, int logNumber, Profile profile, List<NoteSigner> signers) {
        this(caId, logNumber, profile, signers, Set.of());
    }

    /** The checkpoint origin: the log ID as a tlog name, {@code oid/1.3.6.1.4.1.<caId>.0.<logNumber>}. */
    public String origin() {
        return caId.logId(logNumber).tlogName();
    }
}
