package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

/**
 * Schema checks for the X.509 (RFC 5280 §4.1) fields shared by TBSCertificate and TBSCertificateLogEntry, on
 * top of the generic DER rules of {@link Der#validate}. Each method throws {@link MtcParseException} naming the
 * field and the broken rule.
 */
public final class X509Der {
    private X509Der() {}

    /**
     * {@code version [0] EXPLICIT Version DEFAULT v1}: v1 must be omitted in DER; only v2 (1) and v3 (2).
     *
     * @param e the element
     * @return the {@code int}
     */
    public static int checkVersion(DerElement e) {
        Der.validate(e);
        DerReader r = e.reader();
        BigInteger v = r.read(e.field(), Der.INTEGER).integer();
        r.finish();
        if (v.signum() == 0) {
            throw new MtcParseException(e.field(), "v1 is the DEFAULT and must be omitted in DER");
        }
        if (v.compareTo(BigInteger.TWO) > 0 || v.signum() < 0) {
            throw new MtcParseException(e.field(), "version " + v + " is not v2 or v3");
        }
        return v.intValue();
    }

    /**
     * {@code Name ::= SEQUENCE OF RelativeDistinguishedName}, each a non-empty SET OF AttributeTypeAndValue.
     *
     * @param e the element
     */
    public static void checkName(DerElement e) {
        if (e.tag() != Der.SEQUENCE) {
            throw new MtcParseException(e.field(), "Name must be a SEQUENCE");
        }
        Der.validate(e);
        DerReader rdns = e.reader();
        while (!rdns.isEmpty()) {
            DerElement rdn = rdns.read(e.field() + ".rdn", Der.SET);
            DerReader atvs = rdn.reader();
            if (atvs.isEmpty()) {
                throw new MtcParseException(e.field(), "RelativeDistinguishedName is an empty SET");
            }
            while (!atvs.isEmpty()) {
                DerReader atv = atvs.read(e.field() + ".atv", Der.SEQUENCE).reader();
                atv.read(e.field() + ".atv.type", Der.OBJECT_IDENTIFIER).checkOid();
                atv.read(e.field() + ".atv.value");
                atv.finish();
            }
        }
    }

    /**
     * {@code Validity ::= SEQUENCE { notBefore Time, notAfter Time }}.
     *
     * @param e the element
     */
    public static void checkValidity(DerElement e) {
        if (e.tag() != Der.SEQUENCE) {
            throw new MtcParseException(e.field(), "Validity must be a SEQUENCE");
        }
        Der.validate(e);
        DerReader r = e.reader();
        for (String f : new String[] {"notBefore", "notAfter"}) {
            DerElement t = r.read(e.field() + "." + f);
            if (t.tag() != Der.UTC_TIME && t.tag() != Der.GENERALIZED_TIME) {
                throw new MtcParseException(t.field(), "must be UTCTime or GeneralizedTime");
            }
        }
        r.finish();
    }

    /**
     * {@code AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }}; returns the OID.
     *
     * @param e the element
     * @return the {@code String}
     */
    public static String checkAlgorithmIdentifier(DerElement e) {
        if (e.tag() != Der.SEQUENCE) {
            throw new MtcParseException(e.field(), "AlgorithmIdentifier must be a SEQUENCE");
        }
        Der.validate(e);
        DerReader r = e.reader();
        String oid = r.read(e.field() + ".algorithm", Der.OBJECT_IDENTIFIER).oid();
        if (!r.isEmpty()) {
            r.read(e.field() + ".parameters");
        }
        r.finish();
        return oid;
    }

    /**
     * {@code SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }}.
     *
     * @param e the element
     * @return the {@code DerElement}
     */
    public static DerElement checkSubjectPublicKeyInfo(DerElement e) {
        if (e.tag() != Der.SEQUENCE) {
            throw new MtcParseException(e.field(), "SubjectPublicKeyInfo must be a SEQUENCE");
        }
        Der.validate(e);
        DerReader r = e.reader();
        DerElement alg = r.read(e.field() + ".algorithm", Der.SEQUENCE);
        checkAlgorithmIdentifier(alg);
        r.read(e.field() + ".subjectPublicKey", Der.BIT_STRING);
        r.finish();
        return alg;
    }

    /**
     * {@code [1]/[2] IMPLICIT UniqueIdentifier} (a BIT STRING).
     *
     * @param e the element
     */
    public static void checkUniqueId(DerElement e) {
        Der.checkBitString(e.buffer(), e.contentStart(), e.end(), e.field());
    }

    /**
     * {@code extensions [3] EXPLICIT Extensions}: a non-empty SEQUENCE OF Extension with unique extnIDs, critical
     * never encoded as FALSE (DEFAULT), and every extnValue itself one DER element.
     *
     * @param e the element
     */
    public static void checkExtensions(DerElement e) {
        Der.validate(e);
        DerReader outer = e.reader();
        DerElement seq = outer.read(e.field(), Der.SEQUENCE);
        outer.finish();
        DerReader exts = seq.reader();
        if (exts.isEmpty()) {
            throw new MtcParseException(e.field(), "Extensions must hold at least one Extension");
        }
        Set<String> seen = new HashSet<>();
        String extension = e.field() + ".extension";
        String extnId = e.field() + ".extnID";
        while (!exts.isEmpty()) {
            DerReader ext = exts.read(extension, Der.SEQUENCE).reader();
            String oid = ext.read(extnId, Der.OBJECT_IDENTIFIER).oid();
            if (!seen.add(oid)) {
                throw new MtcParseException(e.field(), "extension " + oid + " appears twice (RFC 5280 §4.2)");
            }
            String f = e.field() + "[" + oid + "]";
            if (ext.nextIs(Der.BOOLEAN)) {
                if (!ext.read(f + ".critical").bool()) {
                    throw new MtcParseException(f + ".critical", "FALSE is the DEFAULT and must be omitted in DER");
                }
            }
            byte[] value = ext.read(f + ".extnValue", Der.OCTET_STRING).octetString();
            ext.finish();
            Der.validate(DerReader.single(value, f + ".extnValue"));
        }
    }

    /**
     * notBefore and notAfter of a checked Validity TLV (UTCTime years 1950..2049, RFC 5280 §4.1.2.5.1).
     *
     * @param validityTlv the DER Validity
     * @return the {@code java.time.Instant[]}
     */
    public static java.time.Instant[] validityInstants(byte[] validityTlv) {
        DerElement v = DerReader.single(validityTlv, "Validity");
        checkValidity(v);
        DerReader r = v.reader();
        return new java.time.Instant[] {time(r.read("notBefore")), time(r.read("notAfter"))};
    }

    static java.time.Instant time(DerElement t) {
        String s = t.string();
        int year;
        String rest;
        if (t.tag() == Der.UTC_TIME) {
            int yy = Integer.parseInt(s.substring(0, 2));
            year = yy < 50 ? 2000 + yy : 1900 + yy;
            rest = s.substring(2);
        } else {
            year = Integer.parseInt(s.substring(0, 4));
            rest = s.substring(4);
        }
        try {
            return java.time.LocalDateTime.of(year, Integer.parseInt(rest.substring(0, 2)),
                    Integer.parseInt(rest.substring(2, 4)), Integer.parseInt(rest.substring(4, 6)),
                    Integer.parseInt(rest.substring(6, 8)), Integer.parseInt(rest.substring(8, 10)))
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new MtcParseException(t.field(), "not a calendar date: " + s);
        }
    }

    /** One Extension of a checked Extensions field. */
    public record Extension(String oid, boolean critical, byte[] value) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param oid the object identifier
         * @param critical whether the extension is critical
         * @param value the value
         */
        public Extension {
            value = value.clone();
        }

        /**
         * The extension's extnValue contents.
         *
         * @return the value
         */
        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /**
     * The Extension list of a {@code [3] EXPLICIT Extensions} TLV, checked with {@link #checkExtensions}.
     *
     * @param extensionsTlv the DER Extensions
     * @return the Extension list of a {@code [3] EXPLICIT Extensions} TLV, checked with {@link #checkExtensions}
     */
    public static java.util.List<Extension> extensionList(byte[] extensionsTlv) {
        DerElement e = DerReader.single(extensionsTlv, "extensions");
        checkExtensions(e);
        DerReader exts = e.reader().read("extensions", Der.SEQUENCE).reader();
        java.util.List<Extension> out = new java.util.ArrayList<>();
        while (!exts.isEmpty()) {
            DerReader ext = exts.read("extension").reader();
            String oid = ext.read("extnID").oid();
            boolean critical = ext.nextIs(Der.BOOLEAN) && ext.read("critical").bool();
            out.add(new Extension(oid, critical, ext.read("extnValue").octetString()));
        }
        return java.util.List.copyOf(out);
    }

    /**
     * DER Time for {@code t}: UTCTime for 1950..2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).
     *
     * @param t the value
     * @return the {@code byte[]}
     */
    public static byte[] time(java.time.Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
        if (d.getNano() != 0) {
            throw new IllegalArgumentException("X.509 times have whole seconds");
        }
        int y = d.getYear();
        boolean utc = y >= 1950 && y <= 2049;
        // YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ (GeneralizedTime), RFC 5280 §4.1.2.5; written digit by digit
        // (a certificate's two times are on the issuance path)
        byte[] b = new byte[utc ? 13 : 15];
        int at = utc ? digits(b, 0, y % 100, 2) : digits(b, 0, y, 4);
        at = digits(b, at, d.getMonthValue(), 2);
        at = digits(b, at, d.getDayOfMonth(), 2);
        at = digits(b, at, d.getHour(), 2);
        at = digits(b, at, d.getMinute(), 2);
        at = digits(b, at, d.getSecond(), 2);
        b[at] = 'Z';
        return Der.tlv(utc ? Der.UTC_TIME : Der.GENERALIZED_TIME, b);
    }

    /** Writes {@code v} (0 ≤ v &lt; 10^n) as {@code n} decimal digits at {@code at}; returns the next position. */
    private static int digits(byte[] b, int at, int v, int n) {
        if (v < 0) {
            throw new IllegalArgumentException("X.509 times have years 0000..9999");
        }
        for (int k = n - 1; k >= 0; k--) {
            b[at + k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        if (v != 0) {
            throw new IllegalArgumentException("X.509 times have years 0000..9999");
        }
        return at + n;
    }

    /**
     * {@code Validity} for the two instants.
     *
     * @param notBefore notBefore
     * @param notAfter notAfter
     * @return the {@code byte[]}
     */
    public static byte[] validity(java.time.Instant notBefore, java.time.Instant notAfter) {
        return Der.sequence(time(notBefore), time(notAfter));
    }

    /**
     * One Extension SEQUENCE ({@code critical} omitted when false, as DER requires).
     *
     * @param oid the object identifier
     * @param critical whether the extension is critical
     * @param value the value
     * @return one Extension SEQUENCE ({@code critical} omitted when false, as DER requires)
     */
    public static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff}),
                Der.tlv(Der.OCTET_STRING, value)) : Der.sequence(Der.oid(oid), Der.tlv(Der.OCTET_STRING, value));
    }
}
