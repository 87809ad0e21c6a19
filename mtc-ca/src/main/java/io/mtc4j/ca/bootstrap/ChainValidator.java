package io.mtc4j.ca.bootstrap;

import io.mtc4j.ca.CaException;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.Pem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Validates a bootstrap chain to the configured trusted roots with the JDK's PKIX {@link CertPathValidator}
 * (RFC 5280 §6): signatures, basicConstraints and pathLenConstraint of the intermediates, keyUsage keyCertSign,
 * validity at the given time, name constraints, unknown critical extensions. The walk from the leaf stops at the
 * first certificate that is a trusted root, or that a trusted root issued, so a chain that continues past a root
 * (a cross-signed intermediate) validates to that root. Revocation is out of scope: no CRL or OCSP is consulted
 * (the bootstrap CA's revocation is not carried into the MTC; the MTC's lifetime is bounded by the CA's maximum).
 * Thread-safe and immutable.
 */
public final class ChainValidator {
    /** A chain holds at most this many certificates. */
    public static final int MAX_CHAIN = 10;

    private final List<X509Certificate> roots;

    private ChainValidator(List<X509Certificate> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * A validated certification path.
     *
     * @param der          the certificates, DER, leaf first, the trust anchor last
     * @param certificates the same, parsed
     */
    public record ValidatedPath(List<byte[]> der, List<X509Certificate> certificates) {
        /** Copies. */
        public ValidatedPath {
            der = der.stream().map(byte[]::clone).toList();
            certificates = List.copyOf(certificates);
        }

        @Override
        public List<byte[]> der() {
            return der.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * A validator trusting {@code roots}.
     *
     * @param roots the trusted root certificates, DER, at least one
     * @return the validator
     * @throws CaException naming {@code roots[i]} if one does not parse
     */
    public static ChainValidator of(List<byte[]> roots) {
        if (roots.isEmpty()) {
            throw new CaException("roots", "empty", "at least one trusted root is needed");
        }
        List<X509Certificate> rs = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            rs.add(parse(roots.get(i), "roots[" + i + "]"));
        }
        return new ChainValidator(rs);
    }

    /**
     * The certificates of a PEM file of CERTIFICATE blocks, or of one DER certificate.
     *
     * @param bytes the file's contents
     * @param field the name used in errors
     * @return DER certificates in file order
     * @throws CaException naming the field if the file holds none, or another kind of block
     */
    public static List<byte[]> readCertificates(byte[] bytes, String field) {
        if (!Pem.looksLikePem(bytes)) {
            return List.of(bytes.clone());
        }
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decodeAll(new String(bytes, StandardCharsets.US_ASCII));
        } catch (MtcException | IllegalArgumentException e) {
            throw new CaException(field, "pem", e.getMessage());
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (!blocks.get(i).label().equals("CERTIFICATE")) {
                throw new CaException(field + "[" + i + "]", "pem", "a " + blocks.get(i).label()
                        + " block; only CERTIFICATE blocks are allowed");
            }
            out.add(blocks.get(i).der());
        }
        if (out.isEmpty()) {
            throw new CaException(field, "pem", "no CERTIFICATE block");
        }
        return out;
    }

    /** @return the trusted roots */
    public List<X509Certificate> roots() {
        return roots;
    }

    /**
     * Validates {@code chain} (leaf first, then its issuers in order; the root may be omitted) at time {@code at}.
     *
     * @param chain DER certificates, leaf first
     * @param at    the validation time
     * @return the path, leaf first, ending with the trusted root
     * @throws CaException naming {@code chain[i]} and the rule: malformed, chain-length, leaf-is-root,
     *                     untrusted-root, expired, not-yet-valid, signature, path-length, not-a-ca,
     *                     name-constraints, key-usage, critical-extension, pkix
     */
    public ValidatedPath validate(List<byte[]> chain, Instant at) {
        if (chain.isEmpty() || chain.size() > MAX_CHAIN) {
            throw new CaException("chain", "chain-length", "a chain holds 1 to " + MAX_CHAIN + " certificates, got "
                    + chain.size());
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            certs.add(parse(chain.get(i), "chain[" + i + "]"));
        }
        if (isRoot(certs.get(0))) {
            throw new CaException("chain[0]", "leaf-is-root", "the leaf is a trusted root");
        }
        // The walk stops at the first certificate that is a root, or that a root issued.
        for (int i = 1; i <= certs.size(); i++) {
            X509Certificate last = certs.get(i - 1);
            if (i < certs.size() && isRoot(certs.get(i))) {
                return pkix(certs.subList(0, i), rootEqualTo(certs.get(i)), at);
            }
            X509Certificate issuer = issuingRoot(last);
            if (issuer != null) {
                return pkix(certs.subList(0, i), issuer, at);
            }
        }
        throw new CaException("chain[" + (certs.size() - 1) + "]", "untrusted-root", "no trusted root issued "
                + certs.get(certs.size() - 1).getIssuerX500Principal().getName() + " and no certificate of the"
                + " chain is a trusted root");
    }

    private ValidatedPath pkix(List<X509Certificate> path, X509Certificate root, Instant at) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath cp = cf.generateCertPath(path);
            PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            p.setRevocationEnabled(false); // revocation is out of scope (class comment)
            p.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(cp, p);
        } catch (CertPathValidatorException e) {
            int index = Math.max(0, e.getIndex());
            throw new CaException("chain[" + index + "]", rule(e), e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CaException("chain", "pkix", e.toString());
        }
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(root);
        List<byte[]> der = new ArrayList<>();
        for (X509Certificate c : all) {
            try {
                der.add(c.getEncoded());
            } catch (CertificateException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ValidatedPath(der, all);
    }

    /** The rule a PKIX failure breaks. */
    static String rule(CertPathValidatorException e) {
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.EXPIRED) {
            return "expired";
        } else if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "not-yet-valid";
        } else if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                || r == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return "signature";
        } else if (r == PKIXReason.PATH_TOO_LONG) {
            return "path-length";
        } else if (r == PKIXReason.NOT_CA_CERT) {
            return "not-a-ca";
        } else if (r == PKIXReason.INVALID_NAME) {
            return "name-constraints";
        } else if (r == PKIXReason.INVALID_KEY_USAGE) {
            return "key-usage";
        } else if (r == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return "critical-extension";
        } else if (r == PKIXReason.NO_TRUST_ANCHOR) {
            return "untrusted-root";
        }
        return "pkix";
    }

    private boolean isRoot(X509Certificate c) {
        return rootEqualTo(c) != null;
    }

    private X509Certificate rootEqualTo(X509Certificate c) {
        for (X509Certificate r : roots) {
            if (r.equals(c)) {
                return r;
            }
        }
        return null;
    }

    /** The trusted root whose subject is {@code c}'s issuer and whose key verifies {@code c}, or null. */
    private X509Certificate issuingRoot(X509Certificate c) {
        for (X509Certificate r : roots) {
            if (r.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(r.getPublicKey());
                    return r;
                } catch (GeneralSecurityException e) {
                    // another root of the same name, or a bad signature (PKIX names it if no root fits)
                }
            }
        }
        return null;
    }

    /** One DER certificate, strictly: DER, nothing after it, parsed by the JDK to the same bytes. */
    static X509Certificate parse(byte[] der, String field) {
        try {
            DerReader.single(der, field);
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(c.getEncoded(), der)) {
                throw new CaException(field, "malformed", "the certificate does not re-encode to its bytes");
            }
            return c;
        } catch (MtcException | CertificateException e) {
            throw new CaException(field, "malformed", "not a DER X.509 certificate: " + e.getMessage());
        }
    }
}
