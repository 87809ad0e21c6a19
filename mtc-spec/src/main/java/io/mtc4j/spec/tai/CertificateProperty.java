package io.mtc4j.spec.tai;

import java.util.Arrays;

/**
 * One {@code CertificateProperty} (draft-ietf-tls-trust-anchor-ids §"Certificate Properties"): a
 * {@code CertificatePropertyType} (uint16) and its {@code opaque data<0..2^16-1>}. Properties of a type this
 * library does not know are kept as they are (authenticating parties MUST ignore them, not refuse them).
 *
 * @param type the CertificatePropertyType, 0..65535
 * @param data the property's data, at most 65535 bytes (copied)
 */
public record CertificateProperty(int type, byte[] data) {
    /** {@code trust_anchor_id(0)}: the binary trust anchor ID of the path's trust anchor. */
    public static final int TRUST_ANCHOR_ID = 0;
    /** {@code trust_anchor_group_inclusions(1)}: a {@code TrustAnchorRangeList}. */
    public static final int TRUST_ANCHOR_GROUP_INCLUSIONS = 1;
    /** {@code trust_anchor_negotiation(2)}: empty data; the path is gated on trust anchor negotiation. */
    public static final int TRUST_ANCHOR_NEGOTIATION = 2;

    /**
     * Checks the bounds of the TLS structure and copies the data.
     *
     * @param type the CertificatePropertyType, 0..65535
     * @param data the property's data, at most 65535 bytes
     */
    public CertificateProperty {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("CertificateProperty.type " + type + " outside 0..65535");
        }
        if (data.length > 0xffff) {
            throw new IllegalArgumentException("CertificateProperty.data is " + data.length + " bytes, above 65535");
        }
        data = data.clone();
    }

    /**
     * The property's data (a copy).
     *
     * @return the property's data (a copy)
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateProperty p && p.type == type && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CertificateProperty[type=" + type + ", data=" + java.util.HexFormat.of().formatHex(data) + "]";
    }
}
