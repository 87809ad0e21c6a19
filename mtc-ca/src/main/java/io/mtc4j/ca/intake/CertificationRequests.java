package io.mtc4j.ca.intake;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.math.BigInteger;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Strict reading of a PKCS#10 CertificationRequest (RFC 2986 §4) and the check of its self-signature (proof of
 * possession of the private key). Only the extensionRequest attribute (RFC 2985 §5.4.2) is accepted.
 */
final class CertificationRequests {
    private static final int ATTRIBUTES_TAG = 0xa0;

    private CertificationRequests() {}

    /** What the policy takes from a CSR. */
    record Csr(byte[] subject, byte[] subjectPublicKeyInfo, List<X509Der.Extension> requestedExtensions) {
        Csr {
            subject = subject.clone();
            subjectPublicKeyInfo = subjectPublicKeyInfo.clone();
            requestedExtensions = List.copyOf(requestedExtensions);
        }

        @Override
        public byte[] subject() {
            return subject.clone();
        }

        @Override
        public byte[] subjectPublicKeyInfo() {
            return subjectPublicKeyInfo.clone();
        }
    }

    /**
     * RFC 2986 §4: {@code CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm,
     * signature BIT STRING }}, {@code CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject
     * Name, subjectPKInfo, attributes [0] Attributes }}; strict DER, nothing after it.
     *
     * @throws PolicyException {@link PolicyException#CSR_ENCODING} or {@link PolicyException#CSR_ATTRIBUTE}
     */
    static Csr parse(byte[] der, String field) {
        try {
            DerElement csr = DerReader.single(der, "CertificationRequest");
            if (csr.tag() != Der.SEQUENCE) {
                throw new MtcParseException("CertificationRequest", "must be a SEQUENCE");
            }
            Der.validate(csr);
            DerReader r = csr.reader();
            DerElement info = r.read("certificationRequestInfo", Der.SEQUENCE);
            X509Der.checkAlgorithmIdentifier(r.read("signatureAlgorithm", Der.SEQUENCE));
            r.read("signature", Der.BIT_STRING).bitStringOctets();
            r.finish();
            DerReader ir = info.reader();
            BigInteger version = ir.read("version", Der.INTEGER).integer();
            if (version.signum() != 0) {
                throw new MtcParseException("version", "must be v1 (0), not " + version);
            }
            DerElement subject = ir.read("subject", Der.SEQUENCE);
            X509Der.checkName(subject);
            DerElement spki = ir.read("subjectPKInfo", Der.SEQUENCE);
            X509Der.checkSubjectPublicKeyInfo(spki);
            DerElement attributes = ir.read("attributes", ATTRIBUTES_TAG);
            ir.finish();
            List<X509Der.Extension> extensions = new ArrayList<>();
            DerReader ar = attributes.reader();
            boolean seen = false;
            while (!ar.isEmpty()) {
                DerReader attr = ar.read("attribute", Der.SEQUENCE).reader();
                String type = attr.read("attribute.type", Der.OBJECT_IDENTIFIER).oid();
                DerElement values = attr.read("attribute.values", Der.SET);
                attr.finish();
                if (!type.equals(X509Oids.EXTENSION_REQUEST)) {
                    throw new PolicyException(field, PolicyException.CSR_ATTRIBUTE, "CSR attribute " + type
                            + " is not accepted; only extensionRequest (" + X509Oids.EXTENSION_REQUEST + ")");
                }
                if (seen) {
                    throw new MtcParseException("attributes", "extensionRequest appears twice");
                }
                seen = true;
                DerReader vr = values.reader();
                DerElement exts = vr.read("extensionRequest", Der.SEQUENCE);
                vr.finish();
                extensions.addAll(X509Der.extensionList(Der.tlv(Der.explicit(3), exts.encoded())));
            }
            return new Csr(subject.encoded(), spki.encoded(), extensions);
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.CSR_ENCODING, "not a strict DER PKCS#10 request: "
                    + e.getMessage());
        }
    }

    /**
     * RFC 2986 §3 step 3: the signature over the DER certificationRequestInfo verifies with the request's own key.
     *
     * @param provider the JCA provider (BouncyCastle) that knows every certified algorithm, ML-DSA included
     */
    static void verifySignature(byte[] der, Provider provider, String field) {
        boolean valid;
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().setProvider(provider)
                    .build(request.getSubjectPublicKeyInfo());
            valid = request.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | java.io.IOException | RuntimeException e) {
            throw new PolicyException(field, PolicyException.CSR_SIGNATURE, "the CSR's signature cannot be checked: "
                    + e.getMessage());
        }
        if (!valid) {
            throw new PolicyException(field, PolicyException.CSR_SIGNATURE,
                    "the CSR's signature does not verify with its public key");
        }
    }
}
