package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import io.mtc4j.vectors.VectorShapes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * CA certificates (draft §"Representing Certification Authorities", E25, C8, C9) and log entries (draft §"Log
 * Entries", E1-E3, E5) for the current profile and the older entry layouts.
 */
final class CaAndEntryVectors implements VectorSource {
    private static final String RCA = "Representing Certification Authorities";
    private static final String LE = "Log Entries";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        List<VectorFile> out = new ArrayList<>();
        List<Profile> caProfiles = List.of(Profile.PLANTS_05, Profile.PLANTS_04).stream().filter(profiles::contains)
                .toList();
        if (!caProfiles.isEmpty()) {
            out.add(ca(caProfiles));
        }
        List<Profile> entryProfiles = CertVectors.LAYOUTS.stream().filter(profiles::contains).toList();
        if (!entryProfiles.isEmpty()) {
            out.add(entries(entryProfiles));
        }
        return out;
    }

    private static ObjectNode in(String field, byte[] b) {
        ObjectNode o = Json.object();
        o.put(field, Json.hex(b));
        return o;
    }

    /** An RFC 9925 unsigned CA certificate laid out like CaCertificate.buildUnsigned, with knobs to break it. */
    private static byte[] caCert(Profile p, byte[] subject, byte[] authority, boolean mtcCritical, boolean keyUsage,
            boolean ca, byte[] spki) {
        byte[] unsignedAlg = Der.algorithmIdentifier(MtcOids.ID_ALG_UNSIGNED);
        byte[] issuer = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(MtcOids.ID_RDNA_UNSIGNED),
                Der.tlv(Der.UTF8_STRING, new byte[0]))));
        List<byte[]> exts = new ArrayList<>();
        if (keyUsage) {
            exts.add(X509Der.extension(X509Oids.KEY_USAGE, true, Der.tlv(Der.BIT_STRING, new byte[] {2, 0x04})));
        }
        exts.add(X509Der.extension(X509Oids.BASIC_CONSTRAINTS, true,
                ca ? Der.sequence(Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff})) : Der.sequence()));
        exts.add(X509Der.extension(MtcOids.ID_PE_MTC_CERTIFICATION_AUTHORITY, mtcCritical, authority));
        byte[] tbs = Der.sequence(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO)), Der.integer(BigInteger.ONE),
                unsignedAlg, issuer, X509Der.validity(Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2030-12-31T23:59:59Z")), subject, spki,
                Der.tlv(Der.explicit(3), Der.sequence(exts.toArray(new byte[0][]))));
        return Der.sequence(tbs, unsignedAlg, Der.bitString(new byte[0]));
    }

    private static VectorFile ca(List<Profile> ps) {
        VectorFile f = VectorFile.create("ca_certificate", Ops.CA_PARSE,
                "CA certificates: CA ID, log hash, CA cosigner algorithm and key, serial bounds");
        f.request("certificate", Type.HEX).request("profile", Type.PROFILE);
        f.output("ca_id", Type.STRING).output("log_hash", Type.STRING).output("sig_alg", Type.STRING)
                .output("min_serial", Type.UINT).output("max_serial", Type.UINT).output("public_key", Type.HEX);
        for (Profile p : ps) {
            SampleLog log = new SampleLog(p, 1);
            byte[] spki = log.cosigners().get(0).signer().publicKeySpki();
            ObjectNode params = Json.object();
            params.put("profile", p.wireName());
            VectorFile.Group g = f.group(p + ": CA 32473.1", params);
            MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                    BigInteger.ONE.shiftLeft(48), BigInteger.valueOf(6).shiftLeft(48).subtract(BigInteger.ONE));
            byte[] subject = CaIdName.experimental(SampleLog.CA).encode();
            CaCertificate built = CaCertificate.buildUnsigned(p, CaIdName.experimental(SampleLog.CA),
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-12-31T23:59:59Z"), spki, a, true,
                    Optional.of("https://ca.example/mtc"));
            g.valid("unsigned CA certificate with SubjectKeyIdentifier and prefix URL", Tag.of(RCA, "C9"),
                    in("certificate", built.encoded()), VectorShapes.caCertificate(built));
            byte[] plain = caCert(p, subject, a.encode(p), true, true, true, spki);
            g.valid("minimal unsigned CA certificate", Tag.of(RCA, "C8"), in("certificate", plain),
                    VectorShapes.caCertificate(CaCertificate.parse(p, plain)));
            VectorFile.Group bad = f.group(p + ": malformed CA certificates", params);
            Object[][] cases = {
                {"MTC CA extension not critical", caCert(p, subject, a.encode(p), false, true, true, spki), "E25"},
                {"no KeyUsage", caCert(p, subject, a.encode(p), true, false, true, spki), "C9"},
                {"BasicConstraints without cA", caCert(p, subject, a.encode(p), true, true, false, spki), "C9"},
                {"subject is not a CA ID", caCert(p, Der.sequence(Der.tlv(Der.SET, Der.sequence(
                        Der.oid(X509Oids.COMMON_NAME), Der.tlv(Der.UTF8_STRING,
                                "ca".getBytes(StandardCharsets.US_ASCII))))), a.encode(p), true, true, true, spki),
                    "C8"},
                {"one byte after the certificate", CosignVectors.concat(plain, new byte[] {0}), "E17"}};
            for (Object[] c : cases) {
                byte[] der = (byte[]) c[1];
                Expect.rejects("ca " + c[0], () -> CaCertificate.parse(p, der));
                bad.invalid((String) c[0], Tag.of(RCA, (String) c[2]), in("certificate", der), Ops.KIND_PARSE,
                        Optional.empty());
            }
        }
        if (ps.contains(Profile.PLANTS_05) && ps.contains(Profile.PLANTS_04)) {
            // appended: the plants-04 extension value (no maxSerial) in a plants-05 CA certificate
            Profile p = Profile.PLANTS_05;
            ObjectNode params = Json.object();
            params.put("profile", p.wireName());
            VectorFile.Group g = f.group(p + ": a CA certificate whose MTC extension lacks maxSerial (the plants-04 "
                    + "form)", params);
            MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                    BigInteger.ONE.shiftLeft(48), BigInteger.valueOf(6).shiftLeft(48).subtract(BigInteger.ONE));
            byte[] der = caCert(p, CaIdName.experimental(SampleLog.CA).encode(), a.encode(Profile.PLANTS_04), true,
                    true, true, new SampleLog(p, 1).cosigners().get(0).signer().publicKeySpki());
            Expect.rejects("ca without maxSerial", () -> CaCertificate.parse(p, der));
            g.invalid("MTCCertificationAuthority without maxSerial", Tag.of(RCA, "E36"), in("certificate", der),
                    Ops.KIND_PARSE, Optional.empty());
        }
        return f;
    }

    private static VectorFile entries(List<Profile> ps) {
        VectorFile f = VectorFile.create("log_entry", Ops.ENTRY_PARSE,
                "MTCLogEntry: type, extensions and the leaf hash HASH(0x00 || entry)");
        f.request("entry", Type.HEX).request("profile", Type.PROFILE);
        f.output("type", Type.UINT).output("extensions", Type.ANY).output("entry_hash", Type.HEX);
        for (Profile p : ps) {
            SampleLog log = new SampleLog(p, 3);
            ObjectNode params = Json.object();
            params.put("profile", p.wireName());
            VectorFile.Group g = f.group(p + ": entries", params);
            g.valid("null entry", Tag.of(LE), in("entry", log.entries().get(0).encode()),
                    VectorShapes.entry(log.entries().get(0)));
            g.valid("tbs_cert_entry", Tag.of(LE, "E3"), in("entry", log.entries().get(1).encode()),
                    VectorShapes.entry(log.entries().get(1)));
            byte[] tbsEntry = log.entries().get(1).encode();
            VectorFile.Group bad = f.group(p + ": malformed entries", params);
            List<Object[]> cases = new ArrayList<>();
            cases.add(new Object[] {"truncated by one byte", Arrays.copyOf(tbsEntry, tbsEntry.length - 1), "E3"});
            cases.add(new Object[] {"one trailing byte", CosignVectors.concat(tbsEntry, new byte[] {0}), "E3"});
            cases.add(new Object[] {"empty", new byte[0], "E3"});
            if (p.hasExtensions()) {
                byte[] body = Arrays.copyOfRange(tbsEntry, 4, tbsEntry.length);
                MtcLogEntry withExt = MtcLogEntry.parse(p, TlsWriter.encode(w -> w.u16Vector("e", 0, 0xffff,
                        v -> v.u16(7).u16Bytes("d", 0, 0xffff, new byte[] {1, 2})).u16(1).bytes(body)));
                g.valid("tbs_cert_entry with one extension (type 7)", Tag.of(LE, "E1"), in("entry", withExt.encode()),
                        VectorShapes.entry(withExt));
                cases.add(new Object[] {"extensions out of order", TlsWriter.encode(w -> w.u16Vector("e", 0, 0xffff,
                        v -> v.u16(7).u16(0).u16(3).u16(0)).u16(1).bytes(body)), "E1"});
                cases.add(new Object[] {"duplicate extension type", TlsWriter.encode(w -> w.u16Vector("e", 0, 0xffff,
                        v -> v.u16(3).u16(0).u16(3).u16(0)).u16(1).bytes(body)), "E1"});
                byte[] big = new byte[65536 - 4];
                cases.add(new Object[] {"entry of 65536 bytes", TlsWriter.encode(w -> w.u16(0).u16(9).bytes(big)),
                    "E2"});
                g.valid("entry of a future type (9) is parsed and hashed", Tag.of("Extensibility"),
                        in("entry", TlsWriter.encode(w -> w.u16(0).u16(9).bytes(new byte[] {1, 2, 3}))),
                        VectorShapes.entry(MtcLogEntry.parse(p, TlsWriter.encode(w -> w.u16(0).u16(9)
                                .bytes(new byte[] {1, 2, 3})))));
            }
            for (Object[] c : cases) {
                byte[] b = (byte[]) c[1];
                Expect.rejects("entry " + p + " " + c[0], () -> MtcLogEntry.parse(p, b));
                bad.invalid((String) c[0], Tag.of(LE, (String) c[2]), in("entry", b), Ops.KIND_PARSE,
                        Optional.empty());
            }
        }
        if (ps.contains(Profile.PLANTS_05)) {
            IssuerAltNameVectors.addEntries(Profile.PLANTS_05, f);
        }
        return f;
    }

}
