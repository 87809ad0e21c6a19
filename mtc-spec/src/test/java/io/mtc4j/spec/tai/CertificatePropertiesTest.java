package io.mtc4j.spec.tai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TAI draft's own example (§"Media Type") and every refusal of the strict parsers. */
class CertificatePropertiesTest {
    /** draft-ietf-tls-trust-anchor-ids @ edb707c, §"Media Type": the example file. */
    static final String DRAFT_EXAMPLE = """
            -----BEGIN CERTIFICATE PROPERTIES-----
            ADsAAAAEgf1ZAQABACsAKQORCwIAAAAAAAAAZAAAAAAAAADIBIH9WQMAAAAAAAAA
            Kv//////////AAIAAA==
            -----END CERTIFICATE PROPERTIES-----
            -----BEGIN CERTIFICATE-----
            MIIBVzCB/6ADAgECAgkAh7Uv5X8pplkwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwP
            SW50ZXJtZWRpYXRlIENBMB4XDTI2MDUwNTIxMzg1NVoXDTI3MDUwNTIxMzg1NVow
            FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
            AAT5mg5z0464cE7rtEpTeSPFNlRUBjxqycdb4rvNkG3Fbd1R2IRo7zYOi5SP3S7L
            C4r5Hw+IiDq5X2nQT1w5ympeozIwMDAJBgNVHRMEAjAAMAsGA1UdDwQEAwIHgDAW
            BgNVHREEDzANggtleGFtcGxlLmNvbTAKBggqhkjOPQQDAgNHADBEAiBRdPrVpQtJ
            s+J9DFhT1Db6QmIZFfjFFKQ88B0gFezyfAIgSwIxntwrPFYagfK6vPcRpDxG2oLV
            LkfnP5v1SPjOsMY=
            -----END CERTIFICATE-----
            -----BEGIN CERTIFICATE-----
            MIIBRTCB7KADAgECAgkAkaBeQj6ZErAwCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwH
            Um9vdCBDQTAeFw0yNjA1MDUyMTM4MzJaFw0zMTA1MDQyMTM4MzJaMBoxGDAWBgNV
            BAMMD0ludGVybWVkaWF0ZSBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJEH
            0D77iyFv01I/4sEqUaoUel50BBwsWSYrH/LtO6cdGI28NyzMyFuYrE6UCRusgAKo
            XBmWjHEGJmoDPoAy2t+jIzAhMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD
            AgEGMAoGCCqGSM49BAMCA0gAMEUCIBWtPiDwXXEvbgy2+nu/w4MRBNsQ3hbVWyJT
            ITN+1R6WAiEA2AfGBy3Hz8oYY5wPldIndrXjntCzzSEduB6pEvYQZWo=
            -----END CERTIFICATE-----
            """;

    @Test
    void draftExampleDecodesToItsStatedProperties() {
        CertificateChainWithProperties f = CertificateChainWithProperties.parse(DRAFT_EXAMPLE);
        CertificatePropertyList p = f.properties();
        assertEquals(TrustAnchorId.parse("32473.1"), p.trustAnchorId().orElseThrow());
        assertEquals(List.of(new TrustAnchorRange(TrustAnchorId.parse("2187.2"), 100, 200),
                new TrustAnchorRange(TrustAnchorId.parse("32473.3"), 42, TrustAnchorRange.UNBOUNDED)),
                p.trustAnchorGroupInclusions());
        assertTrue(p.trustAnchorNegotiation());
        assertEquals(2, f.certificates().size());
        // re-encoded from the parsed values: the same file, byte for byte
        CertificatePropertyList rebuilt = CertificatePropertyList.of(TrustAnchorId.parse("32473.1"),
                p.trustAnchorGroupInclusions(), true);
        assertEquals(p, rebuilt);
        assertEquals(DRAFT_EXAMPLE, new CertificateChainWithProperties(rebuilt, f.certificates()).encode());
    }

    @Test
    void draftExampleRangesContainWhatTheDraftSays() {
        TrustAnchorRange a = new TrustAnchorRange(TrustAnchorId.parse("2187.2"), 100, 200);
        assertTrue(a.contains(TrustAnchorId.parse("2187.2.100")));
        assertTrue(a.contains(TrustAnchorId.parse("2187.2.200")));
        assertFalse(a.contains(TrustAnchorId.parse("2187.2.99")));
        assertFalse(a.contains(TrustAnchorId.parse("2187.2.201")));
        assertFalse(a.contains(TrustAnchorId.parse("2187.2")));
        assertFalse(a.contains(TrustAnchorId.parse("2187.2.150.1")));
        assertFalse(a.contains(TrustAnchorId.parse("2187.20.150")));
        TrustAnchorRange b = new TrustAnchorRange(TrustAnchorId.parse("32473.3"), 42, TrustAnchorRange.UNBOUNDED);
        assertTrue(b.contains(TrustAnchorId.parse("32473.3.18446744073709551615")));
        assertFalse(b.contains(TrustAnchorId.parse("32473.3.41")));
    }

    private static MtcParseException refusedList(String hex) {
        return assertThrows(MtcParseException.class, () -> CertificatePropertyList.parse(HexFormat.of()
                .parseHex(hex)));
    }

    @Test
    void emptyListAndUnknownTypesAreAccepted() {
        assertEquals(List.of(), CertificatePropertyList.parse(new byte[] {0, 0}).properties());
        CertificatePropertyList l = CertificatePropertyList.parse(HexFormat.of().parseHex("0009" + "0003000101"
                + "ff000000"));
        assertEquals(2, l.properties().size());
        assertTrue(l.trustAnchorId().isEmpty());
        assertFalse(l.trustAnchorNegotiation());
    }

    @Test
    void listRefusals() {
        assertTrue(refusedList("").getMessage().contains("truncated"));
        assertTrue(refusedList("0000ff").getMessage().contains("trailing"));
        assertTrue(refusedList("0005000000020a").getMessage().contains("truncated"));
        // unsorted: 2 then 0
        assertTrue(refusedList("0009" + "00020000" + "0000000101").getMessage().contains("sorted"));
        // duplicate type 5
        assertTrue(refusedList("0008" + "00050000" + "00050000").getMessage().contains("duplicate"));
        // trust_anchor_id: empty, non-minimal, truncated
        assertTrue(refusedList("0004" + "00000000").field().contains("trust_anchor_id"));
        assertTrue(refusedList("0006" + "0000000280" + "01").field().contains("trust_anchor_id"));
        assertTrue(refusedList("0005" + "0000000181").field().contains("trust_anchor_id"));
        // trust_anchor_negotiation with data
        assertTrue(refusedList("0005" + "0002000100").getMessage().contains("MUST be empty"));
        // group inclusions: empty list, trailing byte, truncated range, base ending mid-component
        assertTrue(refusedList("0006" + "000100020000").field().contains("TrustAnchorRangeList"));
        String range = "0101" + "0000000000000001" + "0000000000000002";
        assertTrue(refusedList("0019" + "00010015" + "0012" + range + "00").getMessage().contains("trailing"));
        assertTrue(refusedList("0017" + "00010013" + "0012" + range.substring(0, 34)).getMessage()
                .contains("truncated"));
        assertTrue(refusedList("0019" + "00010015" + "0013" + "020181" + range.substring(4)).field().contains("base"));
    }

    private static MtcParseException refusedFile(String text) {
        return assertThrows(MtcParseException.class, () -> CertificateChainWithProperties.parse(text));
    }

    @Test
    void fileRefusals() {
        assertTrue(refusedFile("").getMessage().contains("BEGIN"));
        assertTrue(refusedFile("hello\n" + DRAFT_EXAMPLE).getMessage().contains("explanatory"));
        assertTrue(refusedFile(DRAFT_EXAMPLE + "\n").getMessage().contains("BEGIN"));
        assertTrue(refusedFile(DRAFT_EXAMPLE.replace("-----\nMIIBRTC", "-----\n\nMIIBRTC")).getMessage()
                .contains("characters"));
        assertTrue(refusedFile(DRAFT_EXAMPLE.replace("Kv//////////AAIAAA==", "Kv//////////AAIAAA=")).getMessage()
                .contains("characters"));
        // last quantum "AA==" with unused bits set: "AB=="
        assertTrue(refusedFile(DRAFT_EXAMPLE.replace("Kv//////////AAIAAA==", "Kv//////////AAIAAB=="))
                .getMessage().contains("canonical"));
        // the properties block must come first
        int firstCert = DRAFT_EXAMPLE.indexOf("-----BEGIN CERTIFICATE-----");
        assertTrue(refusedFile(DRAFT_EXAMPLE.substring(firstCert)).getMessage().contains("CERTIFICATE PROPERTIES"));
        // properties without a certificate
        assertTrue(refusedFile(DRAFT_EXAMPLE.substring(0, firstCert)).getMessage().contains("no certificate"));
        // a line folded at 60 characters
        String folded = DRAFT_EXAMPLE.replace("MIIBRTCB7KADAgECAgkAkaBeQj6ZErAwCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwH\n",
                "MIIBRTCB7KADAgECAgkAkaBeQj6ZErAwCgYIKoZIzj0EAwIwEjEQMA4GA1UE\nAwwH\n");
        assertTrue(refusedFile(folded).getMessage().contains("64"));
        // a certificate block that is not one DER SEQUENCE
        String notDer = DRAFT_EXAMPLE.substring(0, firstCert) + "-----BEGIN CERTIFICATE-----\n"
                + Base64.getEncoder().encodeToString(new byte[] {4, 1, 0}) + "\n-----END CERTIFICATE-----\n";
        assertTrue(refusedFile(notDer).field().startsWith("certificates[0]"));
        // trailing white space on the END line
        assertTrue(refusedFile(DRAFT_EXAMPLE.replace("-----END CERTIFICATE PROPERTIES-----\n",
                "-----END CERTIFICATE PROPERTIES----- \n")).getMessage().contains("END"));
    }

    @Test
    void crlfLineEndsAreAccepted() {
        CertificateChainWithProperties f = CertificateChainWithProperties.parse(DRAFT_EXAMPLE.replace("\n", "\r\n"));
        assertArrayEquals(CertificateChainWithProperties.parse(DRAFT_EXAMPLE).properties().encode(),
                f.properties().encode());
    }
}
