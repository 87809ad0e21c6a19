package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorShapes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An issuer alternative name in a log entry (draft §"Log Entries", MTC-NOTES E5): "If present, the extension MUST be
 * marked non-critical. The IssuerAltName SEQUENCE MUST contain a single GeneralName of type directoryName, whose
 * Name MUST use the rdnSequence CHOICE. Each RelativeDistinguishedName MUST contain a single
 * AttributeTypeAndValue." Certificates of the sample log (entry 6) whose TBSCertificate carries one more
 * extension, an issuerAltName, and the log entries they prove; groups for {@code entry.parse} and
 * {@code cert.entry}. ({@code cert.parse} does not rebuild the entry, so it does not apply this rule.)
 */
final class IssuerAltNameVectors {
    private IssuerAltNameVectors() {}

    private static final String LE = "Log Entries";
    private static final String IAN = X509Oids.ISSUER_ALT_NAME;
    private static final int INDEX = 6;

    /** One issuerAltName variant: comment, the extension DER, whether the draft allows it and whether critical. */
    record Variant(String comment, byte[] extension, boolean allowed, boolean critical) {}

    private static byte[] atv(String oid, String value) {
        return Der.sequence(Der.oid(oid), Der.tlv(Der.UTF8_STRING, value.getBytes(StandardCharsets.US_ASCII)));
    }

    /** directoryName [4] EXPLICIT Name (Name is a CHOICE, so the context tag is constructed around it). */
    private static byte[] directoryName(byte[]... rdns) {
        return Der.tlv(Der.explicit(4), Der.sequence(rdns));
    }

    static List<Variant> variants() {
        byte[] rdnO = Der.tlv(Der.SET, atv("2.5.4.10", "Example CA"));
        byte[] rdnCn = Der.tlv(Der.SET, atv(X509Oids.COMMON_NAME, "ca.example"));
        byte[] good = Der.sequence(directoryName(rdnO, rdnCn));
        byte[] dns = Der.tlv(0x82, "ca.example".getBytes(StandardCharsets.US_ASCII));
        // DER SET OF: the two ATVs sorted by their encodings (CN's OID 2.5.4.3 sorts before O's 2.5.4.10)
        byte[] twoAtvs = Der.tlv(Der.SET, CosignVectors.concat(atv(X509Oids.COMMON_NAME, "ca.example"),
                atv("2.5.4.10", "Example CA")));
        List<Variant> out = new ArrayList<>();
        out.add(new Variant("issuerAltName: non-critical, one directoryName of two single-ATV RDNs",
                X509Der.extension(IAN, false, good), true, false));
        out.add(new Variant("issuerAltName marked critical", X509Der.extension(IAN, true, good), false, true));
        out.add(new Variant("issuerAltName with two GeneralNames (two directoryNames)", X509Der.extension(IAN, false,
                Der.sequence(directoryName(rdnO), directoryName(rdnCn))), false, false));
        out.add(new Variant("issuerAltName holding a dNSName instead of a directoryName", X509Der.extension(IAN,
                false, Der.sequence(dns)), false, false));
        out.add(new Variant("issuerAltName directoryName with an RDN of two AttributeTypeAndValues",
                X509Der.extension(IAN, false, Der.sequence(directoryName(twoAtvs))), false, false));
        return out;
    }

    /** A sample certificate whose TBSCertificate extensions gain {@code extension} (proof unchanged). */
    private static byte[] withExtension(MtcCertificate c, byte[] extension) {
        TbsCertificate t = c.tbs();
        byte[] exts = Der.sequence(CosignVectors.concat(contents(t.extensions().orElseThrow()), extension));
        List<byte[]> parts = new ArrayList<>();
        t.version().ifPresent(parts::add);
        parts.add(t.serialNumberDer());
        parts.add(t.signature());
        parts.add(t.issuer());
        parts.add(t.validity());
        parts.add(t.subject());
        parts.add(t.subjectPublicKeyInfo());
        parts.add(Der.tlv(Der.explicit(3), exts));
        return Der.sequence(Der.sequence(parts.toArray(new byte[0][])), t.signature(),
                Der.bitString(c.signatureValue()));
    }

    /** The contents of the SEQUENCE inside a {@code [3] EXPLICIT Extensions} element. */
    private static byte[] contents(byte[] explicitExtensions) {
        byte[] sequence = DerReader.single(explicitExtensions, "extensions").contents();
        return DerReader.single(sequence, "extensions").contents();
    }

    /** One test: the variant, the certificate carrying it and the entry that certificate proves. */
    private record Case(Variant variant, byte[] certificate, byte[] entry) {}

    private static List<Case> cases(Profile p) {
        SampleLog log = new SampleLog(p, 8);
        MtcCertificate base = log.certificate(INDEX, new Subtree(4, 8), log.cosigners().subList(0, 1));
        List<Variant> vs = variants();
        MtcCertificate good = MtcCertificate.parse(p, withExtension(base, vs.get(0).extension()));
        byte[] goodEntry = good.logEntry().encode();
        byte[] goodExts = good.tbs().extensions().orElseThrow();
        if (!endsWith(goodEntry, goodExts)) {
            throw new IllegalStateException("a tbs_cert_entry is expected to end with the extensions element");
        }
        // the entries of the rejected variants cannot be built through mtc-spec; they are the valid entry with
        // its extensions element replaced
        byte[] entryPrefix = Arrays.copyOf(goodEntry, goodEntry.length - goodExts.length);
        List<Case> out = new ArrayList<>();
        for (Variant v : vs) {
            byte[] der = withExtension(base, v.extension());
            byte[] entry = CosignVectors.concat(entryPrefix, MtcCertificate.parse(p, der).tbs().extensions()
                    .orElseThrow());
            out.add(new Case(v, der, entry));
        }
        return out;
    }

    private static ObjectNode params(Profile p) {
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        return params;
    }

    /** Adds the {@code entry.parse} group for {@code p} to the log_entry file. */
    static void addEntries(Profile p, VectorFile logEntry) {
        VectorFile.Group g = logEntry.group(p + ": issuerAltName in a tbs_cert_entry", params(p));
        for (Case c : cases(p)) {
            Tag tag = Tag.of(LE, "E5");
            if (c.variant().allowed()) {
                g.valid(c.variant().comment(), tag, in("entry", c.entry()),
                        VectorShapes.entry(MtcLogEntry.parse(p, c.entry())));
            } else {
                becauseOfIssuerAltName(c, Expect.rejects("entry.parse " + c.variant().comment(),
                        () -> MtcLogEntry.parse(p, c.entry())));
                g.invalid(c.variant().comment(), tag, in("entry", c.entry()), Ops.KIND_PARSE, Optional.empty());
            }
        }
    }

    /** Flag of the cert.entry tests whose issuerAltName breaks the entry rules. */
    static final String CERT_ENTRY_FLAG = "IssuerAltNameFormat";

    private static ObjectNode entryShape(byte[] entry) {
        ObjectNode o = Json.object();
        o.put("entry", Json.hex(entry));
        o.put("entry_hash", Json.hex(io.mtc4j.spec.merkle.HashFunction.sha256().digest(
                CosignVectors.concat(new byte[] {0}, entry))));
        return o;
    }

    /** Adds the {@code cert.entry} group for {@code p} to the cert_entry file. */
    static void addCertificates(Profile p, VectorFile certEntry) {
        certEntry.note(CERT_ENTRY_FLAG, "The certificate's issuerAltName breaks the draft's rules for one in a log "
                + "entry (§\"Log Entries\": non-critical, one directoryName, one AttributeTypeAndValue per RDN). "
                + "The rule binds the CA that writes the entry; rebuilding the entry from the certificate may reject "
                + "it or give the entry in expected. A relying party must not reject the certificate for it (the "
                + "extension is cosmetic; see cert_verify).");
        VectorFile.Group g = certEntry.group(p + ": issuerAltName in the certificate's TBSCertificate (entry "
                + INDEX + ")", params(p));
        for (Case c : cases(p)) {
            Tag tag = Tag.of(LE, "E5");
            if (c.variant().allowed()) {
                g.valid(c.variant().comment(), tag, in("certificate", c.certificate()),
                        VectorShapes.entry(MtcCertificate.parse(p, c.certificate())));
            } else {
                // the rule binds the CA writing the entry; a party rebuilding the entry from a certificate may
                // check it or not (the relying party must not: the extension is cosmetic)
                ObjectNode expected = entryShape(c.entry());
                if (!VectorShapes.entry(MtcCertificate.parse(p, c.certificate())).equals(expected)) {
                    throw new IllegalStateException("cert.entry '" + c.variant().comment() + "': mtc4j rebuilds "
                            + "another entry");
                }
                g.acceptable(c.variant().comment() + ": the entry is rebuilt unchanged if not checked",
                        Tag.of(LE), in("certificate", c.certificate()), expected, CERT_ENTRY_FLAG);
            }
        }
    }

    /** Fails generation if mtc4j rejected a variant for another reason than the issuerAltName rules. */
    private static void becauseOfIssuerAltName(Case c, RuntimeException e) {
        if (e.getMessage() == null || !e.getMessage().contains("issuerAltName")) {
            throw new IllegalStateException("vector '" + c.variant().comment() + "' is rejected for another reason: "
                    + e);
        }
    }

    private static ObjectNode in(String field, byte[] b) {
        ObjectNode o = Json.object();
        o.put(field, Json.hex(b));
        return o;
    }

    private static boolean endsWith(byte[] a, byte[] suffix) {
        return a.length >= suffix.length
                && Arrays.equals(Arrays.copyOfRange(a, a.length - suffix.length, a.length), suffix);
    }
}
