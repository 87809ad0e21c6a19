package io.mtc4j.ca.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.ca.CaException;
import io.mtc4j.spec.der.Pem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PKIX validation of bootstrap chains against a test PKI: what validates, and each refusal's field and rule. */
class ChainValidatorTest {
    private static final TestPki.Hierarchy PKI = TestPki.hierarchy();

    private static CaException refused(ChainValidator v, List<byte[]> chain) {
        return assertThrows(CaException.class, () -> v.validate(chain, TestPki.NOW));
    }

    @Test
    void aChainWithoutItsRootValidatesToTheRoot() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec());
        ChainValidator.ValidatedPath p = PKI.validator().validate(PKI.chain(leaf), TestPki.NOW);
        assertEquals(3, p.der().size());
        assertArrayEquals(leaf.der(), p.der().get(0));
        assertArrayEquals(PKI.root().der(), p.der().get(2));
    }

    @Test
    void aChainWithItsRootValidatesAndTheWalkStopsThere() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec());
        TestPki.Cert other = TestPki.root("CN=Unrelated", TestPki.key("EC"));
        ChainValidator.ValidatedPath p = PKI.validator().validate(List.of(leaf.der(), PKI.intermediate().der(),
                PKI.root().der(), other.der()), TestPki.NOW);
        assertEquals(3, p.der().size());
    }

    @Test
    void aCrossSignedChainStopsAtTheFirstTrustedRoot() {
        // R2 is trusted; the chain ends with R2 cross-signed by an untrusted R1': the walk stops at R2's key.
        TestPki.Cert r2 = TestPki.root("CN=Root R2", TestPki.key("EC"));
        TestPki.Cert oldRoot = TestPki.root("CN=Old Root", TestPki.key("RSA"));
        TestPki.Cert cross = TestPki.issue(TestPki.spec().subject("CN=Root R2").key(r2.key()).ca(null), oldRoot);
        TestPki.Cert inter = TestPki.issue(TestPki.spec().subject("CN=R2 Issuing").key(TestPki.key("RSA")).ca(0), r2);
        TestPki.Cert leaf = TestPki.issue(TestPki.spec(), inter);
        ChainValidator v = ChainValidator.of(List.of(r2.der()));
        ChainValidator.ValidatedPath p = v.validate(List.of(leaf.der(), inter.der(), cross.der()), TestPki.NOW);
        assertEquals(3, p.der().size());
        assertArrayEquals(r2.der(), p.der().get(2));
    }

    @Test
    void anExpiredLeafIsRefused() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec().validity(TestPki.NOW.minus(Duration.ofDays(100)),
                TestPki.NOW.minus(Duration.ofDays(1))));
        CaException e = refused(PKI.validator(), PKI.chain(leaf));
        assertEquals("expired", e.rule());
        assertEquals("chain[0]", e.field());
    }

    @Test
    void aNotYetValidLeafIsRefused() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec().validity(TestPki.NOW.plus(Duration.ofDays(1)),
                TestPki.NOW.plus(Duration.ofDays(100))));
        assertEquals("not-yet-valid", refused(PKI.validator(), PKI.chain(leaf)).rule());
    }

    @Test
    void anUntrustedRootIsRefused() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec());
        ChainValidator other = ChainValidator.of(List.of(TestPki.root("CN=Other Root", TestPki.key("EC")).der()));
        CaException e = refused(other, List.of(leaf.der(), PKI.intermediate().der(), PKI.root().der()));
        assertEquals("untrusted-root", e.rule());
        assertEquals("chain[2]", e.field());
    }

    @Test
    void aPathLengthViolationIsRefused() {
        // The intermediate has pathLen 0: a CA under it may issue nothing that validates.
        TestPki.Cert sub = TestPki.issue(TestPki.spec().subject("CN=Sub CA").key(TestPki.key("RSA")).ca(null),
                PKI.intermediate());
        TestPki.Cert leaf = TestPki.issue(TestPki.spec(), sub);
        CaException e = refused(PKI.validator(), List.of(leaf.der(), sub.der(), PKI.intermediate().der()));
        assertEquals("path-length", e.rule());
    }

    @Test
    void aNameConstraintViolationIsRefused() {
        TestPki.Cert constrained = TestPki.issue(TestPki.spec().subject("CN=Constrained CA").key(TestPki.key("EC"))
                .ca(null).permitDns("example.com"), PKI.root());
        TestPki.Cert ok = TestPki.issue(TestPki.spec().subject("CN=www.example.com").dns("www.example.com"),
                constrained);
        PKI.validator().validate(List.of(ok.der(), constrained.der()), TestPki.NOW);
        TestPki.Cert bad = TestPki.issue(TestPki.spec().subject("CN=evil.test").dns("evil.test"), constrained);
        CaException e = refused(PKI.validator(), List.of(bad.der(), constrained.der()));
        assertEquals("name-constraints", e.rule());
        assertEquals("chain[0]", e.field());
    }

    @Test
    void aBadSignatureIsRefused() {
        TestPki.Cert impostor = TestPki.root("CN=Test Issuing CA,O=mtc4j test", TestPki.key("fresh-EC"));
        TestPki.Cert leaf = TestPki.issue(TestPki.spec(), impostor);
        assertEquals("signature", refused(PKI.validator(), PKI.chain(leaf)).rule());
    }

    @Test
    void theLeafCannotBeATrustedRoot() {
        assertEquals("leaf-is-root", refused(PKI.validator(), List.of(PKI.root().der())).rule());
    }

    @Test
    void malformedAndOverlongChainsAreRefused() {
        byte[] der = PKI.leaf(TestPki.spec()).der();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertEquals("malformed", refused(PKI.validator(), List.of(trailing)).rule());
        assertEquals("chain-length", refused(PKI.validator(), List.of()).rule());
        assertEquals("chain-length", refused(PKI.validator(), java.util.Collections.nCopies(11, der)).rule());
    }

    @Test
    void pemFilesAreReadStrictly() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec());
        String pem = Pem.encode("CERTIFICATE", leaf.der()) + Pem.encode("CERTIFICATE", PKI.intermediate().der());
        List<byte[]> read = ChainValidator.readCertificates(pem.getBytes(StandardCharsets.US_ASCII), "chain");
        assertEquals(2, read.size());
        assertArrayEquals(leaf.der(), read.get(0));
        CaException e = assertThrows(CaException.class, () -> ChainValidator.readCertificates(
                Pem.encode("PRIVATE KEY", new byte[] {1}).getBytes(StandardCharsets.US_ASCII), "chain"));
        assertEquals("chain[0]", e.field());
    }
}
