package io.mtc4j.rp.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

class SubjectAltNamesProperties {
    /** GeneralNames encoded by BouncyCastle (an independent encoder) parse back to the same names, in order. */
    @Property(tries = 300)
    void parsesWhatAnIndependentEncoderWrote(
            @ForAll @Size(min = 1, max = 6) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 20) String> dns,
            @ForAll @Size(max = 4) List<@Size(min = 4, max = 4) List<Byte>> ips,
            @ForAll boolean withUri) throws IOException {
        List<GeneralName> names = new ArrayList<>();
        List<byte[]> addresses = new ArrayList<>();
        for (String d : dns) {
            names.add(new GeneralName(GeneralName.dNSName, d));
        }
        for (List<Byte> ip : ips) {
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                a[i] = ip.get(i);
            }
            addresses.add(a);
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(a)));
        }
        if (withUri) {
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, "https://example.com/"));
        }
        byte[] der = new GeneralNames(names.toArray(GeneralName[]::new)).getEncoded(ASN1Encoding.DER);

        SubjectAltNames san = SubjectAltNames.parse(der);
        assertEquals(dns, san.dnsNames());
        assertEquals(addresses.size(), san.ipAddresses().size());
        for (int i = 0; i < addresses.size(); i++) {
            assertArrayEquals(addresses.get(i), san.ipAddresses().get(i));
        }
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertThrows(MtcParseException.class, () -> SubjectAltNames.parse(trailing));
        byte[] truncated = java.util.Arrays.copyOf(der, der.length - 1);
        assertThrows(MtcParseException.class, () -> SubjectAltNames.parse(truncated));
    }

    @Property(tries = 50)
    void anEmptySequenceOrANonAsciiNameIsRefused(@ForAll @StringLength(min = 1, max = 5) @AlphaChars String d) {
        assertThrows(MtcParseException.class, () -> SubjectAltNames.parse(new byte[] {0x30, 0x00}));
        byte[] name = d.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] der = new byte[4 + name.length];
        der[0] = 0x30;
        der[1] = (byte) (2 + name.length);
        der[2] = (byte) 0x82;
        der[3] = (byte) name.length;
        System.arraycopy(name, 0, der, 4, name.length);
        assertEquals(List.of(d), SubjectAltNames.parse(der).dnsNames());
        der[4] |= (byte) 0x80;
        assertThrows(MtcParseException.class, () -> SubjectAltNames.parse(der));
    }
}
