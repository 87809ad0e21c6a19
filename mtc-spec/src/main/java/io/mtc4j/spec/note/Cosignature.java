package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tlog-cosignature {@code timestamped_signature} (C2SP tlog-cosignature §"Format"): {@code u64 timestamp ||
 * signature}, with a 64-byte Ed25519 signature (key type 0x04, {@code cosignature/v1}) or a 2420-byte ML-DSA-44
 * signature (key type 0x06, {@code subtree/v1} cosigned_message). The timestamp is POSIX seconds and must not
 * exceed 2^63-1. Also holds the signed-message and key-ID helpers of that spec and of signed-note.
 *
 * @param timestamp POSIX seconds, 0..2^63-1
 * @param signature the raw signature
 */
public record Cosignature(long timestamp, byte[] signature) {
    /** signed-note signature type: Ed25519 note signature. */
    public static final int TYPE_ED25519 = 0x01;
    /** signed-note signature type: timestamped Ed25519 checkpoint cosignature (cosignature/v1). */
    public static final int TYPE_ED25519_COSIGNATURE = 0x04;
    /** signed-note signature type: timestamped ML-DSA-44 (sub)tree cosignature (subtree/v1). */
    public static final int TYPE_MLDSA44_COSIGNATURE = 0x06;
    /** signed-note signature type: reserved for types without an assigned byte, followed by a long identifier. */
    public static final int TYPE_CUSTOM = 0xff;

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param timestamp POSIX seconds, 0..2^63-1
     * @param signature the raw signature
     */
    public Cosignature {
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not exceed 2^63-1");
        }
        Objects.requireNonNull(signature, "signature");
        signature = signature.clone();
    }

    /**
     * The raw signature.
     *
     * @return the raw signature
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Parses a timestamped_signature whose signature is {@code algorithm}'s (Ed25519 or ML-DSA-44). Strict.
     *
     * @param algorithm the signature algorithm
     * @param bytes the encoded bytes
     * @return the parsed value
     */
    public static Cosignature parse(SignatureAlgorithm algorithm, byte[] bytes) {
        if (algorithm != SignatureAlgorithm.ED25519 && algorithm != SignatureAlgorithm.MLDSA44) {
            throw new IllegalArgumentException("tlog-cosignature defines Ed25519 and ML-DSA-44 only");
        }
        return TlsReader.parseAll(bytes, "timestamped_signature", r -> {
            long ts = r.u64("timestamped_signature.timestamp");
            if (ts < 0) {
                throw new MtcParseException("timestamped_signature.timestamp", "must not exceed 2^63-1");
            }
            byte[] sig = r.bytes("timestamped_signature.signature", algorithm.fixedSignatureLength());
            return new Cosignature(ts, sig);
        });
    }

    /**
     * {@code u64 timestamp || signature}.
     *
     * @return the encoding
     */
    public byte[] encode() {
        return TlsWriter.encode(w -> w.u64(timestamp).bytes(signature));
    }

    /**
     * tlog-cosignature §"Ed25519 signed message": {@code "cosignature/v1\n" + "time <ts>\n"} followed by the whole
     * checkpoint note text, extension lines included.
     *
     * @param timestamp POSIX seconds, 0..2^63-1
     * @param checkpointText the checkpoint's text
     * @return the {@code byte[]}
     */
    public static byte[] ed25519Message(long timestamp, byte[] checkpointText) {
        byte[] head = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + checkpointText.length);
        System.arraycopy(checkpointText, 0, out, head.length, checkpointText.length);
        return out;
    }

    /**
     * signed-note §"Signatures": {@code SHA-256(name || 0x0A || type || publicKey)[:4]} as a big-endian int.
     *
     * @param name the name
     * @param type the type
     * @param publicKey the public key
     * @return the {@code int}
     */
    public static int keyId(String name, int type, byte[] publicKey) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] in = ByteBuffer.allocate(n.length + 2 + publicKey.length).put(n).put((byte) '\n').put((byte) type)
                .put(publicKey).array();
        return ByteBuffer.wrap(sha256(in)).getInt();
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cosignature c && c.timestamp == timestamp && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Cosignature[timestamp=" + timestamp + ", " + signature.length + "-byte signature]";
    }
}
