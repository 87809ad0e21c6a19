package io.mtc4j.spec.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * draft §"Log Entries" (MTC-NOTES E5): an issuer alternative name in a TBSCertificateLogEntry MUST be non-critical
 * and hold a single directoryName whose Name uses rdnSequence, each RDN a single AttributeTypeAndValue. Checked by
 * the public constructor, by parsing, and when building the entry from a TBSCertificate.
 */
class IssuerAltNameTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final byte[] VERSION = Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO));
    private static final byte[] ISSUER = new CaIdName(TrustAnchorId.parse("32473.1"), CaIdName.Form.FINAL).encode();
    private static final byte[] VALIDITY = X509Der.validity(Instant.ofEpochSecond(1_700_000_000L),
            Instant.ofEpochSecond(1_700_604_800L));
    private static final byte[] ALG = Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.oid("1.2.840.10045.3.1.7"));
    private static final byte[] SPKI = Der.sequence(ALG, Der.bitString(new byte[65]));

    static byte[] atv(String oid, String value) {
        return Der.sequence(Der.oid(oid), Der.tlv(Der.UTF8_STRING, value.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] rdn(byte[]... atvs) {
        return Der.tlv(Der.SET, Der.concat(atvs));
    }

    /** GeneralName directoryName [4] (explicit: Name is a CHOICE) around an rdnSequence. */
    static byte[] directoryName(byte[]... rdns) {
        return Der.tlv(Der.explicit(4), Der.sequence(rdns));
    }

    static byte[] ian(boolean critical, byte[]... generalNames) {
        return X509Der.extension("2.5.29.18", critical, Der.sequence(generalNames));
    }

    static byte[] extensions(byte[]... ext) {
        return Der.tlv(Der.explicit(3), Der.sequence(ext));
    }

    static final byte[] CN = atv("2.5.4.3", "Example MTC CA");
    static final byte[] O = atv("2.5.4.10", "Example Org");
    static final byte[] SAN = X509Der.extension("2.5.29.17", false,
            Der.sequence(Der.tlv(0x82, "a.example".getBytes(StandardCharsets.US_ASCII))));

    static TbsCertificateLogEntry entry(byte[] extensions) {
        return new TbsCertificateLogEntry(Optional.of(VERSION), ISSUER, VALIDITY, Der.sequence(), Optional.of(ALG),
                H.digest(SPKI), Optional.empty(), Optional.empty(), Optional.of(extensions));
    }

    /** The contents octets as a log would carry them, built without the checking constructor. */
    static byte[] contents(byte[] extensions) {
        return Der.concat(VERSION, ISSUER, VALIDITY, Der.sequence(), ALG, Der.tlv(Der.OCTET_STRING, H.digest(SPKI)),
                extensions);
    }

    static byte[] tbsCertificate(byte[] extensions) {
        return Der.sequence(VERSION, Der.integer(BigInteger.valueOf((1L << 48) + 7)),
                Der.algorithmIdentifier("1.3.6.1.4.1.44363.47.0"), ISSUER, VALIDITY, Der.sequence(), SPKI, extensions);
    }

    @Test
    void wellFormedIssuerAltNamesAreAccepted() {
        List<byte[]> ok = List.of(
                extensions(ian(false, directoryName(rdn(CN)))),
                extensions(SAN, ian(false, directoryName(rdn(O), rdn(CN)))),
                extensions(ian(false, directoryName())), // an empty rdnSequence breaks no stated rule
                extensions(SAN)); // no issuerAltName at all
        for (byte[] ext : ok) {
            TbsCertificateLogEntry e = entry(ext);
            assertEquals(e, TbsCertificateLogEntry.parseContents(Profile.PLANTS_05, contents(ext)));
            assertEquals(e, TbsCertificateLogEntry.fromTbsCertificate(tbsCertificate(ext), H, Profile.PLANTS_05));
            MtcLogEntry le = MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), e);
            assertEquals(le, MtcLogEntry.parse(Profile.PLANTS_05, le.encode(Profile.PLANTS_05)));
        }
    }

    @Test
    void everyRuleIsEnforcedWhenBuildingAndParsingButNotWhenVerifying() {
        String f = "TBSCertificateLogEntry.extensions[issuerAltName]";
        Object[][] bad = {
            {ian(true, directoryName(rdn(CN))), f + ".critical", "MUST be non-critical"},
            {ian(false, directoryName(rdn(CN)), directoryName(rdn(O))), f + ".GeneralName", "single GeneralName"},
            {ian(false, Der.tlv(0x82, "ca.example".getBytes(StandardCharsets.US_ASCII))), f + ".GeneralName",
                "directoryName"},
            {ian(false, directoryName(rdn(CN)), Der.tlv(0x82, "x".getBytes(StandardCharsets.US_ASCII))),
                f + ".GeneralName", "single GeneralName"},
            {ian(false), f + ".GeneralName", "found none"},
            {ian(false, Der.tlv(Der.explicit(4), rdn(CN))), f + ".directoryName", "rdnSequence"},
            {ian(false, Der.tlv(Der.explicit(4), Der.concat(Der.sequence(rdn(CN)), Der.sequence(rdn(O))))),
                f + ".directoryName", "trailing"},
            {ian(false, directoryName(rdn(O, CN))), f + ".directoryName.rdn", "single AttributeTypeAndValue"},
            {ian(false, directoryName(rdn(O), rdn(O, CN))), f + ".directoryName.rdn", "single AttributeTypeAndValue"},
            {X509Der.extension("2.5.29.18", false, Der.tlv(Der.SET, directoryName(rdn(CN)))), f + ".extnValue",
                "SEQUENCE"},
        };
        for (Object[] c : bad) {
            byte[] ext = extensions(SAN, (byte[]) c[0]);
            String field = (String) c[1];
            String rule = (String) c[2];
            for (MtcParseException e : List.of(
                    assertThrows(MtcParseException.class, () -> entry(ext), field),
                    assertThrows(MtcParseException.class,
                            () -> TbsCertificateLogEntry.parseContents(Profile.PLANTS_05, contents(ext)), field),
                    assertThrows(MtcParseException.class, () -> MtcLogEntry.parse(Profile.PLANTS_05,
                            Der.concat(new byte[] {0, 0, 0, 1}, contents(ext))), field))) {
                assertTrue(e.field().endsWith(field), e.field() + " vs " + field);
                assertTrue(e.rule().contains(rule), e.rule() + " vs " + rule);
            }
            // the relying party's step (draft §"Verifying Certificate Signatures" step 7) copies the extensions as
            // they are: the extension is cosmetic and MUST NOT be used in any trust decision
            TbsCertificateLogEntry rebuilt = TbsCertificateLogEntry.fromTbsCertificate(tbsCertificate(ext), H,
                    Profile.PLANTS_05);
            assertArrayEquals(contents(ext), rebuilt.encodeContents(), field);
        }
    }
}
