package io.mtc4j.log.monitor;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** MTCLogEntry values for monitor tests, built with mtc-spec's checked constructors. */
final class TestEntries {
    static final Profile PROFILE = Profile.current();
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    private TestEntries() {}

    /** What an entry says. */
    record Spec(List<String> dns, List<byte[]> ips, Optional<String> cn, byte[] spkiHash, boolean caTrue, long days,
            List<EntryExtension> extensions) {
        Spec dns(String... names) {
            return new Spec(List.of(names), ips, cn, spkiHash, caTrue, days, extensions);
        }

        Spec ips(byte[]... a) {
            return new Spec(dns, List.of(a), cn, spkiHash, caTrue, days, extensions);
        }

        Spec cn(String c) {
            return new Spec(dns, ips, Optional.of(c), spkiHash, caTrue, days, extensions);
        }

        Spec key(byte[] h) {
            return new Spec(dns, ips, cn, h, caTrue, days, extensions);
        }

        Spec ca() {
            return new Spec(dns, ips, cn, spkiHash, true, days, extensions);
        }

        Spec days(long d) {
            return new Spec(dns, ips, cn, spkiHash, caTrue, d, extensions);
        }

        Spec extension(int type) {
            return new Spec(dns, ips, cn, spkiHash, caTrue, days, List.of(new EntryExtension(type, new byte[] {1})));
        }

        byte[] encode() {
            return entry(this);
        }
    }

    static Spec spec() {
        return new Spec(List.of(), List.of(), Optional.empty(), key("default"), false, 7, List.of());
    }

    /** SHA-256 of a made-up SPKI named {@code label}. */
    static byte[] key(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] entry(Spec s) {
        List<byte[]> exts = new ArrayList<>();
        List<byte[]> gns = new ArrayList<>();
        for (String d : s.dns()) {
            gns.add(Der.tlv(0x82, d.getBytes(StandardCharsets.US_ASCII)));
        }
        for (byte[] a : s.ips()) {
            gns.add(Der.tlv(0x87, a));
        }
        if (!gns.isEmpty()) {
            exts.add(X509Der.extension("2.5.29.17", s.cn().isEmpty(), Der.sequence(gns.toArray(new byte[0][]))));
        }
        if (s.caTrue()) {
            exts.add(X509Der.extension("2.5.29.19", true, Der.sequence(Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff}))));
        }
        exts.add(X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})));
        byte[] subject = s.cn().isPresent()
                ? Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"),
                        Der.tlv(Der.UTF8_STRING, s.cn().get().getBytes(StandardCharsets.UTF_8)))))
                : Der.sequence();
        TbsCertificateLogEntry tbs = new TbsCertificateLogEntry(
                Optional.of(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO))),
                new CaIdName(CA_ID, CaIdName.Form.EXPERIMENTAL).encode(),
                X509Der.validity(NOT_BEFORE, NOT_BEFORE.plusSeconds(86_400 * s.days())), subject,
                Optional.of(Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.oid("1.2.840.10045.3.1.7"))),
                s.spkiHash(), Optional.empty(), Optional.empty(),
                Optional.of(Der.tlv(Der.explicit(3), Der.sequence(exts.toArray(new byte[0][])))));
        return MtcLogEntry.tbsCertEntry(PROFILE, s.extensions(), tbs).encode();
    }

    static byte[] ip(String text) {
        return io.mtc4j.spec.names.IpAddresses.parse(text).orElseThrow(() -> new IllegalArgumentException(text));
    }
}
