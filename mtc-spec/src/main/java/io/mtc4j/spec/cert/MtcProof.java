package io.mtc4j.spec.cert;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MTCProof (draft §"Certificate Format"), the certificate's signatureValue:
 * <pre>
 * plants-04+:  extensions&lt;0..2^16-1&gt; ‖ uint48 start ‖ uint48 end ‖ HashValue inclusion_proof&lt;0..2^16-1&gt;
 *              ‖ SubtreeSignature signatures&lt;0..2^16-1&gt;   (cosigner IDs strictly ascending)
 * before:      uint64 start ‖ uint64 end ‖ inclusion_proof&lt;0..2^16-1&gt; ‖ signatures&lt;0..2^16-1&gt; (any order)
 * </pre>
 * start/end are unsigned 64-bit values held in longs. Immutable: lists and arrays are copied.
 */
public record MtcProof(List<EntryExtension> extensions, long start, long end, List<byte[]> inclusionProof,
        List<SubtreeSignature> signatures) {

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param extensions the extensions
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param inclusionProof the inclusion proof hashes
     * @param signatures the signatures
     */
    public MtcProof {
        extensions = List.copyOf(extensions);
        List<byte[]> p = new ArrayList<>(inclusionProof.size());
        for (byte[] h : inclusionProof) {
            p.add(h.clone());
        }
        inclusionProof = List.copyOf(p);
        signatures = List.copyOf(signatures);
    }

    /**
     * A proof without extensions.
     *
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param inclusionProof the inclusion proof hashes
     * @param signatures the signatures
     */
    public MtcProof(long start, long end, List<byte[]> inclusionProof, List<SubtreeSignature> signatures) {
        this(List.of(), start, end, inclusionProof, signatures);
    }

    /**
     * The inclusion proof.
     *
     * @return the inclusion proof hashes
     */
    @Override
    public List<byte[]> inclusionProof() {
        List<byte[]> p = new ArrayList<>(inclusionProof.size());
        for (byte[] h : inclusionProof) {
            p.add(h.clone());
        }
        return List.copyOf(p);
    }

    /**
     * True for a landmark-relative certificate's proof: no signatures.
     *
     * @return {@code true} for a landmark-relative certificate's proof: no signatures
     */
    public boolean isLandmarkRelative() {
        return signatures.isEmpty();
    }

    /**
     * The same proof with {@code signatures} sorted in the draft's cosigner order (shorter first, then bytes).
     *
     * @return the same proof with {@code signatures} sorted in the draft's cosigner order (shorter first, then bytes)
     */
    public MtcProof withSortedSignatures() {
        List<SubtreeSignature> s = new ArrayList<>(signatures);
        s.sort((a, b) -> a.cosignerId().compareTo(b.cosignerId()));
        return new MtcProof(extensions, start, end, inclusionProof, s);
    }

    /**
     * The draft's ordering rule: each cosigner_id strictly after the previous one (no duplicates).
     *
     * @param signatures the signatures
     * @param field the field's name, for error messages
     */
    public static void checkSignatureOrder(List<SubtreeSignature> signatures, String field) {
        for (int i = 1; i < signatures.size(); i++) {
            TrustAnchorId prev = signatures.get(i - 1).cosignerId();
            TrustAnchorId cur = signatures.get(i).cosignerId();
            int c = prev.compareTo(cur);
            if (c == 0) {
                throw new MtcParseException(field, "duplicate cosigner_id " + cur);
            }
            if (c > 0) {
                throw new MtcParseException(field, "cosigner_id " + cur + " sorts before " + prev
                        + "; order is shorter first, then bytewise");
            }
        }
    }

    /**
     * Encodes in the layout of {@code profile}.
     *
     * @param profile the wire profile
     * @return the encoding
     */
    public byte[] encode(Profile profile) {
        if (!profile.hasExtensions() && !extensions.isEmpty()) {
            throw new MtcException("MTCProof.extensions: " + profile + " has no extensions field");
        }
        if (profile.hasExtensions()) {
            checkSignatureOrder(signatures, "MTCProof.signatures");
        }
        int hashSize = inclusionProof.isEmpty() ? 0 : inclusionProof.get(0).length;
        for (byte[] h : inclusionProof) {
            if (h.length != hashSize || h.length == 0) {
                throw new MtcException("MTCProof.inclusion_proof: hashes must all have the same non-zero length");
            }
        }
        return TlsWriter.encode(w -> {
            if (profile.hasExtensions()) {
                EntryExtension.writeList(w, "MTCProof.extensions", extensions);
                w.u48(start);
                w.u48(end);
            } else {
                w.u64(start);
                w.u64(end);
            }
            w.u16Vector("MTCProof.inclusion_proof", 0, 0xffff, v -> inclusionProof.forEach(v::bytes));
            w.u16Vector("MTCProof.signatures", 0, 0xffff, v -> {
                for (SubtreeSignature s : signatures) {
                    v.u8Bytes("SubtreeSignature.cosigner_id", 1, 255, s.cosignerId().binary());
                    v.u16Bytes("SubtreeSignature.signature", 0, 0xffff, s.signature());
                }
            });
        });
    }

    /**
     * Parses an MTCProof under {@code profile} with the CA's HASH_SIZE. Rejects trailing data, a proof length that
     * is not a multiple of HASH_SIZE and (from plants-04) misordered or duplicate cosigner IDs.
     *
     * <p><b>Decision: a {@code cosigner_id} that is not a well-formed trust anchor ID is a decode failure</b>
     * (the whole MTCProof is rejected with an {@link MtcParseException} on {@code MTCProof.signatures...}), even
     * when the relying party does not know that cosigner. Reasons: (1) the draft types the field as
     * {@code TrustAnchorID cosigner_id} ("From Section 4.1 of draft-ietf-tls-trust-anchor-ids") and says it holds
     * "the cosigner ID ... in its binary representation", i.e. a RELATIVE-OID contents encoding, so bytes that are
     * not one (a leading 0x80 byte, a truncated last arc, an arc above 2^64-1) are malformed input rather than an
     * unrecognized cosigner that §"Verifying Certificate Signatures" step 12 says to ignore; (2) the ordering and
     * duplicate checks then run on validated IDs, whose order ({@link TrustAnchorId#compareTo}: shorter first,
     * then bytewise) is exactly the draft's byte order, so the outcome is deterministic and equal to a
     * byte-level check for every accepted input. Implementations that treat {@code cosigner_id} as opaque bytes
     * accept strictly more inputs (only ones carrying such malformed IDs). Recorded after review item 8; no
     * behaviour change.
     *
     * @param profile the wire profile
     * @param hashSize HASH_SIZE in bytes
     * @param bytes the encoded bytes
     * @return the parsed value
     */
    public static MtcProof parse(Profile profile, int hashSize, byte[] bytes) {
        if (hashSize <= 0) {
            throw new IllegalArgumentException("hash size must be positive");
        }
        TlsReader r = TlsReader.of(bytes);
        List<EntryExtension> ext = List.of();
        long start;
        long end;
        if (profile.hasExtensions()) {
            ext = EntryExtension.readList(r, "MTCProof.extensions");
            start = r.u48("MTCProof.start");
            end = r.u48("MTCProof.end");
        } else {
            start = r.u64("MTCProof.start");
            end = r.u64("MTCProof.end");
        }
        TlsReader p = r.u16Vector("MTCProof.inclusion_proof", 0, 0xffff);
        if (p.remaining() % hashSize != 0) {
            throw new MtcParseException("MTCProof.inclusion_proof",
                    "length " + p.remaining() + " is not a multiple of HASH_SIZE (" + hashSize + ")");
        }
        List<byte[]> proof = new ArrayList<>();
        while (!p.isEmpty()) {
            proof.add(p.bytes("MTCProof.inclusion_proof", hashSize));
        }
        TlsReader s = r.u16Vector("MTCProof.signatures", 0, 0xffff);
        List<SubtreeSignature> sigs = new ArrayList<>();
        while (!s.isEmpty()) {
            byte[] id = s.u8Bytes("SubtreeSignature.cosigner_id", 1, 255);
            TrustAnchorId tai;
            try {
                tai = TrustAnchorId.fromBinary(id);
            } catch (MtcParseException e) {
                throw e.within("MTCProof.signatures");
            }
            sigs.add(new SubtreeSignature(tai, s.u16Bytes("SubtreeSignature.signature", 0, 0xffff)));
        }
        r.finish("MTCProof");
        if (profile.hasExtensions()) {
            checkSignatureOrder(sigs, "MTCProof.signatures");
        }
        return new MtcProof(ext, start, end, proof, sigs);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MtcProof m) || m.start != start || m.end != end || !m.extensions.equals(extensions)
                || !m.signatures.equals(signatures) || m.inclusionProof.size() != inclusionProof.size()) {
            return false;
        }
        for (int i = 0; i < inclusionProof.size(); i++) {
            if (!Arrays.equals(inclusionProof.get(i), m.inclusionProof.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(start) * 31 + Long.hashCode(end);
        for (byte[] b : inclusionProof) {
            h = h * 31 + Arrays.hashCode(b);
        }
        return h * 31 + signatures.hashCode();
    }

    @Override
    public String toString() {
        return "MTCProof[start=" + Long.toUnsignedString(start) + ", end=" + Long.toUnsignedString(end) + ", "
                + inclusionProof.size() + " hashes, signatures=" + signatures + "]";
    }
}
