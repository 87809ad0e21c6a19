package io.mtc4j.spec.inspect;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.codec.JsonIntegers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Turns decoded MTC structures into an ordered tree of fields (maps, lists, strings, numbers) that
 * {@link InspectCommand} prints as text or JSON. Display only: BouncyCastle is used to name DN attributes and
 * known extensions; all parsing and strictness is done by the mtc4j parsers first.
 */
final class Inspector {
    private static final HexFormat HEX = HexFormat.of();
    private static final HashFunction SHA256 = HashFunction.sha256();
    private static final Map<String, String> OID_NAMES = Map.ofEntries(
            Map.entry(MtcOids.ID_ALG_MTC_PROOF, "id-alg-mtcProof (experimental)"),
            Map.entry(MtcOids.ID_ALG_UNSIGNED, "id-alg-unsigned (RFC 9925)"),
            Map.entry(MtcOids.ID_PE_MTC_CERTIFICATION_AUTHORITY, "id-pe-mtcCertificationAuthority (experimental)"),
            Map.entry(MtcOids.ID_MTC_TLOG_PREFIX_URL, "mtc-tlog CA prefix URL"),
            Map.entry(MtcOids.SHA256, "SHA-256"),
            Map.entry("2.16.840.1.101.3.4.2.2", "SHA-384"),
            Map.entry(MtcOids.ML_DSA_44, "ML-DSA-44"),
            Map.entry(X509Oids.ML_DSA_65, "ML-DSA-65"),
            Map.entry(X509Oids.ML_DSA_87, "ML-DSA-87"),
            Map.entry(X509Oids.EC_PUBLIC_KEY, "id-ecPublicKey"),
            Map.entry(X509Oids.P256, "P-256"),
            Map.entry("1.3.132.0.34", "P-384"),
            Map.entry(X509Oids.ECDSA_WITH_SHA256, "ecdsa-with-SHA256"),
            Map.entry(X509Oids.ECDSA_WITH_SHA384, "ecdsa-with-SHA384"),
            Map.entry(X509Oids.ED25519, "Ed25519"),
            Map.entry(X509Oids.RSA_ENCRYPTION, "rsaEncryption"),
            Map.entry(X509Oids.SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier"),
            Map.entry(X509Oids.KEY_USAGE, "keyUsage"),
            Map.entry(X509Oids.SUBJECT_ALT_NAME, "subjectAltName"),
            Map.entry(X509Oids.ISSUER_ALT_NAME, "issuerAltName"),
            Map.entry(X509Oids.BASIC_CONSTRAINTS, "basicConstraints"),
            Map.entry(X509Oids.AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier"),
            Map.entry(X509Oids.EXTENDED_KEY_USAGE, "extKeyUsage"));

    private Inspector() {}

    static String oidName(String oid) {
        String n = OID_NAMES.get(oid);
        return n == null ? oid : n + " (" + oid + ")";
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static String name(byte[] nameDer) {
        String s = X500Name.getInstance(BCStyle.INSTANCE, org.bouncycastle.asn1.ASN1Sequence.getInstance(nameDer)).toString();
        return s.isEmpty() ? "(empty)" : s;
    }

    static String algorithm(byte[] algDer) {
        DerReader r = DerReader.single(algDer, "AlgorithmIdentifier").reader();
        String oid = r.read("algorithm").oid();
        String s = oidName(oid);
        if (!r.isEmpty()) {
            var p = r.read("parameters");
            s += p.tag() == 0x06 ? ", parameters " + oidName(p.oid()) : ", parameters " + hex(p.encoded());
        }
        return s;
    }

    /** "log L, index I": a serial's log_number and index (draft §"Certificate Format"). */
    static String serialSplit(BigInteger serial) {
        return "log " + serial.shiftRight(48) + ", index "
                + serial.and(BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE));
    }

    static Map<String, Object> validity(byte[] validityDer) {
        var v = X509Der.validityInstants(validityDer);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("not_before", v[0].toString());
        m.put("not_after", v[1].toString());
        return m;
    }

    static List<Object> extensions(byte[] extensionsTlv) {
        List<Object> out = new ArrayList<>();
        for (X509Der.Extension e : X509Der.extensionList(extensionsTlv)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", oidName(e.oid()));
            m.put("critical", e.critical());
            describeExtension(e, m);
            out.add(m);
        }
        return out;
    }

    private static void describeExtension(X509Der.Extension e, Map<String, Object> m) {
        byte[] v = e.value();
        switch (e.oid()) {
            case X509Oids.SUBJECT_ALT_NAME, X509Oids.ISSUER_ALT_NAME -> {
                List<Object> names = new ArrayList<>();
                for (GeneralName g : GeneralNames.getInstance(v).getNames()) {
                    String prefix = switch (g.getTagNo()) {
                        case GeneralName.rfc822Name -> "email:";
                        case GeneralName.dNSName -> "DNS:";
                        case GeneralName.uniformResourceIdentifier -> "URI:";
                        case GeneralName.iPAddress -> "IP:";
                        case GeneralName.directoryName -> "DirName:";
                        default -> "[" + g.getTagNo() + "]:";
                    };
                    names.add(prefix + (g.getTagNo() == GeneralName.iPAddress
                            ? hex(org.bouncycastle.asn1.ASN1OctetString.getInstance(g.getName()).getOctets())
                            : g.getName().toString()));
                }
                m.put("names", names);
            }
            case X509Oids.KEY_USAGE -> m.put("usage", keyUsage(KeyUsage.getInstance(v)));
            case X509Oids.EXTENDED_KEY_USAGE -> {
                List<Object> ekus = new ArrayList<>();
                for (KeyPurposeId k : ExtendedKeyUsage.getInstance(v).getUsages()) {
                    ekus.add(ekuName(k.toOID()));
                }
                m.put("purposes", ekus);
            }
            case X509Oids.BASIC_CONSTRAINTS -> {
                BasicConstraints bc = BasicConstraints.getInstance(v);
                m.put("cA", bc.isCA());
                if (bc.getPathLenConstraint() != null) {
                    m.put("pathLen", bc.getPathLenConstraint().toString());
                }
            }
            default -> m.put("value", hex(v));
        }
    }

    private static String ekuName(ASN1ObjectIdentifier oid) {
        return switch (oid.getId()) {
            case X509Oids.SERVER_AUTH -> "serverAuth";
            case X509Oids.CLIENT_AUTH -> "clientAuth";
            default -> oid.getId();
        };
    }

    private static List<Object> keyUsage(KeyUsage ku) {
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        int[] bits = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
            KeyUsage.encipherOnly, KeyUsage.decipherOnly};
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (ku.hasUsages(bits[i])) {
                out.add(names[i]);
            }
        }
        return out;
    }

    static Map<String, Object> spki(byte[] spkiDer) {
        Map<String, Object> m = new LinkedHashMap<>();
        DerReader r = DerReader.single(spkiDer, "SubjectPublicKeyInfo").reader();
        m.put("algorithm", algorithm(r.read("algorithm").encoded()));
        byte[] key = r.read("subjectPublicKey").bitStringOctets();
        m.put("public_key_bytes", key.length);
        m.put("public_key", hex(key));
        m.put("spki_sha256", hex(SHA256.digest(spkiDer)));
        return m;
    }

    static List<Object> entryExtensions(List<EntryExtension> exts) {
        List<Object> out = new ArrayList<>();
        for (EntryExtension e : exts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", e.type());
            m.put("data", hex(e.data()));
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> proof(MtcProof p, Profile profile) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (profile.hasExtensions()) {
            m.put("extensions", entryExtensions(p.extensions()));
        }
        m.put("start", JsonIntegers.value(p.start()));
        m.put("end", JsonIntegers.value(p.end()));
        m.put("subtree", "[" + Long.toUnsignedString(p.start()) + ", " + Long.toUnsignedString(p.end()) + ")");
        List<Object> hashes = new ArrayList<>();
        for (byte[] h : p.inclusionProof()) {
            hashes.add(hex(h));
        }
        m.put("inclusion_proof_hashes", hashes.size());
        m.put("inclusion_proof", hashes);
        List<Object> sigs = new ArrayList<>();
        for (SubtreeSignature s : p.signatures()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("cosigner_id", s.cosignerId().ascii());
            sm.put("signature_bytes", s.signatureLength());
            sigs.add(sm);
        }
        m.put("signatures", sigs);
        return m;
    }

    static Map<String, Object> certificate(MtcCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "MTC certificate (" + (c.proof().isLandmarkRelative() ? "landmark-relative"
                : "standalone") + ")");
        m.put("profile", c.profile().wireName());
        m.put("version", "v" + (c.tbs().versionNumber() + 1));
        m.put("serial", JsonIntegers.value(c.serial()));
        m.put("serial_hex", "0x" + c.serial().toString(16));
        if (c.profile().serialHasLogNumber()) {
            m.put("log_number", c.logNumber());
        }
        m.put("index", JsonIntegers.value(c.index()));
        m.put("signature_algorithm", algorithm(c.tbs().signature()));
        m.put("issuer", c.issuerName().toString() + " [" + c.issuerName().form().name().toLowerCase() + " form]");
        m.put(c.profile().serialHasLogNumber() ? "ca_id" : "log_id (issuer)", c.issuerCaId().ascii());
        c.logId().ifPresent(id -> m.put("log_id", id.ascii()));
        m.put("validity", validity(c.tbs().validity()));
        m.put("subject", name(c.subject()));
        m.put("subject_public_key_info", spki(c.subjectPublicKeyInfo()));
        c.tbs().issuerUniqueId().ifPresent(u -> m.put("issuer_unique_id", hex(u)));
        c.tbs().subjectUniqueId().ifPresent(u -> m.put("subject_unique_id", hex(u)));
        c.extensions().ifPresent(e -> m.put("extensions", extensions(e)));
        m.put("mtc_proof", proof(c.proof(), c.profile()));
        MtcLogEntry entry = c.logEntry(SHA256);
        Map<String, Object> le = new LinkedHashMap<>();
        le.put("entry_bytes", entry.encode().length);
        le.put("entry_hash_sha256", hex(entry.entryHash(SHA256)));
        m.put("log_entry", le);
        m.put("tbs_certificate_sha256", hex(SHA256.digest(c.tbsCertificate())));
        return m;
    }

    static Map<String, Object> caCertificate(CaCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "MTC CA certificate" + (c.isUnsigned() ? " (RFC 9925 unsigned)" : ""));
        m.put("profile", c.profile().wireName());
        m.put("version", "v" + (c.tbs().versionNumber() + 1));
        m.put("serial", JsonIntegers.value(c.tbs().serialNumber()));
        m.put("signature_algorithm", algorithm(c.tbs().signature()));
        m.put("issuer", name(c.tbs().issuer()));
        m.put("validity", validity(c.tbs().validity()));
        m.put("subject", c.subject().toString() + " [" + c.subject().form().name().toLowerCase() + " form]");
        m.put("ca_id", c.subject().id().ascii());
        m.put("ca_cosigner_key", spki(c.cosignerPublicKey()));
        MtcCertificationAuthority a = c.authority();
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("log_hash", algorithm(a.logHash()));
        am.put("sig_alg", algorithm(a.sigAlg()));
        am.put("min_serial", JsonIntegers.value(a.minSerial()));
        am.put("min_serial_split", serialSplit(a.minSerial()));
        a.maxSerial().ifPresent(x -> {
            am.put("max_serial", JsonIntegers.value(x));
            am.put("max_serial_split", serialSplit(x));
        });
        m.put("mtc_certification_authority", am);
        c.prefixUrl().ifPresent(u -> m.put("prefix_url", u));
        c.subjectKeyIdentifier().ifPresent(s -> m.put("subject_key_identifier", hex(s)));
        c.tbs().extensions().ifPresent(e -> m.put("extensions", extensions(e)));
        return m;
    }

    static Map<String, Object> logEntry(MtcLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "MTCLogEntry");
        m.put("profile", e.profile().wireName());
        if (e.profile().hasExtensions()) {
            m.put("extensions", entryExtensions(e.extensions()));
        }
        m.put("type", switch (e.type()) {
            case MtcLogEntry.NULL_ENTRY -> "null_entry (0)";
            case MtcLogEntry.TBS_CERT_ENTRY -> "tbs_cert_entry (1)";
            default -> "unknown (" + e.type() + ")";
        });
        m.put("entry_bytes", e.encode().length);
        m.put("entry_hash_sha256", hex(e.entryHash(SHA256)));
        e.tbsCertEntry().ifPresent(t -> m.put("tbs_cert_entry", tbsEntry(t)));
        if (e.type() != MtcLogEntry.NULL_ENTRY && e.tbsCertEntry().isEmpty()) {
            m.put("body", hex(e.body()));
        }
        return m;
    }

    static Map<String, Object> tbsEntry(TbsCertificateLogEntry t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", t.version().map(v -> "v" + (v[v.length - 1] + 1)).orElse("v1"));
        m.put("issuer", name(t.issuer()));
        m.put("validity", validity(t.validity()));
        m.put("subject", name(t.subject()));
        t.subjectPublicKeyAlgorithm().ifPresent(a -> m.put("subject_public_key_algorithm", algorithm(a)));
        m.put("subject_public_key_info_hash", hex(t.subjectPublicKeyInfoHash()));
        t.issuerUniqueId().ifPresent(u -> m.put("issuer_unique_id", hex(u)));
        t.subjectUniqueId().ifPresent(u -> m.put("subject_unique_id", hex(u)));
        t.extensions().ifPresent(x -> m.put("extensions", extensions(x)));
        return m;
    }

    /** An entry bundle: up to 256 u16-length-prefixed MTCLogEntry values (C2SP tlog-tiles, mtc-tlog). */
    static Map<String, Object> entryBundle(Profile profile, byte[] bytes, Optional<TilePath> path) {
        EntryBundle bundle = path.isPresent() ? EntryBundle.parse(path.get(), bytes) : EntryBundle.parse(bytes);
        long first = path.map(p -> p.index() * TilePath.FULL_WIDTH).orElse(0L);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < bundle.size(); i++) {
            long index = first + i;
            Map<String, Object> m;
            try {
                m = logEntry(MtcLogEntry.parse(profile, bundle.entry(i)));
            } catch (MtcParseException x) {
                throw x.within("entry " + index);
            }
            m.remove("kind");
            m.remove("profile");
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("index", index);
            em.putAll(m);
            entries.add(em);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "entry bundle");
        path.ifPresent(p -> m.put("path", p.path()));
        m.put("profile", profile.wireName());
        m.put("entries_count", entries.size());
        m.put("entries", entries);
        return m;
    }

    /** A hash tile: 1..256 hashes of HASH_SIZE bytes; with a path, the count must equal its width. */
    static Map<String, Object> hashTile(byte[] bytes, int hashSize, Optional<TilePath> path) {
        if (bytes.length == 0 || bytes.length % hashSize != 0 || bytes.length / hashSize > TilePath.FULL_WIDTH) {
            throw new MtcParseException("tile", "length " + bytes.length + " is not 1..256 hashes of "
                    + hashSize + " bytes");
        }
        int width = bytes.length / hashSize;
        if (path.isPresent() && path.get().width() != width) {
            throw new MtcParseException("tile", "holds " + width + " hashes but " + path.get() + " needs "
                    + path.get().width());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "hash tile");
        path.ifPresent(p -> {
            m.put("path", p.path());
            m.put("tile_level", p.level());
            m.put("merkle_level", 8 * p.level());
            m.put("tile_index", p.index());
        });
        m.put("width", width);
        List<Object> hashes = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += hashSize) {
            hashes.add(hex(java.util.Arrays.copyOfRange(bytes, i, i + hashSize)));
        }
        m.put("hashes", hashes);
        return m;
    }

    /** A signed checkpoint (C2SP tlog-checkpoint in a signed note). */
    static Map<String, Object> checkpoint(byte[] bytes) {
        io.mtc4j.spec.note.SignedNote note = io.mtc4j.spec.note.SignedNote.parse(bytes);
        io.mtc4j.spec.note.Checkpoint cp = io.mtc4j.spec.note.Checkpoint.parse(note.text());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "checkpoint (signed note)");
        m.put("origin", cp.origin());
        if (cp.origin().startsWith(io.mtc4j.spec.tai.TrustAnchorId.TLOG_PREFIX)) {
            try {
                io.mtc4j.spec.tai.TrustAnchorId id = io.mtc4j.spec.tai.TrustAnchorId.fromTlogName(cp.origin());
                List<Long> arcs = id.components();
                if (arcs.size() >= 3 && arcs.get(arcs.size() - 2) == 0) {
                    m.put("log_id", id.ascii());
                    m.put("log_number", JsonIntegers.value(arcs.get(arcs.size() - 1)));
                }
            } catch (MtcParseException e) {
                m.put("log_id", "(origin is not a trust anchor ID)");
            }
        }
        m.put("tree_size", JsonIntegers.value(cp.size()));
        m.put("root_hash", hex(cp.rootHash()));
        m.put("root_hash_base64", java.util.Base64.getEncoder().encodeToString(cp.rootHash()));
        if (!cp.extensions().isEmpty()) {
            m.put("extension_lines", new ArrayList<Object>(cp.extensions()));
        }
        List<Object> sigs = new ArrayList<>();
        for (io.mtc4j.spec.note.NoteSignature s : note.signatures()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("key_name", s.keyName());
            sm.put("key_id", String.format("%08x", s.keyId()));
            sm.put("signature_bytes", s.signature().length);
            sigs.add(sm);
        }
        m.put("signatures", sigs);
        return m;
    }

    /** A landmark publication (draft §"Publishing Landmarks"). */
    static Map<String, Object> landmarks(String text) {
        io.mtc4j.spec.landmark.LandmarkList list = io.mtc4j.spec.landmark.LandmarkList.parse(text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "landmark list");
        m.put("last_landmark", JsonIntegers.value(list.lastLandmark()));
        m.put("num_active_landmarks", JsonIntegers.value(list.numActiveLandmarks()));
        List<Object> sizes = new ArrayList<>();
        for (int i = 0; i < list.treeSizes().size(); i++) {
            sizes.add("landmark " + (list.lastLandmark() - i) + ": tree size "
                    + Long.toUnsignedString(list.treeSizes().get(i)));
        }
        m.put("tree_sizes", sizes);
        List<Object> subtrees = new ArrayList<>();
        for (io.mtc4j.spec.landmark.LandmarkSubtree s : list.activeLandmarkSubtrees()) {
            subtrees.add("landmark " + s.landmark() + ": [" + Long.toUnsignedString(s.subtree().start()) + ", "
                    + Long.toUnsignedString(s.subtree().end()) + ")");
        }
        m.put("active_landmark_subtrees", subtrees);
        return m;
    }

    /**
     * The project's JSON files: the {@code --trusted-subtrees} file (pre-validated list or landmark evidence) and the
     * relying-party configuration of {@code --config}, told apart by their top-level keys. Only summarised here:
     * {@code mtc verify} reads and checks them. Any other JSON is refused with the list of known types.
     */
    static Map<String, Object> jsonFile(String path, byte[] bytes, String type) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new MtcParseException(path, "looks like JSON but is not valid JSON: " + e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        boolean subtrees = root != null && root.isObject() && (root.has("trusted_subtrees") && !root.has("cas")
                || root.has("evidence") || root.has("landmarks"));
        boolean config = root != null && root.isObject() && root.has("cas");
        if (subtrees && !type.equals("rp-config")) {
            m.put("kind", "trusted subtrees (JSON for mtc verify --trusted-subtrees)");
            if (root.has("trusted_subtrees")) {
                m.put("form", "pre-validated list (draft §\"Trusted Subtrees\")");
                m.put("trusted_subtrees", subtreeList(root.get("trusted_subtrees")));
            } else {
                m.put("form", "landmark evidence, validated against the CA's cosigner policy by mtc verify");
                m.put("evidence_objects", root.has("evidence") ? root.get("evidence").size() : 1);
            }
            return m;
        }
        if (config && !type.equals("trusted-subtrees")) {
            m.put("kind", "relying-party configuration (JSON for mtc verify --config)");
            List<Object> cas = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode ca : root.get("cas")) {
                Map<String, Object> c = new LinkedHashMap<>();
                for (String k : List.of("ca_id", "ca_certificate", "profile", "hash")) {
                    if (ca.hasNonNull(k)) {
                        c.put(k, ca.get(k).asText());
                    }
                }
                if (ca.has("policy")) {
                    c.put("policy", ca.get("policy").toString());
                }
                c.put("cosigners", ca.path("cosigners").size());
                c.put("trusted_subtrees", subtreeList(ca.path("trusted_subtrees")));
                c.put("revoked_ranges", ca.path("revoked").size());
                cas.add(c);
            }
            m.put("cas", cas);
            return m;
        }
        throw new MtcParseException(path, "cannot identify this JSON file (" + (type.equals("json") ? "" : "not "
                + type + "; ") + "known JSON files: a trusted-subtrees file with \"trusted_subtrees\" or"
                + " \"evidence\", a relying-party configuration with \"cas\"); inspect knows: "
                + InspectCommand.KNOWN);
    }

    private static List<Object> subtreeList(com.fasterxml.jackson.databind.JsonNode arr) {
        List<Object> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode t : arr) {
            out.add((t.has("ca_id") ? "CA " + t.get("ca_id").asText() + " " : "") + "log " + t.path("log").asText()
                    + " [" + t.path("start").asText() + ", " + t.path("end").asText() + ") hash "
                    + t.path("hash").asText());
        }
        return out;
    }
}
