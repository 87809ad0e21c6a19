package io.mtc4j.rp.tls;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certification path's CertificatePropertyList (draft-ietf-tls-trust-anchor-ids §6 "Certificate Properties"; the
 * MTC draft cites it as §7): how an authenticating party is told a path's trust anchor ID (§6.1), its trust anchor
 * group inclusions (§6.2, a TrustAnchorRangeList) and whether it is used only when negotiated (§6.3
 * {@code trust_anchor_negotiation}). The codec is strict: properties sorted by type without duplicates, exact
 * lengths, a non-empty range list, an empty negotiation property, no trailing data. Properties of other types are
 * kept (and re-encoded) but otherwise ignored, as §6 requires.
 *
 * <pre>
 * struct { CertificatePropertyType type; opaque data&lt;0..2^16-1&gt;; } CertificateProperty;
 * CertificateProperty CertificatePropertyList&lt;0..2^16-1&gt;;
 * struct { TrustAnchorID base; uint64 min; uint64 max; } TrustAnchorRange;
 * TrustAnchorRange TrustAnchorRangeList&lt;1..2^16-1&gt;;
 * </pre>
 *
 * @param trustAnchorId the {@code trust_anchor_id} property (type 0), if present
 * @param groupInclusions the {@code trust_anchor_group_inclusions} property (type 1); empty when absent
 * @param trustAnchorNegotiation whether the {@code trust_anchor_negotiation} property (type 2) is present
 * @param other properties of types this implementation does not know, sorted by type
 */
public record CertificatePropertyList(Optional<TrustAnchorId> trustAnchorId, List<TrustAnchorRange> groupInclusions,
        boolean trustAnchorNegotiation, List<Unknown> other) {
    /** The PEM label of an encoded CertificatePropertyList (§6.4 "Media Type"). */
    public static final String PEM_LABEL = "CERTIFICATE PROPERTIES";
    /** CertificatePropertyType trust_anchor_id. */
    public static final int TRUST_ANCHOR_ID = 0;
    /** CertificatePropertyType trust_anchor_group_inclusions. */
    public static final int TRUST_ANCHOR_GROUP_INCLUSIONS = 1;
    /** CertificatePropertyType trust_anchor_negotiation. */
    public static final int TRUST_ANCHOR_NEGOTIATION = 2;
    /** The empty list: a path without properties. */
    public static final CertificatePropertyList NONE = new CertificatePropertyList(Optional.empty(), List.of(), false,
            List.of());

    /**
     * A property of a type this implementation does not interpret.
     *
     * @param type the CertificatePropertyType, 3..65535
     * @param data the property's data
     */
    public record Unknown(int type, byte[] data) {
        /**
         * Checks the type and copies the data.
         *
         * @param type the type
         * @param data the data
         */
        public Unknown {
            if (type <= TRUST_ANCHOR_NEGOTIATION || type > 0xffff) {
                throw new IllegalArgumentException("unknown property type must be 3..65535, not " + type);
            }
            data = data.clone();
            if (data.length > 0xffff) {
                throw new IllegalArgumentException("property data exceeds 2^16-1 bytes");
            }
        }

        /**
         * The data.
         *
         * @return a copy of the data
         */
        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /**
     * Copies the lists and checks the unknown properties are sorted by type without duplicates.
     *
     * @param trustAnchorId the trust anchor ID property
     * @param groupInclusions the group inclusions
     * @param trustAnchorNegotiation the negotiation flag
     * @param other other properties
     */
    public CertificatePropertyList {
        Objects.requireNonNull(trustAnchorId, "trustAnchorId");
        groupInclusions = List.copyOf(groupInclusions);
        other = List.copyOf(other);
        for (int k = 1; k < other.size(); k++) {
            if (other.get(k).type() <= other.get(k - 1).type()) {
                throw new IllegalArgumentException("properties must be sorted by type without duplicates");
            }
        }
    }

    /**
     * The properties of a path with trust anchor ID {@code id} and {@code inclusions}, without the negotiation flag.
     *
     * @param id the trust anchor ID
     * @param inclusions the trust anchor group inclusions (may be empty: no such property)
     * @return the property list
     */
    public static CertificatePropertyList of(TrustAnchorId id, List<TrustAnchorRange> inclusions) {
        return new CertificatePropertyList(Optional.of(id), inclusions, false, List.of());
    }

    /**
     * Encodes the CertificatePropertyList (§6).
     *
     * @return the encoding
     */
    public byte[] encode() {
        return TlsWriter.encode(w -> w.u16Vector("CertificatePropertyList", 0, 0xffff, l -> {
            trustAnchorId.ifPresent(id -> l.u16(TRUST_ANCHOR_ID).u16Bytes("trust_anchor_id", 1, 0xffff, id.binary()));
            if (!groupInclusions.isEmpty()) {
                l.u16(TRUST_ANCHOR_GROUP_INCLUSIONS).u16Vector("trust_anchor_group_inclusions", 0, 0xffff,
                        d -> d.u16Vector("TrustAnchorRangeList", 1, 0xffff, r -> {
                            for (TrustAnchorRange t : groupInclusions) {
                                r.u8Bytes("TrustAnchorRange.base", 1, 255, t.base().binary()).u64(t.min()).u64(t.max());
                            }
                        }));
            }
            if (trustAnchorNegotiation) {
                l.u16(TRUST_ANCHOR_NEGOTIATION).u16(0);
            }
            for (Unknown u : other) {
                l.u16(u.type()).u16Bytes("CertificateProperty.data", 0, 0xffff, u.data());
            }
        }));
    }

    /**
     * Decodes a CertificatePropertyList (§6), strictly.
     *
     * @param encoded the encoding
     * @return the property list
     * @throws MtcParseException naming the field and the rule broken
     */
    public static CertificatePropertyList decode(byte[] encoded) {
        return TlsReader.parseAll(encoded, "CertificatePropertyList", r -> {
            TlsReader list = r.u16Vector("CertificatePropertyList", 0, 0xffff);
            Optional<TrustAnchorId> id = Optional.empty();
            List<TrustAnchorRange> inclusions = List.of();
            boolean negotiation = false;
            List<Unknown> other = new ArrayList<>();
            int previous = -1;
            while (!list.isEmpty()) {
                int type = list.u16("CertificateProperty.type");
                String at = "CertificateProperty[type " + type + "]";
                if (type <= previous) {
                    throw new MtcParseException(at, "properties must be sorted by type without duplicates (after "
                            + previous + ")");
                }
                previous = type;
                byte[] data = list.u16Bytes(at + ".data", 0, 0xffff);
                switch (type) {
                    case TRUST_ANCHOR_ID -> id = Optional.of(trustAnchorId(data, "trust_anchor_id"));
                    case TRUST_ANCHOR_GROUP_INCLUSIONS -> inclusions = ranges(data);
                    case TRUST_ANCHOR_NEGOTIATION -> {
                        if (data.length != 0) {
                            throw new MtcParseException("trust_anchor_negotiation", "data MUST be empty, has "
                                    + data.length + " bytes");
                        }
                        negotiation = true;
                    }
                    default -> other.add(new Unknown(type, data));
                }
            }
            return new CertificatePropertyList(id, inclusions, negotiation, other);
        });
    }

    private static List<TrustAnchorRange> ranges(byte[] data) {
        return TlsReader.parseAll(data, "trust_anchor_group_inclusions", d -> {
            TlsReader list = d.u16Vector("TrustAnchorRangeList", 1, 0xffff);
            List<TrustAnchorRange> out = new ArrayList<>();
            while (!list.isEmpty()) {
                String at = "TrustAnchorRangeList[" + out.size() + "]";
                TrustAnchorId base = trustAnchorId(list.u8Bytes(at + ".base", 1, 255), at + ".base");
                long min = list.u64(at + ".min");
                long max = list.u64(at + ".max");
                if (Long.compareUnsigned(min, max) > 0) {
                    throw new MtcParseException(at, "min " + Long.toUnsignedString(min) + " exceeds max "
                            + Long.toUnsignedString(max));
                }
                out.add(new TrustAnchorRange(base, min, max));
            }
            return out;
        });
    }

    private static TrustAnchorId trustAnchorId(byte[] binary, String field) {
        try {
            return TrustAnchorId.fromBinary(binary);
        } catch (MtcParseException e) {
            throw e.within(field);
        }
    }

    /**
     * The PEM block of this list ({@code CERTIFICATE PROPERTIES}, §6.4), to precede the certificates of an
     * {@code application/pem-certificate-chain-with-properties} file.
     *
     * @return the PEM text
     */
    public String toPem() {
        return Pem.encode(PEM_LABEL, encode());
    }

    /**
     * Reads an {@code application/pem-certificate-chain-with-properties} file's property list (§6.4): its first
     * PEM block, when labelled {@code CERTIFICATE PROPERTIES}; a plain certificate chain has none.
     *
     * @param pemText the file's text
     * @return the property list, if the file carries one
     * @throws MtcParseException if the text is not PEM, the list is malformed, or a properties block is not first
     */
    public static Optional<CertificatePropertyList> fromPemChain(String pemText) {
        List<Pem.Block> blocks = Pem.decodeAll(pemText);
        for (int k = 1; k < blocks.size(); k++) {
            if (blocks.get(k).label().equals(PEM_LABEL)) {
                throw new MtcParseException(PEM_LABEL, "the property list MUST be the file's first element");
            }
        }
        if (blocks.isEmpty() || !blocks.get(0).label().equals(PEM_LABEL)) {
            return Optional.empty();
        }
        return Optional.of(decode(blocks.get(0).der()));
    }
}
