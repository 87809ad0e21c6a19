package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One DER TLV (identifier, length, contents) that {@link DerReader} has already checked for the DER length
 * rules. Typed accessors ({@link #integer}, {@link #bitStringOctets}, ...) apply the DER rules of that type.
 * Immutable: byte arrays are copied out.
 */
public final class DerElement {
    private final byte[] buf;
    private final int start;
    private final int contentStart;
    private final int end;
    private final int tag;
    private final String field;

    DerElement(byte[] buf, int start, int contentStart, int end, int tag, String field) {
        this.buf = buf;
        this.start = start;
        this.contentStart = contentStart;
        this.end = end;
        this.tag = tag;
        this.field = field;
    }

    /**
     * The identifier octet (only low-tag-number form is accepted), e.g. {@code 0x30} for SEQUENCE.
     *
     * @return the identifier octet (only low-tag-number form is accepted), e.g
     */
    public int tag() {
        return tag;
    }

    /**
     * The field name this element was read as (used in error messages).
     *
     * @return the field name this element was read as (used in error messages)
     */
    public String field() {
        return field;
    }

    /**
     * True when the constructed bit (0x20) is set.
     *
     * @return {@code true} when the constructed bit (0x20) is set
     */
    public boolean isConstructed() {
        return (tag & 0x20) != 0;
    }

    /**
     * The whole TLV, a copy.
     *
     * @return the whole TLV, a copy
     */
    public byte[] encoded() {
        return Arrays.copyOfRange(buf, start, end);
    }

    /**
     * The contents octets, a copy.
     *
     * @return the contents octets, a copy
     */
    public byte[] contents() {
        return Arrays.copyOfRange(buf, contentStart, end);
    }

    /**
     * Length of the whole TLV.
     *
     * @return the encoding
     */
    public int encodedLength() {
        return end - start;
    }

    /**
     * Length of the contents octets.
     *
     * @return the {@code int}
     */
    public int contentLength() {
        return end - contentStart;
    }

    /**
     * Whether the contents octets are {@code contents}, compared in place (e.g. an OBJECT IDENTIFIER against a known
     * one without decoding it).
     *
     * @param contents the expected contents octets
     * @return {@code true} if equal
     */
    public boolean contentsEqual(byte[] contents) {
        return Arrays.equals(buf, contentStart, end, contents, 0, contents.length);
    }

    /**
     * Feeds the whole TLV to {@code md} without copying.
     *
     * @param md the message digest
     */
    public void updateEncoded(java.security.MessageDigest md) {
        md.update(buf, start, end - start);
    }

    /**
     * A reader over the contents octets (for constructed types).
     *
     * @return a reader over the contents octets (for constructed types)
     */
    public DerReader reader() {
        return new DerReader(buf, contentStart, end, field);
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return start;
    }

    int contentStart() {
        return contentStart;
    }

    int end() {
        return end;
    }

    private MtcParseException error(String rule) {
        return new MtcParseException(field, rule);
    }

    /**
     * An INTEGER value; rejects empty and non-minimal encodings (X.690 §8.3.2).
     *
     * @return an INTEGER value; rejects empty and non-minimal encodings (X.690 §8.3.2)
     */
    public BigInteger integer() {
        if (tag != Der.INTEGER) {
            throw error("expected INTEGER (0x02), found tag 0x" + Integer.toHexString(tag));
        }
        Der.checkInteger(buf, contentStart, end, field);
        return new BigInteger(contents());
    }

    /**
     * A BOOLEAN value; DER allows only 0x00 and 0xff (X.690 §11.1).
     *
     * @return a BOOLEAN value; DER allows only 0x00 and 0xff (X.690 §11.1)
     */
    public boolean bool() {
        if (tag != Der.BOOLEAN) {
            throw error("expected BOOLEAN (0x01), found tag 0x" + Integer.toHexString(tag));
        }
        Der.checkBoolean(buf, contentStart, end, field);
        return buf[contentStart] != 0;
    }

    /**
     * The OBJECT IDENTIFIER in dotted form; rejects non-minimal sub-identifiers.
     *
     * @return the OBJECT IDENTIFIER in dotted form; rejects non-minimal sub-identifiers
     */
    public String oid() {
        if (tag != Der.OBJECT_IDENTIFIER) {
            throw error("expected OBJECT IDENTIFIER (0x06), found tag 0x" + Integer.toHexString(tag));
        }
        return Der.decodeOid(buf, contentStart, end, field);
    }

    /** Checks that this is a DER OBJECT IDENTIFIER (tag and minimal sub-identifiers) without decoding it. */
    void checkOid() {
        if (tag != Der.OBJECT_IDENTIFIER) {
            throw error("expected OBJECT IDENTIFIER (0x06), found tag 0x" + Integer.toHexString(tag));
        }
        Der.checkArcs(buf, contentStart, end, field, "OBJECT IDENTIFIER");
    }

    /**
     * The octets of a BIT STRING that must have zero unused bits (e.g. a signatureValue or an SPKI key), without
     * the leading unused-bits octet.
     *
     * @return the octets of a BIT STRING that must have zero unused bits (e.g
     */
    public byte[] bitStringOctets() {
        if (tag != Der.BIT_STRING) {
            throw error("expected BIT STRING (0x03), found tag 0x" + Integer.toHexString(tag));
        }
        Der.checkBitString(buf, contentStart, end, field);
        if (buf[contentStart] != 0) {
            throw error("BIT STRING has " + buf[contentStart] + " unused bits; a whole number of octets is required");
        }
        return Arrays.copyOfRange(buf, contentStart + 1, end);
    }

    /**
     * Contents of an OCTET STRING.
     *
     * @return the {@code byte[]}
     */
    public byte[] octetString() {
        if (tag != Der.OCTET_STRING) {
            throw error("expected OCTET STRING (0x04), found tag 0x" + Integer.toHexString(tag));
        }
        return contents();
    }

    /**
     * Contents of a character string type, decoded as UTF-8 (ASCII subsets are checked by the caller).
     *
     * @return the {@code String}
     */
    public String string() {
        return new String(buf, contentStart, end - contentStart, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerElement e && Arrays.equals(buf, start, end, e.buf, e.start, e.end);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = 31 * h + buf[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return field + " tag 0x" + Integer.toHexString(tag) + " (" + encodedLength() + " bytes)";
    }
}
