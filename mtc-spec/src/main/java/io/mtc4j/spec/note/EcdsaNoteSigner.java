package io.mtc4j.spec.note;

import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;

/**
 * The signing side of {@link EcdsaNoteKey} for a P-256 key (the curve signed-note says SHOULD be used): an
 * {@link SignatureAlgorithm#ECDSA_P256_SHA256} signature is exactly a DER ECDSA signature over SHA-256 of the
 * text.
 */
final class EcdsaNoteSigner implements NoteSigner {
    private final EcdsaNoteKey verifier;
    private final Signer key;

    EcdsaNoteSigner(String name, Signer key) {
        if (key.algorithm() != SignatureAlgorithm.ECDSA_P256_SHA256) {
            throw new IllegalArgumentException("type 0x02 signing needs an ECDSA P-256 key, not " + key.algorithm());
        }
        this.verifier = new EcdsaNoteKey(name, key.publicKeySpki());
        this.key = key;
    }

    @Override
    public String name() {
        return verifier.name();
    }

    @Override
    public int keyId() {
        return verifier.keyId();
    }

    @Override
    public byte[] sign(byte[] text) {
        return key.sign(text);
    }

    @Override
    public NoteVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "NoteSigner[ECDSA, " + name() + ", key material hidden]";
    }
}
