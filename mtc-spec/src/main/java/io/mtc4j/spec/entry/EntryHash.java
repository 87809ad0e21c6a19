package io.mtc4j.spec.entry;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry hash computed straight from a DER TBSCertificate without building the MTCLogEntry (draft
 * §"Verifying Certificate Signatures", the single-pass recipe). Reads only the TLV framing of the
 * TBSCertificate; callers pass a TBSCertificate that {@code MtcCertificate.parse} has already checked.
 */
public final class EntryHash {
    private EntryHash() {}

    /**
     * Single-pass entry hash. {@code md} must be a fresh instance of the CA's hash (e.g. SHA-256);
     * {@code proofExtensions} is the MTCProof {@code extensions} field including its u16 length (ignored before
     * plants-04, which had none). For davidben-09, whose entry wraps the fields in a SEQUENCE, the length is
     * summed first, so it is two passes over the framing but still without buffering.
     *
     * @param md the message digest
     * @param profile the wire profile
     * @param proofExtensions the MTCProof's extensions
     * @param tbsDer the DER TBSCertificate
     * @return the {@code byte[]}
     */
    // draft §"Verifying Certificate Signatures" (single pass)
    public static byte[] singlePass(MessageDigest md, Profile profile, byte[] proofExtensions, byte[] tbsDer) {
        DerElement tbs = DerReader.single(tbsDer, "TBSCertificate");
        DerReader r = tbs.reader();
        List<DerElement> head = new ArrayList<>(4);
        r.readOptional("TBSCertificate.version", Der.explicit(0)).ifPresent(head::add);
        r.read("TBSCertificate.serialNumber", Der.INTEGER); // skipped
        r.read("TBSCertificate.signature", Der.SEQUENCE); // skipped
        head.add(r.read("TBSCertificate.issuer", Der.SEQUENCE));
        head.add(r.read("TBSCertificate.validity", Der.SEQUENCE));
        head.add(r.read("TBSCertificate.subject", Der.SEQUENCE));
        DerElement spki = r.read("TBSCertificate.subjectPublicKeyInfo", Der.SEQUENCE);
        DerElement alg = spki.reader().read("TBSCertificate.subjectPublicKeyInfo.algorithm", Der.SEQUENCE);
        List<DerElement> tail = new ArrayList<>(3);
        while (!r.isEmpty()) {
            tail.add(r.read("TBSCertificate.extensions"));
        }
        int hashLen = md.getDigestLength();
        if (hashLen > 127) {
            throw new MtcParseException("hash", "single pass assumes a hash of at most 127 bytes");
        }
        md.update((byte) 0x00); // leaf domain separator
        if (profile.hasExtensions()) {
            md.update(proofExtensions);
        }
        md.update((byte) 0x00);
        md.update((byte) MtcLogEntry.TBS_CERT_ENTRY);
        if (profile.entryIsSequence()) {
            int len = 2 + hashLen;
            for (DerElement e : head) {
                len += e.encodedLength();
            }
            if (profile.hasSubjectPublicKeyAlgorithm()) {
                len += alg.encodedLength();
            }
            for (DerElement e : tail) {
                len += e.encodedLength();
            }
            md.update(Der.header(Der.SEQUENCE, len));
        }
        for (DerElement e : head) {
            e.updateEncoded(md);
        }
        if (profile.hasSubjectPublicKeyAlgorithm()) {
            alg.updateEncoded(md);
        }
        md.update((byte) Der.OCTET_STRING);
        md.update((byte) hashLen);
        MessageDigest inner = cloneOrNew(md);
        spki.updateEncoded(inner);
        md.update(inner.digest());
        for (DerElement e : tail) {
            e.updateEncoded(md);
        }
        return md.digest();
    }

    private static MessageDigest cloneOrNew(MessageDigest md) {
        try {
            return MessageDigest.getInstance(md.getAlgorithm());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link #singlePass} with a fresh digest of {@code hash} (its {@code name()} is a JDK algorithm name).
     *
     * @param hash the log's hash function
     * @param profile the wire profile
     * @param proofExtensions the MTCProof's extensions
     * @param tbsDer the DER TBSCertificate
     * @return the {@code byte[]}
     */
    public static byte[] singlePass(io.mtc4j.spec.merkle.HashFunction hash, Profile profile, byte[] proofExtensions,
            byte[] tbsDer) {
        try {
            return singlePass(MessageDigest.getInstance(hash.name()), profile, proofExtensions, tbsDer);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("hash " + hash.name() + " is not a JDK digest", e);
        }
    }

    /**
     * {@link #singlePass} with SHA-256.
     *
     * @param profile the wire profile
     * @param proofExtensions the MTCProof's extensions
     * @param tbsDer the DER TBSCertificate
     * @return the {@code byte[]}
     */
    public static byte[] singlePassSha256(Profile profile, byte[] proofExtensions, byte[] tbsDer) {
        return singlePass(cloneOrNewSha256(), profile, proofExtensions, tbsDer);
    }

    private static MessageDigest cloneOrNewSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
