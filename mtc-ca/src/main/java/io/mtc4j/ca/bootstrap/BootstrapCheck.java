package io.mtc4j.ca.bootstrap;

import io.mtc4j.ca.CaException;
import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogEntry;
import io.mtc4j.log.client.LogResponse;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TilePath;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.security.auth.x500.X500Principal;

/**
 * The landmark distributor's agreement check of a bootstrap-mode issuance log: for every entry, its bootstrap
 * element must exist, its chain (the bootstrap certificate and the issuers its fingerprints name) must validate
 * to the distributor's own trusted roots at the entry's notBefore ({@link ChainValidator}), and the entry must be
 * what the conversion rules ({@link BootstrapConversion}) make of the bootstrap certificate: issuer the CA ID name,
 * version, subject, subjectPublicKeyAlgorithm and subjectPublicKeyInfoHash, no unique identifiers, the extensions
 * exactly, and a validity inside the validity of every certificate of the chain. Each disagreement is a
 * {@link Finding} naming the entry, the field and both values. A null_entry must have the null element.
 * Immutable and thread-safe apart from {@link Source}'s caches.
 */
public final class BootstrapCheck {
    /** The largest bootstrap tile read: 256 elements of a 64 KiB certificate and ten fingerprints. */
    static final int MAX_TILE_BYTES = 256 * (3 + 0xffff + 2 + 320);
    /** The largest issuer certificate read. */
    static final int MAX_ISSUER_BYTES = 0xffff;

    private final ChainValidator validator;
    private final byte[] issuerName;
    private final Profile profile;

    /**
     * A check for the logs of CA {@code caId}.
     *
     * @param validator the distributor's trusted roots
     * @param caId      the CA ID (every entry's issuer is its name)
     * @param profile   the MTCLogEntry layout
     */
    public BootstrapCheck(ChainValidator validator, TrustAnchorId caId, Profile profile) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.issuerName = CaIdName.experimental(caId).encode();
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /**
     * One disagreement between an entry and its bootstrap.
     *
     * @param index     the entry's index in the log
     * @param field     the field (e.g. {@code subject}, {@code extensions[2.5.29.17]}, {@code chain[1]})
     * @param rule      the rule broken, a short stable token
     * @param bootstrap what the bootstrap certificate and the rules give (or the validation's complaint)
     * @param log       what the log's entry holds
     */
    public record Finding(long index, String field, String rule, String bootstrap, String log) {
        /** Checks that no component is missing. */
        public Finding {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(bootstrap, "bootstrap");
            Objects.requireNonNull(log, "log");
        }

        /** @return one greppable line: {@code entry N: FIELD [RULE]: bootstrap <...> log <...>} */
        public String text() {
            return "entry " + index + ": " + field + " [" + rule + "]: bootstrap " + bootstrap + " | log " + log;
        }
    }

    /** Issuer certificates by fingerprint. */
    @FunctionalInterface
    public interface IssuerSource {
        /**
         * The certificate whose SHA-256 is {@code fingerprint}, as served.
         *
         * @param fingerprint 32 bytes
         * @return its bytes, or empty if not served
         */
        Optional<byte[]> issuer(byte[] fingerprint);
    }

    /**
     * Checks one entry against its bootstrap element.
     *
     * @param index   the entry's index
     * @param entry   the MTCLogEntry bytes (verified against the log's tree by the caller)
     * @param element its bootstrap element, or empty when the log publishes none
     * @param issuers where the issuer certificates come from
     * @return the findings, empty when the entry agrees
     */
    public List<Finding> checkEntry(long index, byte[] entry, Optional<BootstrapEntry> element, IssuerSource issuers) {
        List<Finding> out = new ArrayList<>();
        MtcLogEntry e;
        try {
            e = MtcLogEntry.parse(profile, entry);
        } catch (MtcException ex) {
            out.add(new Finding(index, "entry", "malformed", "-", ex.getMessage()));
            return out;
        }
        if (element.isEmpty()) {
            out.add(new Finding(index, "bootstrap", "bootstrap-missing", "none published", e.isNull() ? "null_entry"
                    : "tbs_cert_entry"));
            return out;
        }
        BootstrapEntry b = element.get();
        if (e.isNull() || b.isNull()) {
            if (e.isNull() != b.isNull()) {
                out.add(new Finding(index, "bootstrap", "null-entry", b.isNull() ? "null element" : "a certificate",
                        e.isNull() ? "null_entry" : "tbs_cert_entry"));
            }
            return out;
        }
        Optional<TbsCertificateLogEntry> t = e.tbsCertEntry();
        if (t.isEmpty()) {
            out.add(new Finding(index, "entry", "entry-type", "tbs_cert_entry", "type " + e.type()));
            return out;
        }
        TbsCertificateLogEntry tbs = t.get();
        List<byte[]> chain = new ArrayList<>();
        chain.add(b.certificate());
        List<byte[]> fps = b.issuers();
        for (int i = 0; i < fps.size(); i++) {
            Optional<byte[]> c = issuers.issuer(fps.get(i));
            String fp = HexFormat.of().formatHex(fps.get(i));
            if (c.isEmpty()) {
                out.add(new Finding(index, "chain[" + (i + 1) + "]", "issuer-missing", "issuer/" + fp, "not served"));
                return out;
            }
            if (!MessageDigest.isEqual(BootstrapEntry.fingerprint(c.get()), fps.get(i))) {
                out.add(new Finding(index, "chain[" + (i + 1) + "]", "issuer-fingerprint", fp,
                        HexFormat.of().formatHex(BootstrapEntry.fingerprint(c.get()))));
                return out;
            }
            chain.add(c.get());
        }
        Instant[] validity;
        try {
            validity = X509Der.validityInstants(tbs.validity());
        } catch (MtcException ex) {
            out.add(new Finding(index, "validity", "malformed", "-", ex.getMessage()));
            return out;
        }
        ChainValidator.ValidatedPath path;
        BootstrapConversion.Fields f;
        try {
            path = validator.validate(chain, validity[0]);
            f = BootstrapConversion.fields(b.certificate());
        } catch (CaException ex) {
            out.add(new Finding(index, ex.field(), ex.rule(), ex.detail(), "entry logged"));
            return out;
        }
        compare(index, tbs, f, BootstrapConversion.validityBounds(path.certificates()), validity, out);
        return out;
    }

    // Field by field: what the rules make of the bootstrap certificate against what the entry holds.
    private void compare(long index, TbsCertificateLogEntry tbs, BootstrapConversion.Fields f, Instant[] bounds,
            Instant[] validity, List<Finding> out) {
        if (tbs.version().isEmpty() || !Arrays.equals(tbs.version().get(), Der.tlv(Der.explicit(0),
                Der.integer(java.math.BigInteger.TWO)))) {
            out.add(new Finding(index, "version", "version", "v3", tbs.version().isEmpty() ? "v1 (absent)"
                    : HexFormat.of().formatHex(tbs.version().get())));
        }
        if (!Arrays.equals(tbs.issuer(), issuerName)) {
            out.add(new Finding(index, "issuer", "issuer", name(issuerName), name(tbs.issuer())));
        }
        if (!Arrays.equals(tbs.subject(), f.subject())) {
            out.add(new Finding(index, "subject", "subject", name(f.subject()), name(tbs.subject())));
        }
        byte[] alg = DerReader.single(f.subjectPublicKeyInfo(), "spki").reader().read("algorithm").encoded();
        if (tbs.subjectPublicKeyAlgorithm().isPresent() && !Arrays.equals(tbs.subjectPublicKeyAlgorithm().get(),
                alg)) {
            out.add(new Finding(index, "subjectPublicKeyAlgorithm", "subject-public-key", hex(alg),
                    hex(tbs.subjectPublicKeyAlgorithm().get())));
        }
        byte[] hash = BootstrapEntry.fingerprint(f.subjectPublicKeyInfo());
        if (!MessageDigest.isEqual(tbs.subjectPublicKeyInfoHash(), hash)) {
            out.add(new Finding(index, "subjectPublicKeyInfoHash", "subject-public-key", hex(hash),
                    hex(tbs.subjectPublicKeyInfoHash())));
        }
        tbs.issuerUniqueId().ifPresent(u -> out.add(new Finding(index, "issuerUniqueID", "unique-identifier",
                "absent", hex(u))));
        tbs.subjectUniqueId().ifPresent(u -> out.add(new Finding(index, "subjectUniqueID", "unique-identifier",
                "absent", hex(u))));
        if (validity[0].isBefore(bounds[0])) {
            out.add(new Finding(index, "validity.notBefore", "validity", "at or after " + bounds[0],
                    validity[0].toString()));
        }
        if (validity[1].isAfter(bounds[1])) {
            out.add(new Finding(index, "validity.notAfter", "validity", "at or before " + bounds[1],
                    validity[1].toString()));
        }
        compareExtensions(index, f.extensions(), tbs.extensions(), out);
    }

    private static void compareExtensions(long index, byte[] expectedSeq, Optional<byte[]> actualTlv,
            List<Finding> out) {
        Map<String, X509Der.Extension> want = byOid(X509Der.extensionList(Der.tlv(Der.explicit(3), expectedSeq)));
        Map<String, X509Der.Extension> have;
        try {
            have = actualTlv.isEmpty() ? Map.of() : byOid(X509Der.extensionList(actualTlv.get()));
        } catch (MtcException ex) {
            out.add(new Finding(index, "extensions", "malformed", "-", ex.getMessage()));
            return;
        }
        for (Map.Entry<String, X509Der.Extension> w : want.entrySet()) {
            X509Der.Extension h = have.get(w.getKey());
            String field = "extensions[" + w.getKey() + "]";
            if (h == null) {
                out.add(new Finding(index, field, "extension-dropped", describe(w.getValue()), "absent"));
            } else if (h.critical() != w.getValue().critical() || !Arrays.equals(h.value(), w.getValue().value())) {
                out.add(new Finding(index, field, "extension-differs", describe(w.getValue()), describe(h)));
            }
        }
        for (Map.Entry<String, X509Der.Extension> h : have.entrySet()) {
            if (!want.containsKey(h.getKey())) {
                out.add(new Finding(index, "extensions[" + h.getKey() + "]", "extension-added", "absent",
                        describe(h.getValue())));
            }
        }
        if (out.stream().noneMatch(x -> x.index() == index && x.field().startsWith("extensions"))
                && !new ArrayList<>(want.keySet()).equals(new ArrayList<>(have.keySet()))) {
            out.add(new Finding(index, "extensions", "extension-order", String.join(",", want.keySet()),
                    String.join(",", have.keySet())));
        }
    }

    private static Map<String, X509Der.Extension> byOid(List<X509Der.Extension> l) {
        Map<String, X509Der.Extension> m = new LinkedHashMap<>();
        l.forEach(x -> m.put(x.oid(), x));
        return m;
    }

    /** An extension for people: subjectAltName as its names, others as hex; "(critical)" when critical. */
    static String describe(X509Der.Extension x) {
        String v = x.oid().equals(X509Oids.SUBJECT_ALT_NAME) ? generalNames(x.value()) : hex(x.value());
        return v + (x.critical() ? " (critical)" : "");
    }

    /** GeneralNames as {@code dns:NAME}, {@code ip:ADDRESS}, else {@code [tag]hex}, comma-separated. */
    static String generalNames(byte[] value) {
        try {
            DerReader r = DerReader.single(value, "GeneralNames").reader();
            List<String> names = new ArrayList<>();
            while (!r.isEmpty()) {
                DerElement g = r.read("GeneralName");
                if (g.tag() == 0x82) {
                    names.add("dns:" + new String(g.contents(), StandardCharsets.US_ASCII));
                } else if (g.tag() == 0x87) {
                    names.add("ip:" + address(g.contents()));
                } else {
                    names.add("[0x" + Integer.toHexString(g.tag()) + "]" + hex(g.contents()));
                }
            }
            return String.join(", ", names);
        } catch (MtcException e) {
            return hex(value);
        }
    }

    private static String address(byte[] a) {
        try {
            return a.length == 4 || a.length == 16 ? InetAddress.getByAddress(a).getHostAddress() : hex(a);
        } catch (UnknownHostException e) {
            return hex(a);
        }
    }

    private static String name(byte[] der) {
        try {
            return "\"" + new X500Principal(der).getName(X500Principal.RFC2253) + "\"";
        } catch (IllegalArgumentException e) {
            return hex(der);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ---------------------------------------------------------------- reading a log

    /** The outcome of checking a range of a log. */
    public record Outcome(long from, long to, List<Finding> findings, long firstDisagreement) {
        /** Copies. */
        public Outcome {
            findings = List.copyOf(findings);
        }

        /** @return whether every entry of the range agrees */
        public boolean agrees() {
            return findings.isEmpty();
        }
    }

    /**
     * Checks the entries {@code [from, to)} of a log: each entry as the client verified it against the tree, its
     * bootstrap element and issuers read through {@code transport} (the same log prefix).
     *
     * @param client    a client whose verified checkpoint covers {@code to}
     * @param transport the log's objects (bootstrap tiles and issuers)
     * @param from      the first index
     * @param to        the end (at most the verified tree size)
     * @param progress  told each index checked
     * @return the findings (all of them) and the index of the first entry that disagrees ({@code to} if none)
     */
    public Outcome check(LogClient client, LogTransport transport, long from, long to, LongConsumer progress) {
        Source src = new Source(transport, to);
        List<Finding> findings = new ArrayList<>();
        long first = to;
        EntryIterator it = client.entries(from, to);
        while (it.hasNext()) {
            LogEntry le = it.next();
            List<Finding> f;
            try {
                f = checkEntry(le.index(), le.entry(), src.element(le.index()), src::issuer);
            } catch (MtcException ex) {
                f = List.of(new Finding(le.index(), "bootstrap", "malformed", ex.getMessage(), "-"));
            }
            if (!f.isEmpty() && first == to) {
                first = le.index();
            }
            findings.addAll(f);
            progress.accept(le.index());
        }
        return new Outcome(from, to, findings, first);
    }

    /** Bootstrap tiles and issuers of one log at one tree size, each fetched once. */
    static final class Source {
        private final LogTransport transport;
        private final long treeSize;
        private long tileIndex = -1;
        private Optional<List<BootstrapEntry>> tile = Optional.empty();
        private final Map<String, Optional<byte[]>> issuers = new HashMap<>();

        Source(LogTransport transport, long treeSize) {
            this.transport = transport;
            this.treeSize = treeSize;
        }

        Optional<BootstrapEntry> element(long index) {
            long t = index / TilePath.FULL_WIDTH;
            if (t != tileIndex) {
                TilePath p = TilePath.entryBundleFor(t, treeSize);
                LogResponse r = transport.get(BootstrapTile.key(p), MAX_TILE_BYTES);
                tile = r.ok() ? Optional.of(BootstrapTile.parse(r.body(), p.width())) : Optional.empty();
                tileIndex = t;
            }
            return tile.map(l -> l.get((int) (index % TilePath.FULL_WIDTH)));
        }

        Optional<byte[]> issuer(byte[] fingerprint) {
            String key = BootstrapEntry.issuerKey(fingerprint);
            return issuers.computeIfAbsent(key, k -> {
                LogResponse r = transport.get(k, MAX_ISSUER_BYTES);
                return r.ok() ? Optional.of(r.body()) : Optional.empty();
            }).map(byte[]::clone);
        }
    }
}
