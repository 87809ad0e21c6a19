package io.mtc4j.spec.cosign;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/** BouncyCastle-backed {@link Verifier}; a fresh BC engine per call, so instances are thread-safe. */
final class BcVerifier implements Verifier {
    private final SignatureAlgorithm algorithm;
    private final AsymmetricKeyParameter publicKey;
    private final byte[] spki;

    BcVerifier(SignatureAlgorithm algorithm, AsymmetricKeyParameter publicKey, byte[] spki) {
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.spki = spki;
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        int fixed = algorithm.fixedSignatureLength();
        if (fixed >= 0 && signature.length != fixed) {
            return false;
        }
        org.bouncycastle.crypto.Signer s;
        if (algorithm.isMlDsa()) {
            s = new MLDSASigner();
        } else if (algorithm == SignatureAlgorithm.ED25519) {
            s = new Ed25519Signer();
        } else {
            // StandardDSAEncoding accepts only the canonical DER Ecdsa-Sig-Value
            s = new DSADigestSigner(new ECDSASigner(), BcSigner.digestFor(algorithm), StandardDSAEncoding.INSTANCE);
        }
        try {
            s.init(false, publicKey);
            s.update(message, 0, message.length);
            return s.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] publicKeySpki() {
        return spki.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BcVerifier && ((BcVerifier) o).algorithm == algorithm
                && java.util.Arrays.equals(((BcVerifier) o).spki, spki);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(spki);
    }

    @Override
    public String toString() {
        return "Verifier[" + algorithm + ", key material hidden]";
    }
}
