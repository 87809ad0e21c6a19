package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.vectors.VectorShapes;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Certificates (draft §"Certificate Format", MTC-NOTES §2.6/2.7 and §6): parsing, the reconstructed log entry
 * and entry hash, for the current profile and each older layout, plus malformed certificates for every MUST a
 * parser can check (E3, E10, E14-E17, R2, R3).
 */
final class CertVectors implements VectorSource {
    static final String FORMAT = "Certificate Format";
    static final List<Profile> LAYOUTS = List.of(Profile.PLANTS_05, Profile.PLANTS_04, Profile.PLANTS_02,
            Profile.DAVIDBEN_10, Profile.DAVIDBEN_09);
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        List<Profile> ps = LAYOUTS.stream().filter(profiles::contains).toList();
        if (ps.isEmpty()) {
            return List.of();
        }
        VectorFile parse = VectorFile.create("cert_parse", Ops.CERT_PARSE,
                "Parsing a Merkle Tree Certificate: serial, log number, index, MTCProof fields, issuer CA ID");
        parse.request("certificate", Type.HEX).request("profile", Type.PROFILE);
        parse.output("serial", Type.UINT).output("log_number", Type.UINT).output("index", Type.UINT)
                .output("start", Type.UINT).output("end", Type.UINT).output("extensions", Type.ANY)
                .output("inclusion_proof", Type.HEX_LIST).output("signatures", Type.ANY)
                .output("issuer_ca_id", Type.STRING);
        VectorFile entry = VectorFile.create("cert_entry", Ops.CERT_ENTRY,
                "The MTCLogEntry a certificate proves, rebuilt from its TBSCertificate and MTCProof, and its hash");
        entry.request("certificate", Type.HEX).request("profile", Type.PROFILE);
        entry.output("entry", Type.HEX).output("entry_hash", Type.HEX);
        for (Profile p : ps) {
            SampleLog log = new SampleLog(p, 13);
            ObjectNode params = Json.object();
            params.put("profile", p.wireName());
            VectorFile.Group g = parse.group(p + ": certificates from a 13-entry log", params);
            VectorFile.Group ge = entry.group(p + ": certificates from a 13-entry log", params);
            List<SubtreeSigner> cs = log.cosigners();
            List<Subtree> cover = Covering.coveringSubtrees(5, 13);
            List<Object[]> certs = new ArrayList<>();
            certs.add(new Object[] {"standalone, entry 6 in [4, 8), CA cosigner only", log.certificate(6, cover.get(0),
                    cs.subList(0, 1))});
            certs.add(new Object[] {"standalone, entry 10 in [8, 13), three cosigners", log.certificate(10,
                    cover.get(1), cs)});
            certs.add(new Object[] {"landmark-relative, entry 3 in [0, 8)", log.certificate(3, new Subtree(0, 8),
                    List.of())});
            certs.add(new Object[] {"landmark-relative, entry 12 in [12, 13) (empty proof)", log.certificate(12,
                    new Subtree(12, 13), List.of())});
            if (p.hasExtensions()) {
                certs.add(new Object[] {"standalone, entry 11 with an entry extension (type 7) copied into the "
                        + "MTCProof", log.certificate(SampleLog.EXTENSION_INDEX, cover.get(1), cs.subList(0, 1))});
            }
            for (Object[] c : certs) {
                MtcCertificate m = (MtcCertificate) c[1];
                String tag = p.serialHasLogNumber() ? "E8" : "E16";
                g.valid((String) c[0], Tag.of(FORMAT, tag), cert(m.encoded()), VectorShapes.parsed(m));
                ge.valid((String) c[0], Tag.of("Log Entries", "E6"), cert(m.encoded()), VectorShapes.entry(m));
            }
            VectorFile.Group bad = parse.group(p + ": malformed certificates", params);
            for (Object[] n : negatives(p, (MtcCertificate) certs.get(1)[1])) {
                byte[] der = (byte[]) n[1];
                Expect.rejects("cert.parse " + p + " " + n[0], () -> MtcCertificate.parse(p, der));
                bad.invalid((String) n[0], Tag.of((String) n[2], (String) n[3]), cert(der), Ops.KIND_PARSE,
                        Optional.empty());
            }
        }
        if (ps.contains(Profile.PLANTS_05)) {
            IssuerAltNameVectors.addCertificates(Profile.PLANTS_05, entry);
            Profile p = Profile.PLANTS_05;
            ObjectNode params = Json.object();
            params.put("profile", p.wireName());
            VectorFile.Group ber = entry.group(p + ": BER inside the TBSCertificate (tbs_cert_entry_data is DER; the "
                    + "entry cannot be rebuilt from a non-DER encoding)", params);
            MtcCertificate base = new SampleLog(p, 13).certificate(6, new Subtree(4, 8), List.of());
            for (Object[] b : berVariants(base)) {
                byte[] der = (byte[]) b[1];
                Expect.rejects("cert.entry " + b[0], () -> MtcCertificate.parse(p, der).logEntry());
                ber.invalid((String) b[0], Tag.of("Log Entries", "E3"), cert(der), Ops.KIND_PARSE, Optional.empty());
            }
        }
        return List.of(parse, entry);
    }

    /** {@code tlv} (one-byte tag, short-form length) re-encoded with a long-form length, which DER forbids. */
    private static byte[] longFormLength(byte[] tlv) {
        if (tlv.length < 2 || (tlv[1] & 0x80) != 0) {
            throw new IllegalArgumentException("expected a short-form length");
        }
        byte[] out = new byte[tlv.length + 1];
        out[0] = tlv[0];
        out[1] = (byte) 0x81;
        System.arraycopy(tlv, 1, out, 2, tlv.length - 1);
        return out;
    }

    /**
     * Certificates whose TBSCertificate is valid BER but not DER (draft §"Log Entries": tbs_cert_entry_data is
     * the DER encoding; §"Certificate Malleability"), each with {@code certificate}'s MTCProof: comment, DER.
     */
    static List<Object[]> berVariants(MtcCertificate c) {
        io.mtc4j.spec.cert.TbsCertificate t = c.tbs();
        byte[] version = t.version().orElseThrow();
        byte[] san = Der.sequence(Der.tlv(0x82, SampleLog.host((int) c.index()).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] explicitFalse = Der.tlv(Der.explicit(3), Der.sequence(Der.sequence(Der.oid(X509Oids.SUBJECT_ALT_NAME),
                Der.tlv(Der.BOOLEAN, new byte[] {0}), Der.tlv(Der.OCTET_STRING, san))));
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"validity with a long-form length (81 1e) where DER requires the short form",
            tbsWith(c, version, t.validity(), t.extensions().orElseThrow(), true)});
        out.add(new Object[] {"version [0] with a long-form length",
            tbsWith(c, longFormLength(version), t.validity(), t.extensions().orElseThrow(), false)});
        out.add(new Object[] {"subjectAltName with critical FALSE encoded (DER omits a DEFAULT value)",
            tbsWith(c, version, t.validity(), explicitFalse, false)});
        return out;
    }

    private static byte[] tbsWith(MtcCertificate c, byte[] version, byte[] validity, byte[] extensions,
            boolean longValidity) {
        io.mtc4j.spec.cert.TbsCertificate t = c.tbs();
        byte[] tbs = Der.sequence(version, t.serialNumberDer(), t.signature(), t.issuer(),
                longValidity ? longFormLength(validity) : validity, t.subject(), t.subjectPublicKeyInfo(), extensions);
        return Der.sequence(tbs, t.signature(), Der.bitString(c.signatureValue()));
    }

    private static ObjectNode cert(byte[] der) {
        ObjectNode o = Json.object();
        o.put("certificate", Json.hex(der));
        return o;
    }

    /** Encodes MTCProof fields by hand (so that deliberately broken lists can be written). */
    private static byte[] proof(Profile p, long start, long end, byte[] proofHashes, List<byte[][]> sigs,
            byte[] trailing) {
        return TlsWriter.encode(w -> {
            if (p.hasExtensions()) {
                w.u16(0);
                w.u48(start);
                w.u48(end);
            } else {
                w.u64(start);
                w.u64(end);
            }
            w.u16Bytes("proof", 0, 0xffff, proofHashes);
            w.u16Vector("sigs", 0, 0xffff, v -> {
                for (byte[][] s : sigs) {
                    v.u8Bytes("id", 0, 255, s[0]);
                    v.u16Bytes("sig", 0, 0xffff, s[1]);
                }
            });
            w.bytes(trailing);
        });
    }

    private static byte[] certWith(MtcCertificate c, byte[] alg, byte[] bitString) {
        return Der.sequence(c.tbsCertificate(), alg, bitString);
    }

    private static List<Object[]> negatives(Profile p, MtcCertificate c) {
        byte[] alg = HEX.parseHex("300c060a2b0601040182da4b2f00");
        byte[] proofBytes = c.signatureValue();
        byte[] hashes = c.proof().inclusionProof().stream().reduce(new byte[0], CosignVectors::concat);
        List<byte[][]> sigs = new ArrayList<>();
        c.proof().signatures().forEach(s -> sigs.add(new byte[][] {s.cosignerId().binary(), s.signature()}));
        long st = c.proof().start();
        long en = c.proof().end();
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"one byte after the Certificate", CosignVectors.concat(c.encoded(), new byte[] {0}),
            "Verifying Certificate Signatures", "E17"});
        out.add(new Object[] {"signatureValue BIT STRING with 1 unused bit", certWith(c, alg,
                Der.tlv(Der.BIT_STRING, CosignVectors.concat(new byte[] {1}, proofBytes))),
            "Verifying Certificate Signatures", "E17"});
        out.add(new Object[] {"signatureAlgorithm with NULL parameters", certWith(c,
                HEX.parseHex("300e060a2b0601040182da4b2f000500"), Der.bitString(proofBytes)),
            "Verifying Certificate Signatures", "R2"});
        out.add(new Object[] {"signatureAlgorithm is not id-alg-mtcProof", certWith(c,
                HEX.parseHex("300c060a2b0601040182da4b2f01"), Der.bitString(proofBytes)), FORMAT, "E10"});
        byte[] tbs = c.tbsCertificate();
        int at = indexOf(tbs, alg);
        byte[] tbsOther = tbs.clone();
        tbsOther[at + alg.length - 1] = 0x01;
        out.add(new Object[] {"TBSCertificate.signature is not id-alg-mtcProof (outer one is)", Der.sequence(tbsOther,
                alg, Der.bitString(proofBytes)), FORMAT, "E10"});
        out.add(new Object[] {"one byte after the MTCProof", certWith(c, alg, Der.bitString(proof(p, st, en, hashes,
                sigs, new byte[] {0}))), "Verifying Certificate Signatures", "E17"});
        out.add(new Object[] {"MTCProof truncated by one byte", certWith(c, alg, Der.bitString(
                Arrays.copyOf(proofBytes, proofBytes.length - 1))), "Verifying Certificate Signatures", "R3"});
        out.add(new Object[] {"inclusion_proof length not a multiple of 32", certWith(c, alg, Der.bitString(proof(p,
                st, en, Arrays.copyOf(hashes, hashes.length - 1), sigs, new byte[0]))),
            "Verifying Certificate Signatures", "R3"});
        out.add(new Object[] {"signatureValue is an empty BIT STRING", certWith(c, alg, Der.bitString(new byte[0])),
            "Verifying Certificate Signatures", "R3"});
        if (p.hasExtensions() && sigs.size() >= 2) {
            List<byte[][]> swapped = new ArrayList<>(sigs);
            java.util.Collections.swap(swapped, 0, 1);
            out.add(new Object[] {"cosigner_ids out of order", certWith(c, alg, Der.bitString(proof(p, st, en, hashes,
                    swapped, new byte[0]))), FORMAT, "E15"});
            List<byte[][]> dup = new ArrayList<>(sigs);
            dup.add(1, sigs.get(0));
            out.add(new Object[] {"duplicate cosigner_id", certWith(c, alg, Der.bitString(proof(p, st, en, hashes, dup,
                    new byte[0]))), FORMAT, "E15"});
            List<byte[][]> empty = new ArrayList<>(sigs);
            empty.add(0, new byte[][] {new byte[0], new byte[] {1}});
            out.add(new Object[] {"zero-length cosigner_id", certWith(c, alg, Der.bitString(proof(p, st, en, hashes,
                    empty, new byte[0]))), FORMAT, "E14"});
        }
        byte[] ber = c.encoded();
        int len = ((ber[2] & 0xff) << 8) | (ber[3] & 0xff);
        if ((ber[1] & 0xff) == 0x82) {
            byte[] b = new byte[ber.length + 1];
            b[0] = 0x30;
            b[1] = (byte) 0x83;
            b[2] = 0;
            b[3] = (byte) (len >> 8);
            b[4] = (byte) len;
            System.arraycopy(ber, 4, b, 5, ber.length - 4);
            out.add(new Object[] {"BER: Certificate length in non-minimal long form", b, "Certificate Malleability",
                "E3"});
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
