package io.mtc4j.spec.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The hash function {@code HASH} of a log (draft §"Certification Authorities": SHA-256 is RECOMMENDED, and
 * tlog-tiles requires it). Implementations are immutable and thread-safe.
 */
public interface HashFunction {
    /**
     * The JDK algorithm name, e.g. {@code "SHA-256"}.
     *
     * @return the JDK algorithm name, e.g
     */
    String name();

    /**
     * {@code HASH_SIZE}: the output length in bytes.
     *
     * @return the {@code int}
     */
    int size();

    /**
     * {@code HASH(data)}.
     *
     * @param data the data
     * @return the {@code byte[]}
     */
    byte[] digest(byte[] data);

    /**
     * SHA-256 through the JDK's {@link MessageDigest} (the default for every log).
     *
     * @return the {@code HashFunction}
     */
    static HashFunction sha256() {
        return JdkHash.SHA256;
    }

    /**
     * Any JDK message digest, e.g. {@code "SHA-384"}.
     *
     * @throws IllegalArgumentException if the JDK does not provide it
     * @param algorithm the signature algorithm
     * @return the {@code HashFunction}
     */
    static HashFunction jdk(String algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm.equals(JdkHash.SHA256.name())) {
            return JdkHash.SHA256;
        }
        return new JdkHash(algorithm);
    }
}

/** A JDK digest with one {@link MessageDigest} per thread (a MessageDigest is not thread-safe). */
final class JdkHash implements HashFunction {
    static final JdkHash SHA256 = new JdkHash("SHA-256");

    private final String algorithm;
    private final int size;
    private final ThreadLocal<MessageDigest> digests;

    JdkHash(String algorithm) {
        this.algorithm = algorithm;
        MessageDigest first = newDigest(algorithm);
        this.size = first.getDigestLength();
        this.digests = ThreadLocal.withInitial(() -> newDigest(algorithm));
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("hash algorithm " + algorithm + " is not available", e);
        }
    }

    @Override
    public String name() {
        return algorithm;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] digest(byte[] data) {
        return digests.get().digest(data);
    }

    @Override
    public String toString() {
        return algorithm;
    }
}
