package io.mtc4j.spec.tai;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code CertificatePropertyList} (draft-ietf-tls-trust-anchor-ids §"Certificate Properties"):
 * <pre>
 * struct { CertificatePropertyType type; opaque data&lt;0..2^16-1&gt;; } CertificateProperty;
 * CertificateProperty CertificatePropertyList&lt;0..2^16-1&gt;;
 * </pre>
 * Entries are sorted numerically by type with no two of the same type; both the constructor and {@link #parse}
 * enforce it ("syntax errors and MUST be rejected by parsers"). The three properties the draft defines are checked
 * when parsed: {@code trust_anchor_id} holds a well-formed binary trust anchor ID, {@code
 * trust_anchor_group_inclusions} a non-empty {@code TrustAnchorRangeList} with exactly its bytes, and {@code
 * trust_anchor_negotiation} empty data. Properties of other types are kept unread. Immutable.
 */
public final class CertificatePropertyList {
    /** Upper bound of the list's encoded body ({@code <0..2^16-1>}). */
    public static final int MAX_LENGTH = 0xffff;
    /** The empty list: a certification path without properties. */
    public static final CertificatePropertyList NONE = new CertificatePropertyList(List.of());

    private final List<CertificateProperty> properties;

    private CertificatePropertyList(List<CertificateProperty> properties) {
        this.properties = List.copyOf(properties);
    }

    /**
     * A list of {@code properties}, which must be sorted by type with no duplicate type, and whose known properties
     * must be well formed.
     *
     * @param properties the properties, in order
     * @return the list
     * @throws MtcParseException naming the entry that breaks a rule
     */
    public static CertificatePropertyList of(List<CertificateProperty> properties) {
        int previous = -1;
        for (int i = 0; i < properties.size(); i++) {
            CertificateProperty p = properties.get(i);
            String field = "CertificatePropertyList[" + i + "]";
            if (p.type() == previous) {
                throw new MtcParseException(field + ".type", "duplicate type " + p.type());
            }
            if (p.type() < previous) {
                throw new MtcParseException(field + ".type", "type " + p.type() + " after " + previous
                        + ": entries must be sorted numerically by type");
            }
            previous = p.type();
            checkKnown(p, field + ".data");
        }
        CertificatePropertyList list = new CertificatePropertyList(properties);
        list.encode(); // the total length bound
        return list;
    }

    /**
     * The list of the properties the Merkle Tree Certificates draft ("Use in TLS") gives a certification path:
     * its trust anchor ID, its group inclusions (omitted when empty) and, if {@code negotiation}, the
     * {@code trust_anchor_negotiation} property.
     *
     * @param trustAnchorId   the path's trust anchor ID
     * @param groupInclusions the trust anchor groups the path is in (may be empty)
     * @param negotiation     whether the path is gated on trust anchor negotiation
     * @return the list
     */
    public static CertificatePropertyList of(TrustAnchorId trustAnchorId, List<TrustAnchorRange> groupInclusions,
            boolean negotiation) {
        List<CertificateProperty> ps = new ArrayList<>();
        ps.add(new CertificateProperty(CertificateProperty.TRUST_ANCHOR_ID, trustAnchorId.binary()));
        if (!groupInclusions.isEmpty()) {
            ps.add(new CertificateProperty(CertificateProperty.TRUST_ANCHOR_GROUP_INCLUSIONS,
                    encodeRanges(groupInclusions)));
        }
        if (negotiation) {
            ps.add(new CertificateProperty(CertificateProperty.TRUST_ANCHOR_NEGOTIATION, new byte[0]));
        }
        return of(ps);
    }

    /**
     * Strictly parses an encoded {@code CertificatePropertyList}: exact lengths, sorted types without duplicates,
     * well-formed known properties, no trailing data.
     *
     * @param encoded the TLS encoding
     * @return the list
     * @throws MtcParseException naming the field and the rule
     */
    public static CertificatePropertyList parse(byte[] encoded) {
        List<CertificateProperty> ps = TlsReader.parseAll(encoded, "CertificatePropertyList", r -> {
            TlsReader list = r.u16Vector("CertificatePropertyList", 0, MAX_LENGTH);
            List<CertificateProperty> out = new ArrayList<>();
            while (!list.isEmpty()) {
                String field = "CertificatePropertyList[" + out.size() + "]";
                int type = list.u16(field + ".type");
                byte[] data = list.u16Bytes(field + ".data", 0, 0xffff);
                out.add(new CertificateProperty(type, data));
            }
            return out;
        });
        return of(ps);
    }

    /**
     * The TLS encoding.
     *
     * @return the encoding
     */
    public byte[] encode() {
        return TlsWriter.encode(w -> w.u16Vector("CertificatePropertyList", 0, MAX_LENGTH, v -> {
            for (CertificateProperty p : properties) {
                v.u16(p.type()).u16Bytes("CertificateProperty.data", 0, 0xffff, p.data());
            }
        }));
    }

    /**
     * Every property, in type order (unknown types included).
     *
     * @return the properties
     */
    public List<CertificateProperty> properties() {
        return properties;
    }

    /**
     * The property of {@code type}, if present.
     *
     * @param type a CertificatePropertyType
     * @return the property
     */
    public Optional<CertificateProperty> property(int type) {
        return properties.stream().filter(p -> p.type() == type).findFirst();
    }

    /**
     * The {@code trust_anchor_id} property's trust anchor ID, if present.
     *
     * @return the trust anchor ID
     */
    public Optional<TrustAnchorId> trustAnchorId() {
        return property(CertificateProperty.TRUST_ANCHOR_ID).map(p -> TrustAnchorId.fromBinary(p.data()));
    }

    /**
     * The ranges of the {@code trust_anchor_group_inclusions} property (empty if absent).
     *
     * @return the ranges, in order
     */
    public List<TrustAnchorRange> trustAnchorGroupInclusions() {
        return property(CertificateProperty.TRUST_ANCHOR_GROUP_INCLUSIONS).map(p -> parseRanges(p.data(), "data"))
                .orElse(List.of());
    }

    /**
     * Whether the {@code trust_anchor_negotiation} property is present.
     *
     * @return {@code true} if present
     */
    public boolean trustAnchorNegotiation() {
        return property(CertificateProperty.TRUST_ANCHOR_NEGOTIATION).isPresent();
    }

    // TAI draft §"Trust Anchor ID Property", §"Trust Anchor Group Inclusions Property", §"Trust Anchor Negotiation
    // Property": the data each known property must hold
    private static void checkKnown(CertificateProperty p, String field) {
        switch (p.type()) {
            case CertificateProperty.TRUST_ANCHOR_ID -> {
                try {
                    TrustAnchorId.fromBinary(p.data());
                } catch (MtcParseException e) {
                    throw e.within(field + "(trust_anchor_id)");
                }
            }
            case CertificateProperty.TRUST_ANCHOR_GROUP_INCLUSIONS -> parseRanges(p.data(),
                    field + "(trust_anchor_group_inclusions)");
            case CertificateProperty.TRUST_ANCHOR_NEGOTIATION -> {
                if (p.data().length != 0) {
                    throw new MtcParseException(field + "(trust_anchor_negotiation)", "data MUST be empty, has "
                            + p.data().length + " bytes");
                }
            }
            default -> {
                // TAI draft: authenticating parties MUST ignore unrecognized types
            }
        }
    }

    // struct { TrustAnchorID base; uint64 min; uint64 max; } TrustAnchorRange;
    // TrustAnchorRange TrustAnchorRangeList<1..2^16-1>;
    private static List<TrustAnchorRange> parseRanges(byte[] data, String field) {
        return TlsReader.parseAll(data, field, r -> {
            TlsReader list = r.u16Vector(field + ".TrustAnchorRangeList", 1, 0xffff);
            List<TrustAnchorRange> out = new ArrayList<>();
            while (!list.isEmpty()) {
                String f = field + ".TrustAnchorRangeList[" + out.size() + "]";
                byte[] base = list.u8Bytes(f + ".base", 1, TrustAnchorId.MAX_BINARY_LENGTH);
                TrustAnchorId id;
                try {
                    id = TrustAnchorId.fromBinary(base);
                } catch (MtcParseException e) {
                    throw e.within(f + ".base");
                }
                out.add(new TrustAnchorRange(id, list.u64(f + ".min"), list.u64(f + ".max")));
            }
            return List.copyOf(out);
        });
    }

    private static byte[] encodeRanges(List<TrustAnchorRange> ranges) {
        return TlsWriter.encode(w -> w.u16Vector("TrustAnchorRangeList", 1, 0xffff, v -> {
            for (TrustAnchorRange t : ranges) {
                v.u8Bytes("TrustAnchorRange.base", 1, TrustAnchorId.MAX_BINARY_LENGTH, t.base().binary())
                        .u64(t.min()).u64(t.max());
            }
        }));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificatePropertyList l && l.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    @Override
    public String toString() {
        return "CertificatePropertyList" + properties;
    }
}
