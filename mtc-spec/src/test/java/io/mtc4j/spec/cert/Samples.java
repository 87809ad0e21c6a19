package io.mtc4j.spec.cert;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Deterministic sample structures for the property and fuzz tests. */
public final class Samples {
    private Samples() {}

    public static final byte[] P256_ALG = Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.oid("1.2.840.10045.3.1.7"));

    /** A P-256-shaped SPKI with random key bytes. */
    public static byte[] spki(Random rnd) {
        byte[] key = new byte[65];
        rnd.nextBytes(key);
        key[0] = 4;
        return Der.sequence(P256_ALG, Der.bitString(key));
    }

    static byte[] dnsSan(String host) {
        return X509Der.extension("2.5.29.17", true,
                Der.sequence(Der.tlv(0x82, host.getBytes(StandardCharsets.US_ASCII))));
    }

    /** A random TBSCertificateLogEntry for {@code profile} issued by {@code ca}. */
    public static TbsCertificateLogEntry logEntry(Random rnd, Profile profile, TrustAnchorId ca, byte[] spki,
            CaIdName.Form form) {
        Instant nb = Instant.ofEpochSecond(1_500_000_000L + rnd.nextInt(1_000_000_000));
        Instant na = nb.plusSeconds(rnd.nextInt(100_000_000));
        byte[] subject = rnd.nextBoolean() ? Der.sequence()
                : Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"),
                        Der.tlv(Der.UTF8_STRING, ("host" + rnd.nextInt(1000)).getBytes(StandardCharsets.UTF_8)))));
        Optional<byte[]> ext = rnd.nextInt(4) == 0 ? Optional.empty()
                : Optional.of(Der.tlv(Der.explicit(3), Der.sequence(dnsSan("h" + rnd.nextInt(99999) + ".example"),
                        X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})))));
        Optional<byte[]> version = Optional.of(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO)));
        return new TbsCertificateLogEntry(version, new CaIdName(ca, form).encode(), X509Der.validity(nb, na), subject,
                profile.hasSubjectPublicKeyAlgorithm() ? Optional.of(P256_ALG) : Optional.empty(),
                HashFunction.sha256().digest(spki), Optional.empty(), Optional.empty(), ext);
    }

    public static List<EntryExtension> extensions(Random rnd, Profile profile) {
        List<EntryExtension> out = new ArrayList<>();
        if (!profile.hasExtensions()) {
            return out;
        }
        int type = -1;
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            type += 1 + rnd.nextInt(1000);
            byte[] d = new byte[rnd.nextInt(8)];
            rnd.nextBytes(d);
            out.add(new EntryExtension(type, d));
        }
        return out;
    }

    public static TrustAnchorId tai(Random rnd) {
        StringBuilder sb = new StringBuilder().append(rnd.nextInt(100000));
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append('.').append(rnd.nextInt(5) == 0 ? Long.toUnsignedString(rnd.nextLong()) : rnd.nextInt(300));
        }
        return TrustAnchorId.parse(sb.toString());
    }

    /** A random proof valid for the profile's layout (not necessarily a correct Merkle proof). */
    public static MtcProof proof(Random rnd, Profile profile, List<EntryExtension> ext, boolean withSignatures) {
        long start = profile.hasExtensions() ? rnd.nextLong() & ((1L << 48) - 1) : rnd.nextLong();
        long end = profile.hasExtensions() ? rnd.nextLong() & ((1L << 48) - 1) : rnd.nextLong();
        List<byte[]> hashes = new ArrayList<>();
        int n = rnd.nextInt(12);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[32];
            rnd.nextBytes(h);
            hashes.add(h);
        }
        List<SubtreeSignature> sigs = new ArrayList<>();
        if (withSignatures) {
            int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                TrustAnchorId id = tai(rnd);
                if (sigs.stream().anyMatch(s -> s.cosignerId().equals(id))) {
                    continue;
                }
                byte[] sig = new byte[rnd.nextInt(3) == 0 ? 2420 : rnd.nextInt(80)];
                rnd.nextBytes(sig);
                sigs.add(new SubtreeSignature(id, sig));
            }
        }
        MtcProof p = new MtcProof(ext, start, end, hashes, sigs);
        return profile.hasExtensions() ? p.withSortedSignatures() : p;
    }

    /** A random certificate (entry, key and proof all consistent). */
    public static MtcCertificate certificate(Random rnd, Profile profile) {
        TrustAnchorId ca = tai(rnd);
        byte[] spki = spki(rnd);
        CaIdName.Form form = rnd.nextBoolean() ? CaIdName.Form.EXPERIMENTAL : CaIdName.Form.FINAL;
        List<EntryExtension> ext = extensions(rnd, profile);
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(profile, ext, logEntry(rnd, profile, ca, spki, form));
        int log = 1 + rnd.nextInt(0xffff);
        long index = rnd.nextLong() & ((1L << 48) - 1);
        return CertificateBuilder.build(entry, spki, log, index, proof(rnd, profile, ext, rnd.nextBoolean()),
                HashFunction.sha256());
    }
}
