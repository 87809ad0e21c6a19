package io.mtc4j.spec.ca;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * The MTCCertificationAuthority extension value (draft §"Representing Certification Authorities";
 * experimental OID 1.3.6.1.4.1.44363.47.2, MUST be critical):
 * {@code SEQUENCE { logHash AlgorithmIdentifier, sigAlg AlgorithmIdentifier, minSerial INTEGER, maxSerial INTEGER }}.
 * plants-04 had no maxSerial (empty here); it exists from plants-05 on. Immutable.
 */
public final class MtcCertificationAuthority {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final byte[] logHash;
    private final byte[] sigAlg;
    private final BigInteger minSerial;
    private final Optional<BigInteger> maxSerial;

    /**
     * From the DER AlgorithmIdentifiers and the serial bounds (maxSerial empty only for plants-04).
     *
     * @param logHash the log hash's AlgorithmIdentifier
     * @param sigAlg the signature algorithm
     * @param minSerial the smallest serial the CA issues
     * @param maxSerial the largest serial the CA issues
     */
    public MtcCertificationAuthority(byte[] logHash, byte[] sigAlg, BigInteger minSerial,
            Optional<BigInteger> maxSerial) {
        this.logHash = logHash.clone();
        this.sigAlg = sigAlg.clone();
        X509Der.checkAlgorithmIdentifier(DerReader.single(this.logHash, "MTCCertificationAuthority.logHash"));
        X509Der.checkAlgorithmIdentifier(DerReader.single(this.sigAlg, "MTCCertificationAuthority.sigAlg"));
        checkRange(minSerial, "minSerial");
        maxSerial.ifPresent(m -> checkRange(m, "maxSerial"));
        this.minSerial = minSerial;
        this.maxSerial = maxSerial;
    }

    /**
     * SHA-256 log hash, the given signature algorithm OID (no parameters) and both bounds.
     *
     * @param logHashOid the log hash's OID
     * @param sigAlgOid the cosigner signature algorithm's OID
     * @param minSerial the smallest serial the CA issues
     * @param maxSerial the largest serial the CA issues
     * @return the new {@code MtcCertificationAuthority}
     */
    public static MtcCertificationAuthority of(String logHashOid, String sigAlgOid, BigInteger minSerial,
            BigInteger maxSerial) {
        return new MtcCertificationAuthority(Der.algorithmIdentifier(logHashOid), Der.algorithmIdentifier(sigAlgOid),
                minSerial, Optional.of(maxSerial));
    }

    private static void checkRange(BigInteger v, String field) {
        if (v.signum() < 0 || v.compareTo(MAX) > 0) {
            throw new MtcParseException("MTCCertificationAuthority." + field, "outside 0..2^64-1 (mtcMaxSerial)");
        }
    }

    /**
     * DER of the extension value for {@code profile} (plants-04: no maxSerial).
     *
     * @param profile the wire profile
     * @return the encoding
     */
    public byte[] encode(Profile profile) {
        requireProfile(profile);
        if (profile == Profile.PLANTS_04) {
            return Der.sequence(logHash, sigAlg, Der.integer(minSerial));
        }
        return Der.sequence(logHash, sigAlg, Der.integer(minSerial), Der.integer(maxSerial.orElseThrow(
                () -> new MtcException("MTCCertificationAuthority.maxSerial: required from plants-05"))));
    }

    private static void requireProfile(Profile profile) {
        if (!profile.serialHasLogNumber()) {
            throw new MtcException("MTCCertificationAuthority: no such extension before plants-04");
        }
    }

    /**
     * Parses the extension value (the extnValue contents) under {@code profile}.
     *
     * @param profile the wire profile
     * @param der the DER encoding
     * @return the parsed value
     */
    public static MtcCertificationAuthority parse(Profile profile, byte[] der) {
        if (!profile.serialHasLogNumber()) {
            throw new MtcParseException("MTCCertificationAuthority", "no such extension before plants-04");
        }
        String f = "MTCCertificationAuthority";
        DerElement seq = DerReader.single(der, f);
        if (seq.tag() != Der.SEQUENCE) {
            throw new MtcParseException(f, "must be a SEQUENCE");
        }
        DerReader r = seq.reader();
        DerElement logHash = r.read(f + ".logHash", Der.SEQUENCE);
        X509Der.checkAlgorithmIdentifier(logHash);
        DerElement sigAlg = r.read(f + ".sigAlg", Der.SEQUENCE);
        X509Der.checkAlgorithmIdentifier(sigAlg);
        BigInteger min = r.read(f + ".minSerial", Der.INTEGER).integer();
        Optional<BigInteger> max = Optional.empty();
        if (profile != Profile.PLANTS_04) {
            max = Optional.of(r.read(f + ".maxSerial", Der.INTEGER).integer());
        }
        r.finish();
        return new MtcCertificationAuthority(logHash.encoded(), sigAlg.encoded(), min, max);
    }

    /**
     * logHash AlgorithmIdentifier DER.
     *
     * @return the {@code byte[]}
     */
    public byte[] logHash() {
        return logHash.clone();
    }

    /**
     * logHash algorithm OID, e.g. 2.16.840.1.101.3.4.2.1 (SHA-256).
     *
     * @return the {@code String}
     */
    public String logHashOid() {
        return X509Der.checkAlgorithmIdentifier(DerReader.single(logHash, "logHash"));
    }

    /**
     * sigAlg AlgorithmIdentifier DER.
     *
     * @return the {@code byte[]}
     */
    public byte[] sigAlg() {
        return sigAlg.clone();
    }

    /**
     * sigAlg OID (the CA cosigner's algorithm), e.g. 2.16.840.1.101.3.4.3.17 (ML-DSA-44).
     *
     * @return the {@code String}
     */
    public String sigAlgOid() {
        return X509Der.checkAlgorithmIdentifier(DerReader.single(sigAlg, "sigAlg"));
    }

    /**
     * The min serial.
     *
     * @return the smallest serial the CA issues
     */
    public BigInteger minSerial() {
        return minSerial;
    }

    /**
     * Empty for plants-04, which had no maxSerial.
     *
     * @return the {@code Optional<BigInteger>}
     */
    public Optional<BigInteger> maxSerial() {
        return maxSerial;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MtcCertificationAuthority m && Arrays.equals(m.logHash, logHash)
                && Arrays.equals(m.sigAlg, sigAlg) && m.minSerial.equals(minSerial) && m.maxSerial.equals(maxSerial);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(logHash) * 31 + minSerial.hashCode();
    }

    @Override
    public String toString() {
        return "MTCCertificationAuthority[logHash=" + logHashOid() + ", sigAlg=" + sigAlgOid() + ", minSerial="
                + minSerial + ", maxSerial=" + maxSerial.map(BigInteger::toString).orElse("absent") + "]";
    }
}
