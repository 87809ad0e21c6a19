package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.merkle.HashFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * signed-note §"Signature types" type {@code 0x02}: "ECDSA signatures as implemented by
 * github.com/transparency-dev/witness". The key material (in the vkey, after the type byte) is the DER
 * SubjectPublicKeyInfo; the curve "MUST be one of NIST P-256, NIST P-384, or NIST P-521"; "the key ID for these
 * signatures is the truncated SHA-256 hash of the DER encoded public key in SPKI format", i.e.
 * {@code SHA-256(SPKI)[:4]} big-endian, without the name and type byte of the default key ID. As in that
 * implementation, the signature is a DER {@code Ecdsa-Sig-Value} over SHA-256 of the note text, whatever the
 * curve. Non-canonical DER signatures are invalid.
 */
final class EcdsaNoteKey implements NoteVerifier {
    /** signed-note signature type byte for ECDSA. */
    static final int TYPE = 0x02;
    private static final Map<String, String> CURVES = Map.of(
            X509Oids.P256, "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");

    private final String name;
    private final byte[] spki;
    private final int keyId;
    private final ECPublicKeyParameters key;

    /** A key named {@code name} with DER SubjectPublicKeyInfo {@code spki}; strict. */
    EcdsaNoteKey(String name, byte[] spki) {
        SignedNote.checkKeyName("key name", name);
        this.name = name;
        this.spki = spki.clone();
        this.key = parseSpki(this.spki);
        this.keyId = keyId(this.spki);
    }

    /** {@code SHA-256(SPKI)[:4]} as a big-endian uint32 (signed-note, type 0x02). */
    static int keyId(byte[] spki) {
        return ByteBuffer.wrap(HashFunction.sha256().digest(spki)).getInt();
    }

    private static ECPublicKeyParameters parseSpki(byte[] spki) {
        String f = "vkey.key";
        DerElement info = DerReader.single(spki, f + ".SubjectPublicKeyInfo");
        DerElement alg = X509Der.checkSubjectPublicKeyInfo(info);
        DerReader a = alg.reader();
        if (!a.read(alg.field() + ".algorithm").oid().equals(X509Oids.EC_PUBLIC_KEY)) {
            throw new MtcParseException(alg.field(), "type 0x02 needs an id-ecPublicKey key");
        }
        if (a.isEmpty()) {
            throw new MtcParseException(alg.field() + ".parameters", "namedCurve is required");
        }
        DerElement curve = a.read(alg.field() + ".parameters");
        if (curve.tag() != io.mtc4j.spec.der.Der.OBJECT_IDENTIFIER || !CURVES.containsKey(curve.oid())) {
            throw new MtcParseException(alg.field() + ".parameters",
                    "the curve MUST be NIST P-256, P-384 or P-521 (a namedCurve OID)");
        }
        AsymmetricKeyParameter k;
        try {
            k = PublicKeyFactory.createKey(spki); // checks that the point is on the curve
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException(f + ".SubjectPublicKeyInfo.subjectPublicKey",
                    "not a valid " + CURVES.get(curve.oid()) + " point (" + e.getMessage() + ")", e);
        }
        return (ECPublicKeyParameters) k;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    /** The DER SubjectPublicKeyInfo. */
    byte[] spki() {
        return spki.clone();
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
        // StandardDSAEncoding accepts only the canonical DER Ecdsa-Sig-Value
        DSADigestSigner s = new DSADigestSigner(new ECDSASigner(), new SHA256Digest(), StandardDSAEncoding.INSTANCE);
        try {
            s.init(false, key);
            s.update(text, 0, text.length);
            return s.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<String> vkey() {
        return Optional.of(new Vkey(name, keyId, TYPE, spki).format());
    }

    @Override
    public String toString() {
        return "NoteVerifier[ECDSA, " + name + ", " + String.format("%08x", keyId) + "]";
    }
}
