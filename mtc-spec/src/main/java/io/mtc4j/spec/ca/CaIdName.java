package io.mtc4j.spec.ca;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;

/**
 * The CA ID as a PKIX distinguished name (draft §"Certification Authority Identifiers"): one RDN holding one
 * attribute. Two forms, selectable:
 * <ul>
 *   <li>{@link Form#EXPERIMENTAL} (what implementations use today): type 1.3.6.1.4.1.44363.47.1, value a
 *       UTF8String of the ASCII trust anchor ID, e.g. {@code 3019 3117 3015 060a2b0601040182da4b2f01
 *       0c0733323437332e31};</li>
 *   <li>{@link Form#FINAL}: type id-rdna-trustAnchorID (1.3.6.1.5.5.7.25.TBD; mtc4j uses
 *       {@link MtcOids#ID_RDNA_TRUST_ANCHOR_ID_FINAL_PLACEHOLDER} until IANA assigns it), value a RELATIVE-OID.</li>
 * </ul>
 * Before plants-04 the same Name held the log ID. Immutable value.
 */
public record CaIdName(TrustAnchorId id, Form form) {
    /** Which attribute encoding the Name uses. */
    public enum Form {
        /** 1.3.6.1.4.1.44363.47.1 with a UTF8String (draft's "initial experimentation" form). */
        EXPERIMENTAL,
        /** id-rdna-trustAnchorID (placeholder OID) with a RELATIVE-OID. */
        FINAL
    }

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param id the trust anchor ID
     * @param form the form
     */
    public CaIdName {
        if (id == null || form == null) {
            throw new NullPointerException("id and form are required");
        }
    }

    /**
     * The Name in the experimental form.
     *
     * @param id the trust anchor ID
     * @return the Name in the experimental form
     */
    public static CaIdName experimental(TrustAnchorId id) {
        return new CaIdName(id, Form.EXPERIMENTAL);
    }

    /**
     * The DER Name.
     *
     * @return the DER Name
     */
    public byte[] encode() {
        byte[] atv = form == Form.EXPERIMENTAL
                ? Der.sequence(Der.oid(MtcOids.ID_RDNA_TRUST_ANCHOR_ID_EXPERIMENTAL),
                        Der.tlv(Der.UTF8_STRING, id.ascii().getBytes(StandardCharsets.US_ASCII)))
                : Der.sequence(Der.oid(MtcOids.ID_RDNA_TRUST_ANCHOR_ID_FINAL_PLACEHOLDER),
                        Der.tlv(Der.RELATIVE_OID, id.binary()));
        return Der.sequence(Der.tlv(Der.SET, atv));
    }

    /**
     * Parses a DER Name that must be a CA ID in either form.
     *
     * @param nameDer the DER Name
     * @return the parsed value
     */
    public static CaIdName parse(byte[] nameDer) {
        return parse(DerReader.single(nameDer, "Name"), "Name");
    }

    /**
     * Parses a Name element read as {@code field}.
     *
     * @param name the name
     * @param field the field's name, for error messages
     * @return the parsed value
     */
    public static CaIdName parse(DerElement name, String field) {
        X509Der.checkName(name);
        DerReader rdns = name.reader();
        if (rdns.isEmpty()) {
            throw new MtcParseException(field, "empty Name is not a CA ID");
        }
        DerReader atvs = rdns.read(field, Der.SET).reader();
        if (!rdns.isEmpty()) {
            throw new MtcParseException(field, "a CA ID Name has exactly one RDN");
        }
        DerReader atv = atvs.read(field, Der.SEQUENCE).reader();
        if (!atvs.isEmpty()) {
            throw new MtcParseException(field, "a CA ID RDN has exactly one attribute");
        }
        String type = atv.read(field + ".type", Der.OBJECT_IDENTIFIER).oid();
        DerElement value = atv.read(field + ".value");
        atv.finish();
        if (type.equals(MtcOids.ID_RDNA_TRUST_ANCHOR_ID_EXPERIMENTAL)) {
            if (value.tag() != Der.UTF8_STRING) {
                throw new MtcParseException(field + ".value", "experimental trustAnchorID must be a UTF8String");
            }
            String ascii = value.string();
            TrustAnchorId id;
            try {
                id = TrustAnchorId.parse(ascii);
            } catch (MtcParseException e) {
                throw e.within(field);
            }
            return new CaIdName(id, Form.EXPERIMENTAL);
        }
        if (type.equals(MtcOids.ID_RDNA_TRUST_ANCHOR_ID_FINAL_PLACEHOLDER)) {
            if (value.tag() != Der.RELATIVE_OID) {
                throw new MtcParseException(field + ".value", "id-rdna-trustAnchorID must be a RELATIVE-OID");
            }
            try {
                return new CaIdName(TrustAnchorId.fromBinary(value.contents()), Form.FINAL);
            } catch (MtcParseException e) {
                throw e.within(field);
            }
        }
        throw new MtcParseException(field + ".type", "attribute " + type + " is not a trust anchor ID attribute");
    }

    @Override
    public String toString() {
        return (form == Form.EXPERIMENTAL ? MtcOids.ID_RDNA_TRUST_ANCHOR_ID_EXPERIMENTAL
                : MtcOids.ID_RDNA_TRUST_ANCHOR_ID_FINAL_PLACEHOLDER) + "=" + id.ascii();
    }
}
