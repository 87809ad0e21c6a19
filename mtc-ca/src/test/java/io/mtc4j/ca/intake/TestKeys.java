package io.mtc4j.ca.intake;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys and CSRs for the policy tests, made with BouncyCastle (an independent encoder). */
final class TestKeys {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestKeys() {}

    static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator g;
            switch (algorithm) {
                case "P-256", "P-384", "P-521", "secp256k1" -> {
                    g = KeyPairGenerator.getInstance("EC", BC);
                    g.initialize(new ECGenParameterSpec(algorithm.startsWith("P-") ? "secp" + algorithm.substring(2)
                            + "r1" : algorithm));
                }
                case "RSA-2048", "RSA-1024" -> {
                    g = KeyPairGenerator.getInstance("RSA", BC);
                    g.initialize(Integer.parseInt(algorithm.substring(4)));
                }
                default -> g = KeyPairGenerator.getInstance(algorithm, BC);
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "P-256", "secp256k1" -> "SHA256withECDSA";
            case "P-384", "P-521" -> "SHA384withECDSA";
            case "RSA-2048", "RSA-1024" -> "SHA256withRSA";
            default -> keyAlgorithm;
        };
    }

    static String spkiBase64(KeyPair kp) {
        return Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
    }

    /** A CSR signed by {@code kp}, with the given subject and requested extensions (none when empty). */
    static byte[] csr(String keyAlgorithm, KeyPair kp, String subject, Extension... extensions) {
        try {
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                    kp.getPublic());
            if (extensions.length > 0) {
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(extensions));
            }
            return b.build(new JcaContentSignerBuilder(signatureAlgorithm(keyAlgorithm)).setProvider(BC)
                    .build(kp.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
