package io.mtc4j.conformance.log;

import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.FetchObserver;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogClientException.Check;
import io.mtc4j.log.client.LogEntry;
import io.mtc4j.log.client.LogResponse;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Verifier;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.landmark.LandmarkSubtree;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TilePath;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Black-box checks of one MTC issuance log served per C2SP tlog-tiles and mtc-tlog, given the CA prefix URL, the
 * log number and the CA certificate. The log is at {@code <CA prefix URL>/<log number>} (mtc-tlog §"Serving
 * Issuance Logs"). Steps, in order:
 * <ol>
 *   <li>the CA certificate (draft §"Representing Certification Authorities"), its prefix URL extension;</li>
 *   <li>{@code <prefix>/checkpoint}: signed note, checkpoint, origin, CA cosignature;</li>
 *   <li>only once the checkpoint verified (tlog-tiles §"Partial Tiles": clients MUST NOT fetch partial tiles
 *       without a verified checkpoint needing them): the hash tiles of that size, their widths, the root
 *       recomputed from them, and each full tile against its parent hash;</li>
 *   <li>the entry bundles against the level-0 tiles, each entry parsed as an MTCLogEntry;</li>
 *   <li>{@code <prefix>/landmarks} if served.</li>
 * </ol>
 * Reading and proving is the project's one log reader, mtc-log's {@link LogClient} (HTTP bounds and retries, tiles
 * proven bottom-up to the root, bundles against the level-0 tiles, consistency); this class runs its checks one
 * at a time and files each outcome under a named check. Not thread-safe; one instance per run.
 */
public final class LogChecker {
    // Spec references, one per check (C2SP document + section, draft section, MTC-NOTES MUST ids).
    static final String REF_CA = "draft §\"Representing Certification Authorities\"; mtc-tlog §\"Parameters\" (SHA-256, C16)";
    static final String REF_PREFIX_URL = "mtc-tlog §\"Parameters\" (id-mtcTlogPrefixURL)";
    static final String REF_CP_FETCH = "tlog-tiles §\"Checkpoints\" (L1); mtc-tlog §\"Serving Issuance Logs\" (C14)";
    static final String REF_CP_TYPE = "tlog-tiles §\"Checkpoints\" (L1: text/plain; charset=utf-8)";
    static final String REF_CP_PARSE = "signed-note §\"Format\" (E26); tlog-checkpoint §\"Note text\" (E28); "
            + "draft §\"Issuance Logs\" (at most 2^48-1 entries)";
    static final String REF_ORIGIN = "mtc-tlog §\"Serving Issuance Logs\", §\"Representing Trust Anchor IDs\"; "
            + "draft §\"Issuance Logs\" (log ID)";
    static final String REF_CA_SIG = "mtc-tlog §\"Serving Issuance Logs\" (C15), §\"Cosigners\" (C17); "
            + "tlog-cosignature §\"ML-DSA-44 signed message\" (E29, E31)";
    static final String REF_OTHER_SIGS = "signed-note §\"Signatures\" (R20: unknown signatures are ignored)";
    static final String REF_EXT_LINES = "tlog-checkpoint §\"Note text\", §\"Signatures\" (extension lines NOT "
            + "RECOMMENDED; ML-DSA-44 does not sign them)";
    static final String REF_TILES_FETCH = "tlog-tiles §\"Merkle Tree\", §\"Partial Tiles\" (L3, R21)";
    static final String REF_TILES_WIDTH = "tlog-tiles §\"Merkle Tree\", §\"Partial Tiles\" (E33: full = 256 hashes, "
            + "partial = floor(s/256^l) mod 256)";
    static final String REF_TILES_TYPE = "tlog-tiles §\"Merkle Tree\", §\"Log entries\" (application/octet-stream)";
    static final String REF_TILES_ROOT = "tlog-tiles §\"Merkle Tree\"; tlog-checkpoint §\"Note text\" (root hash)";
    static final String REF_TILES_FULL = "tlog-tiles §\"Merkle Tree\" (each level l+1 hash is the MTH of a full "
            + "level-l tile; E33)";
    static final String REF_BUNDLES = "tlog-tiles §\"Log entries\" (uint16 length-prefixed entries, width of the path)";
    static final String REF_LEAVES = "tlog-tiles §\"Log entries\" (each entry hashes to its level-0 tile hash, "
            + "RFC 6962 §2.1)";
    static final String REF_ENTRIES = "draft §\"Log Entries\" (MTCLogEntry); draft §\"Certification Authority "
            + "Cosigners\" (unknown types)";
    static final String REF_ISSUER = "draft §\"Log Entries\" (issuer is the CA ID as a PKIX distinguished name; "
            + "the log ID before plants-04, MTC-NOTES §6)";
    static final String REF_CONSISTENCY = "tlog-checkpoint §\"Signatures\" (L6: never sign inconsistent checkpoints); "
            + "tlog-tiles §\"Log entries\" (R21: check consistency when tailing)";
    static final String REF_LM_SERVED = "mtc-tlog §\"Serving Issuance Logs\" (C14: MUST serve <prefix>/landmarks with "
            + "a landmark sequence); draft §\"Publishing Landmarks\"";
    static final String REF_LM_PARSE = "draft §\"Publishing Landmarks\" (E22, E23, E24)";
    static final String REF_LM_SIZES = "draft §\"Publishing Landmarks\" (E24: <= the log's latest tree size; E23: "
            + "num_active <= max_active_landmarks)";
    static final String REF_LM_SUBTREES = "draft §\"Landmark Tree Sizes\"; tlog-tiles §\"Merkle Tree\"";

    /** Largest checkpoint body read (100 ML-DSA-44 signatures are about 330 KB). */
    static final int MAX_CHECKPOINT_BYTES = 1 << 20;
    /** Largest landmarks body read. */
    static final int MAX_LANDMARKS_BYTES = 1 << 20;
    private static final int MAX_EXAMPLES = 5;
    private static final HashFunction H = HashFunction.sha256();

    /**
     * What to check.
     *
     * @param caPrefixUrl          the CA prefix URL (mtc-tlog §"Parameters"); one trailing slash is ignored
     * @param logNumber            the log number, 1..65535
     * @param profile              the draft profile for the CA certificate, entries and the demo mode
     * @param demoGeneratorCompat  also accept the draft authors' generator's checkpoint signature (no timestamp);
     *                             see {@link NoteVerifier#demoGeneratorCompat}
     * @param maxEntries           check at most this many entries (rounded up to whole bundles); empty = all
     * @param maxActiveLandmarks   the CA's max_active_landmarks, if known (not published anywhere; E23)
     * @param timeout              connect and per-request timeout
     * @param previousCheckpoint   an earlier checkpoint note of this log, to check the current one is consistent
     *                             with it (L6); empty to skip that check
     */
    public record Options(String caPrefixUrl, int logNumber, Profile profile, boolean demoGeneratorCompat,
            OptionalLong maxEntries, OptionalLong maxActiveLandmarks, Duration timeout,
            Optional<String> previousCheckpoint) {
        public Options {
            Objects.requireNonNull(caPrefixUrl, "caPrefixUrl");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(maxEntries, "maxEntries");
            Objects.requireNonNull(maxActiveLandmarks, "maxActiveLandmarks");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(previousCheckpoint, "previousCheckpoint");
            if (logNumber < 1 || logNumber > 0xffff) {
                throw new IllegalArgumentException("log number " + logNumber + " outside 1..65535 (draft §\"Issuance Logs\")");
            }
            if (maxEntries.isPresent() && maxEntries.getAsLong() < 0) {
                throw new IllegalArgumentException("max entries must be non-negative");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        /** Defaults: log 1, the current profile, no demo mode, every entry, unknown max_active, 30 s timeout. */
        public static Options of(String caPrefixUrl) {
            return new Options(caPrefixUrl, 1, Profile.current(), false, OptionalLong.empty(), OptionalLong.empty(),
                    Duration.ofSeconds(30), Optional.empty());
        }

        public Options withLogNumber(int n) {
            return new Options(caPrefixUrl, n, profile, demoGeneratorCompat, maxEntries, maxActiveLandmarks, timeout,
                    previousCheckpoint);
        }

        public Options withDemoGeneratorCompat(boolean on) {
            return new Options(caPrefixUrl, logNumber, profile, on, maxEntries, maxActiveLandmarks, timeout,
                    previousCheckpoint);
        }

        public Options withMaxEntries(long n) {
            return new Options(caPrefixUrl, logNumber, profile, demoGeneratorCompat, OptionalLong.of(n),
                    maxActiveLandmarks, timeout, previousCheckpoint);
        }

        public Options withMaxActiveLandmarks(long n) {
            return new Options(caPrefixUrl, logNumber, profile, demoGeneratorCompat, maxEntries, OptionalLong.of(n),
                    timeout, previousCheckpoint);
        }

        public Options withPreviousCheckpoint(String note) {
            return new Options(caPrefixUrl, logNumber, profile, demoGeneratorCompat, maxEntries, maxActiveLandmarks,
                    timeout, Optional.of(note));
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final List<CheckResult> results = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private String caPrefix;
    private HttpLogTransport transport;
    private final Served served = new Served();
    private Optional<LogClient> client = Optional.empty();
    private List<NoteVerifier> caVerifiers = List.of();
    private boolean demoCompatUsed;
    private Optional<Checkpoint> checkpoint = Optional.empty();
    private Optional<TrustAnchorId> caId = Optional.empty();
    private Optional<CaConfig> caConfig = Optional.empty();

    private LogChecker(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs every check against the log and returns the report. Never throws for anything the log serves;
     * every problem becomes a failed (or warned, or skipped) check.
     *
     * @param caCertificate the CA certificate file contents (PEM with one CERTIFICATE block, or DER)
     * @param options       what to check
     * @param progress      where progress lines go (stderr in the CLI)
     * @throws IllegalArgumentException if the CA prefix URL is not an absolute http(s) URL without query
     */
    public static LogReport check(byte[] caCertificate, Options options, PrintStream progress) {
        LogChecker c = new LogChecker(options, progress);
        c.run(caCertificate.clone());
        return new LogReport(c.caPrefix, c.transport.prefix(), options.logNumber(), List.copyOf(c.results),
                c.checkpoint.map(Checkpoint::origin), c.checkpoint.map(Checkpoint::size), c.demoCompatUsed,
                c.counts, (int) c.transport.requests());
    }

    /** The CA prefix URL without one trailing slash (MTC-NOTES §8 item 11: unspecified whether it may end in /). */
    static String normalizePrefix(String url) {
        try {
            return HttpLogTransport.normalize(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CA " + e.getMessage());
        }
    }

    private void add(String check, Status status, String ref, String detail) {
        CheckResult r = new CheckResult(check, status, ref, detail);
        results.add(r);
    }

    private void skip(String check, String ref, String why) {
        add(check, Status.SKIP, ref, why);
    }

    private void run(byte[] caFile) {
        caPrefix = normalizePrefix(options.caPrefixUrl());
        // mtc-tlog §"Serving Issuance Logs": <CA prefix URL>/<log number>, decimal, no leading zeros
        transport = HttpLogTransport.builder(caPrefix + "/" + options.logNumber()).connectTimeout(options.timeout())
                .requestTimeout(options.timeout()).build();

        Optional<CaConfig> ca = checkCaCertificate(caFile);
        caId = ca.map(CaConfig::caId);
        caConfig = ca;
        Optional<SignedNote> note = fetchCheckpoint();
        // fetched right after the checkpoint so that both describe (nearly) the same moment
        Optional<LogResponse> landmarks = fetchLandmarks();
        boolean verified = false;
        if (note.isPresent() && ca.isPresent()) {
            verified = checkCheckpoint(note.get(), ca.get());
        } else {
            String why = ca.isEmpty() ? "no usable CA certificate" : "no checkpoint";
            skip("checkpoint-origin", REF_ORIGIN, why);
            skip("checkpoint-ca-signature", REF_CA_SIG, why);
            skip("checkpoint-other-signatures", REF_OTHER_SIGS, why);
        }
        if (verified) {
            client = adopt(note.get());
        }
        if (client.isPresent()) {
            checkTiles(checkpoint.orElseThrow(), client.get());
            checkEntries(checkpoint.orElseThrow(), client.get());
        } else {
            String why = "checkpoint not verified; tlog-tiles: clients MUST NOT fetch partial tiles without a "
                    + "verified checkpoint (R21)";
            for (String[] c : new String[][] {{"tiles-fetch", REF_TILES_FETCH}, {"tiles-width", REF_TILES_WIDTH},
                    {"tiles-content-type", REF_TILES_TYPE}, {"tiles-root", REF_TILES_ROOT},
                    {"tiles-full-consistency", REF_TILES_FULL}, {"entries-bundles", REF_BUNDLES},
                    {"entries-leaf-hashes", REF_LEAVES}, {"entries-parse", REF_ENTRIES},
                    {"entries-issuer", REF_ISSUER}}) {
                skip(c[0], c[1], why);
            }
        }
        checkLandmarks(landmarks, client);
        if (options.previousCheckpoint().isPresent()) {
            checkConsistency(options.previousCheckpoint().get(), client);
        }
    }

    /** GETs {@code key} under the log prefix through the client's transport, observed like the client's reads. */
    private LogResponse fetch(String key, int maxBytes) {
        LogResponse r = transport.get(key, maxBytes);
        served.fetched(r);
        return r;
    }

    /**
     * The log client over this log, gated by the checkpoint the CA cosignature verified (the client verifies it
     * again with the key that verified here): from now on every tile and entry is read and proven by the client.
     */
    private Optional<LogClient> adopt(SignedNote note) {
        LogClient c = LogClient.builder(transport).verifiers(caVerifiers).observer(served).build();
        try {
            c.verify(note.bytes(), transport.location("checkpoint"));
            return Optional.of(c);
        } catch (LogClientException e) {
            add("checkpoint-ca-signature", Status.FAIL, REF_CA_SIG, "the log client refused the checkpoint: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * L6: the previous checkpoint (verified with the CA key) must be a prefix of the current tree, i.e. its root is
     * {@code MTH(D[0:m])} computed from the current checkpoint's tiles (draft §"Definition of a Subtree": [0, m) is
     * always a valid subtree).
     */
    private void checkConsistency(String previous, Optional<LogClient> reader) {
        if (reader.isEmpty() || caConfig.isEmpty()) {
            skip("checkpoint-consistency", REF_CONSISTENCY, "current checkpoint not verified");
            return;
        }
        Checkpoint cur = checkpoint.orElseThrow();
        Checkpoint prev;
        try {
            prev = verifyPrevious(previous.getBytes(StandardCharsets.UTF_8));
        } catch (LogClientException e) {
            add("checkpoint-consistency", Status.FAIL, REF_CONSISTENCY, e.check() == Check.CHECKPOINT_SIGNATURE
                    ? "previous checkpoint carries no valid CA cosignature (" + e.detail() + ")"
                    : "previous checkpoint: " + e.detail());
            return;
        }
        if (!prev.origin().equals(cur.origin())) {
            add("checkpoint-consistency", Status.FAIL, REF_CONSISTENCY, "previous checkpoint is for origin "
                    + prev.origin() + ", not " + cur.origin());
            return;
        }
        try {
            reader.get().checkConsistency(prev);
            add("checkpoint-consistency", Status.PASS, REF_CONSISTENCY, "the first " + prev.size()
                    + " entries of the current tree hash to the previous checkpoint's root");
        } catch (LogClientException e) {
            boolean verdict = e.check() == Check.ROLLBACK || e.check() == Check.FORK;
            add("checkpoint-consistency", Status.FAIL, REF_CONSISTENCY, verdict ? e.detail()
                    : "cannot compute the previous root from the tiles: " + e.getMessage());
        }
    }

    /** The previous checkpoint, verified by the CA cosigner (in demo generator compatibility mode if enabled). */
    private Checkpoint verifyPrevious(byte[] note) {
        LogClientException first = null;
        for (NoteVerifier v : caKeys()) {
            try {
                return LogClient.builder(transport).verifiers(List.of(v)).build().verify(note, "--previous");
            } catch (LogClientException e) {
                if (e.check() != Check.CHECKPOINT_SIGNATURE) {
                    throw e;
                }
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** The CA cosigner's note keys this run accepts: tlog-cosignature ML-DSA-44, then the demo mode if enabled. */
    private List<NoteVerifier> caKeys() {
        String caName = caId.orElseThrow().tlogName();
        Verifier key = caConfig.orElseThrow().caCosigner().verifier();
        List<NoteVerifier> keys = new ArrayList<>();
        if (key.algorithm() == SignatureAlgorithm.MLDSA44) {
            keys.add(NoteVerifier.mlDsa44Cosignature(caName, key));
        }
        if (options.demoGeneratorCompat()) {
            keys.add(NoteVerifier.demoGeneratorCompat(options.profile(), caName, key));
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------------------
    // CA certificate

    private Optional<CaConfig> checkCaCertificate(byte[] caFile) {
        CaCertificate cert;
        CaConfig config;
        try {
            cert = CaCertificate.parse(options.profile(), CaCertificates.certificateBytes(caFile));
            // draft §"Relying Party Configuration" from the certificate: CA ID, hash (SHA-256 only), CA cosigner
            config = CaCertificates.fromCaCertificate(cert);
        } catch (MtcException | IllegalArgumentException e) {
            add("ca-certificate", Status.FAIL, REF_CA, e.getMessage());
            skip("ca-prefix-url", REF_PREFIX_URL, "no usable CA certificate");
            return Optional.empty();
        }
        add("ca-certificate", Status.PASS, REF_CA, "CA " + config.caId().ascii() + ", cosigner "
                + config.caCosigner().verifier().algorithm().wireName() + ", log hash " + H.name());
        Optional<String> prefix = cert.prefixUrl();
        if (prefix.isEmpty()) {
            skip("ca-prefix-url", REF_PREFIX_URL, "the CA certificate carries no prefix URL extension; using --url "
                    + caPrefix);
        } else if (stripSlash(prefix.get()).equals(caPrefix)) {
            add("ca-prefix-url", Status.PASS, REF_PREFIX_URL, "certificate prefix URL equals --url " + caPrefix);
        } else {
            add("ca-prefix-url", Status.WARN, REF_PREFIX_URL, "certificate prefix URL " + prefix.get()
                    + " differs from --url " + caPrefix + " (checked the --url log only)");
        }
        return Optional.of(config);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checkpoint

    private Optional<SignedNote> fetchCheckpoint() {
        LogResponse r;
        try {
            r = fetch("checkpoint", MAX_CHECKPOINT_BYTES);
        } catch (LogClientException e) {
            add("checkpoint-fetch", Status.FAIL, REF_CP_FETCH, e.getMessage());
            skip("checkpoint-content-type", REF_CP_TYPE, "no checkpoint");
            skip("checkpoint-parse", REF_CP_PARSE, "no checkpoint");
            skip("checkpoint-extension-lines", REF_EXT_LINES, "no checkpoint");
            return Optional.empty();
        }
        if (!r.ok()) {
            add("checkpoint-fetch", Status.FAIL, REF_CP_FETCH, "GET " + r.location() + ": HTTP " + r.status());
            skip("checkpoint-content-type", REF_CP_TYPE, "no checkpoint");
            skip("checkpoint-parse", REF_CP_PARSE, "no checkpoint");
            skip("checkpoint-extension-lines", REF_EXT_LINES, "no checkpoint");
            return Optional.empty();
        }
        add("checkpoint-fetch", Status.PASS, REF_CP_FETCH, "GET " + r.location() + ": " + r.length() + " bytes");
        if (r.contentTypeIs("text/plain", "utf-8")) {
            add("checkpoint-content-type", Status.PASS, REF_CP_TYPE, r.contentType());
        } else {
            add("checkpoint-content-type", Status.FAIL, REF_CP_TYPE, "Content-Type '" + r.contentType()
                    + "', want 'text/plain; charset=utf-8'");
        }
        SignedNote note;
        Checkpoint cp;
        try {
            note = SignedNote.parse(r.body());
            cp = Checkpoint.parse(note.text());
        } catch (MtcException | IllegalArgumentException e) {
            add("checkpoint-parse", Status.FAIL, REF_CP_PARSE, e.getMessage());
            skip("checkpoint-extension-lines", REF_EXT_LINES, "checkpoint does not parse");
            return Optional.empty();
        }
        if (Long.compareUnsigned(cp.size(), LogClient.MAX_TREE_SIZE) > 0) {
            add("checkpoint-parse", Status.FAIL, REF_CP_PARSE, "tree size " + Long.toUnsignedString(cp.size())
                    + " exceeds 2^48-1");
            skip("checkpoint-extension-lines", REF_EXT_LINES, "checkpoint rejected");
            return Optional.empty();
        }
        add("checkpoint-parse", Status.PASS, REF_CP_PARSE, "origin " + cp.origin() + ", size " + cp.size()
                + ", root " + HexFormat.of().formatHex(cp.rootHash()) + ", " + note.signatures().size()
                + " signature(s)");
        if (cp.extensions().isEmpty()) {
            add("checkpoint-extension-lines", Status.PASS, REF_EXT_LINES, "none");
        } else {
            add("checkpoint-extension-lines", Status.WARN, REF_EXT_LINES, cp.extensions().size()
                    + " extension line(s), not covered by ML-DSA-44 cosignatures");
        }
        checkpoint = Optional.of(cp);
        return Optional.of(note);
    }

    /** Origin, CA cosignature and the other signatures; true iff the CA cosignature verified. */
    private boolean checkCheckpoint(SignedNote note, CaConfig ca) {
        Checkpoint cp = checkpoint.orElseThrow();
        TrustAnchorId caId = ca.caId();
        // mtc-tlog §"Serving Issuance Logs": origin = log ID C.0.N as oid/1.3.6.1.4.1.C.0.N
        String wantOrigin = caId.logId(options.logNumber()).tlogName();
        if (cp.origin().equals(wantOrigin)) {
            add("checkpoint-origin", Status.PASS, REF_ORIGIN, cp.origin());
        } else {
            add("checkpoint-origin", Status.FAIL, REF_ORIGIN, "origin '" + cp.origin() + "', want '" + wantOrigin
                    + "' (CA " + caId.ascii() + ", log " + options.logNumber() + ")");
        }
        // mtc-tlog §"Cosigners": the CA cosigner's name is oid/1.3.6.1.4.1.<CA ID>; its key is the CA SPKI
        String caName = caId.tlogName();
        Verifier key = ca.caCosigner().verifier();
        List<NoteSignature> named = note.signatures().stream().filter(s -> s.keyName().equals(caName)).toList();
        List<NoteVerifier> known = new ArrayList<>();
        boolean verified = false;
        if (key.algorithm() == SignatureAlgorithm.MLDSA44) {
            NoteVerifier spec = NoteVerifier.mlDsa44Cosignature(caName, key);
            Optional<String> ok = verifyAll(note, named, spec);
            if (ok.isPresent()) {
                known.add(spec);
                verified = true;
                add("checkpoint-ca-signature", Status.PASS, REF_CA_SIG, "ML-DSA-44 subtree/v1 by " + caName + " key ID "
                        + hex32(spec.keyId()) + ", " + ok.get() + (options.demoGeneratorCompat()
                        ? "; demo generator compatibility not needed" : ""));
            }
        }
        if (!verified && options.demoGeneratorCompat()) {
            NoteVerifier compat = NoteVerifier.demoGeneratorCompat(options.profile(), caName, key);
            Optional<String> ok = verifyAll(note, named, compat);
            if (ok.isPresent()) {
                known.add(compat);
                verified = key.algorithm() == SignatureAlgorithm.MLDSA44;
                demoCompatUsed = true;
                add("checkpoint-ca-signature", verified ? Status.PASS : Status.FAIL, REF_CA_SIG,
                        "verified only in demo generator compatibility mode (" + key.algorithm().wireName()
                        + " signature without the 8-byte timestamp tlog-cosignature requires; MTC-NOTES §8 item 6)"
                        + (verified ? "" : "; mtc-tlog requires an ML-DSA-44 CA cosigner"));
            }
        }
        if (verified) {
            caVerifiers = List.copyOf(known);
        }
        if (known.isEmpty()) {
            add("checkpoint-ca-signature", Status.FAIL, REF_CA_SIG, caSignatureFailure(note, named, caName, key));
        }
        List<String> ignored = new ArrayList<>();
        for (NoteSignature s : note.signatures()) {
            boolean isKnown = known.stream().anyMatch(v -> v.name().equals(s.keyName()) && v.keyId() == s.keyId());
            if (!isKnown) {
                ignored.add(s.keyName() + " (key ID " + hex32(s.keyId()) + ")");
            }
        }
        add("checkpoint-other-signatures", Status.PASS, REF_OTHER_SIGS, ignored.isEmpty() ? "none"
                : ignored.size() + " unknown signature(s) ignored: " + String.join(", ", ignored));
        return verified;
    }

    /**
     * signed-note §"Signatures": every signature matching the key's (name, key ID) must verify, and one must.
     * Returns a description of what verified, or empty.
     */
    private static Optional<String> verifyAll(SignedNote note, List<NoteSignature> named, NoteVerifier v) {
        List<NoteSignature> match = named.stream().filter(s -> s.keyId() == v.keyId()).toList();
        if (match.isEmpty()) {
            return Optional.empty();
        }
        for (NoteSignature s : match) {
            if (!v.verify(note.textBytes(), s.signature())) {
                return Optional.empty();
            }
        }
        NoteSignature first = match.get(0);
        String ts = "";
        if (first.signature().length == 8 + SignatureAlgorithm.MLDSA44.fixedSignatureLength()) {
            try {
                ts = "timestamp " + Cosignature.parse(SignatureAlgorithm.MLDSA44, first.signature()).timestamp();
            } catch (MtcException e) {
                ts = "";
            }
        }
        return Optional.of(match.size() + " signature(s) verified" + (ts.isEmpty() ? "" : ", " + ts));
    }

    private String caSignatureFailure(SignedNote note, List<NoteSignature> named, String caName, Verifier key) {
        if (key.algorithm() != SignatureAlgorithm.MLDSA44) {
            return "the CA cosigner key is " + key.algorithm().wireName() + "; mtc-tlog requires ML-DSA-44";
        }
        if (named.isEmpty()) {
            return "no signature named " + caName + " (the CA cosigner) among " + note.signatures().size();
        }
        int want = NoteVerifier.mlDsa44Cosignature(caName, key).keyId();
        StringBuilder b = new StringBuilder();
        if (named.stream().noneMatch(s -> s.keyId() == want)) {
            b.append("signature by ").append(caName).append(" has key ID ")
                    .append(String.join("/", named.stream().map(s -> hex32(s.keyId())).toList()))
                    .append(", the CA certificate key gives ").append(hex32(want));
        } else {
            b.append("signature by ").append(caName).append(" key ID ").append(hex32(want))
                    .append(" does not verify as an ML-DSA-44 subtree/v1 timestamped_signature");
        }
        if (!options.demoGeneratorCompat()) {
            NoteVerifier compat = NoteVerifier.demoGeneratorCompat(options.profile(), caName, key);
            if (verifyAll(note, named, compat).isPresent()) {
                b.append("; it verifies in demo generator compatibility mode (--demo-compat): the signature lacks "
                        + "the timestamp (MTC-NOTES §8 item 6)");
            }
        }
        return b.toString();
    }

    private static String hex32(int v) {
        return String.format("%08x", v);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hash tiles

    /** The number of entries whose bundles and level-0 tiles are checked. */
    private long entryBound(long size) {
        return options.maxEntries().isPresent() ? Math.min(size, options.maxEntries().getAsLong()) : size;
    }

    /**
     * tiles-root and tiles-full-consistency through the log client: the partial tiles of the checkpoint's size
     * against its root, then each full tile (up to the --max-entries bound) against its hash in the tile above.
     */
    private void checkTiles(Checkpoint cp, LogClient c) {
        long size = cp.size();
        String rootDetail;
        Status rootStatus;
        try {
            c.checkRoot();
            rootStatus = Status.PASS;
            rootDetail = "root recomputed from the tiles of size " + size + " equals the checkpoint's";
        } catch (LogClientException e) {
            served.failed(e);
            rootStatus = Status.FAIL;
            rootDetail = e.check() == Check.ROOT ? e.detail() : "cannot recompute the root: " + e.getMessage();
        }
        // each full tile at level L hashes (8 levels up) to hash n of the level-(L+1) tile
        long bound = entryBound(size);
        long checked = 0;
        long total = 0;
        List<String> bad = new ArrayList<>();
        for (int level = 0; level < 8 && (size >>> (8 * (level + 1))) > 0; level++) {
            long full = size >>> (8 * (level + 1));
            long span = 1L << (8 * (level + 1));
            long limit = Math.min(full, (bound + span - 1) / span);
            total += full;
            for (long n = 0; n < limit; n++) {
                try {
                    c.tile(level, n);
                } catch (LogClientException e) {
                    // the client checks bottom-up: ROOT means this tile's links up to the partial tiles held and
                    // only the root failed, which tiles-root reports
                    served.failed(e);
                    if (e.check() != Check.ROOT) {
                        bad.add(e.check() == Check.TILE_HASH ? e.detail()
                                : TilePath.hashTile(level, n, TilePath.FULL_WIDTH) + ": " + e.getMessage());
                    }
                }
                checked++;
                if (checked % 256 == 0) {
                    progress.println("log: full tiles checked " + checked);
                }
            }
        }
        served.report();
        add("tiles-root", rootStatus, REF_TILES_ROOT, rootDetail);
        if (total == 0) {
            skip("tiles-full-consistency", REF_TILES_FULL, "no full tiles at size " + size);
        } else if (bad.isEmpty()) {
            add("tiles-full-consistency", Status.PASS, REF_TILES_FULL, "checked " + checked + " of " + total
                    + " full tiles; each hashes to its parent hash");
        } else {
            add("tiles-full-consistency", Status.FAIL, REF_TILES_FULL, bad.size() + " of " + checked
                    + " full tiles inconsistent: " + examples(bad));
        }
    }

    private static String examples(Collection<String> all) {
        List<String> items = List.copyOf(all);
        String s = String.join("; ", items.subList(0, Math.min(MAX_EXAMPLES, items.size())));
        return items.size() > MAX_EXAMPLES ? s + "; ..." : s;
    }

    /**
     * What the log served, as the client's {@link FetchObserver} saw it: hash-tile requests (full, partial),
     * Content-Types of tiles and bundles, gone partial tiles replaced by full ones; and the tile failures the
     * client reported (unavailable tiles, wrong lengths), for tiles-fetch, tiles-width and tiles-content-type.
     */
    private final class Served implements FetchObserver {
        private final Set<String> missing = new LinkedHashSet<>();
        private final Set<String> badWidth = new LinkedHashSet<>();
        private final Set<String> badType = new LinkedHashSet<>();
        private final List<String> fallbacks = new ArrayList<>();
        private long fetched;
        private long fullTiles;
        private long partialTiles;
        private boolean reported;

        @Override
        public void fetched(LogResponse r) {
            if (!r.key().startsWith("tile/")) {
                return;
            }
            if (!r.key().startsWith("tile/entries/")) {
                fetched++;
                if (r.key().contains(".p/")) {
                    partialTiles++;
                } else {
                    fullTiles++;
                }
            }
            if (r.ok() && !r.contentTypeIs("application/octet-stream", null)) {
                badType.add(r.key() + ": '" + r.contentType() + "'");
            }
        }

        @Override
        public void fellBack(TilePath partial, TilePath full) {
            fallbacks.add(partial + " -> " + full);
        }

        /** Files a client failure on a hash tile under tiles-fetch or tiles-width. */
        void failed(LogClientException e) {
            switch (e.check()) {
                case TILE_WIDTH -> badWidth.add(e.detail());
                case OVERSIZED -> badWidth.add(e.location() + ": " + e.detail());
                case HTTP_STATUS -> missing.add(e.detail());
                case TRANSPORT, TIMEOUT, ENCODING -> missing.add(e.getMessage());
                default -> { }
            }
        }

        /** Adds tiles-fetch and tiles-width (once). */
        void report() {
            if (reported) {
                return;
            }
            reported = true;
            String counted = fetched + " tile request(s): " + fullTiles + " full, " + partialTiles + " partial";
            if (missing.isEmpty()) {
                add("tiles-fetch", Status.PASS, REF_TILES_FETCH, counted + (fallbacks.isEmpty() ? ""
                        : "; partial tiles gone, full tiles used: " + examples(fallbacks)));
            } else {
                add("tiles-fetch", Status.FAIL, REF_TILES_FETCH, missing.size() + " unavailable: " + examples(missing));
            }
            if (badWidth.isEmpty()) {
                add("tiles-width", Status.PASS, REF_TILES_WIDTH, fetched - missing.size() == 0 ? "no tiles needed"
                        : "every tile fetched has its path's width x 32 bytes");
            } else {
                add("tiles-width", Status.FAIL, REF_TILES_WIDTH, badWidth.size() + " tile(s) of the wrong length: "
                        + examples(badWidth));
            }
        }

        /** Adds tiles-content-type (tiles and bundles), after the entries were fetched. */
        void reportTypes() {
            if (badType.isEmpty()) {
                add("tiles-content-type", Status.PASS, REF_TILES_TYPE, "application/octet-stream throughout");
            } else {
                add("tiles-content-type", Status.FAIL, REF_TILES_TYPE, badType.size() + " resource(s): "
                        + examples(badType));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Entry bundles

    private void checkEntries(Checkpoint cp, LogClient c) {
        long size = cp.size();
        long bound = entryBound(size);
        long bundles = (bound + TilePath.FULL_WIDTH - 1) / TilePath.FULL_WIDTH;
        List<String> bundleErrors = new ArrayList<>();
        List<String> leafErrors = new ArrayList<>();
        List<String> parseErrors = new ArrayList<>();
        List<String> issuerErrors = new ArrayList<>();
        long nullEntries = 0;
        long tbsEntries = 0;
        long otherEntries = 0;
        long entries = 0;
        for (long b = 0; b < bundles; b++) {
            // the client checks the bundle (tlog-tiles §"Log entries") and each entry against the level-0 tile
            List<LogEntry> bundle = new ArrayList<>();
            try {
                EntryIterator it = c.entries(b * TilePath.FULL_WIDTH, Math.min(size, (b + 1) * TilePath.FULL_WIDTH));
                it.forEachRemaining(bundle::add);
            } catch (LogClientException e) {
                boolean ofBundle = e.location().contains("tile/entries/");
                if (e.check() == Check.BUNDLE || e.check() == Check.HTTP_STATUS && ofBundle) {
                    bundleErrors.add(e.detail());
                } else if (e.check() == Check.LEAF_HASH || e.check() == Check.TILE_HASH) {
                    leafErrors.add(e.detail());
                } else {
                    (ofBundle ? bundleErrors : leafErrors).add(TilePath.entryBundleFor(b, size) + ": " + e.getMessage());
                }
                served.failed(e);
            }
            for (LogEntry le : bundle) {
                long index = le.index();
                entries++;
                try {
                    MtcLogEntry entry = MtcLogEntry.parse(options.profile(), le.entry());
                    switch (entry.type()) {
                        case MtcLogEntry.NULL_ENTRY -> nullEntries++;
                        case MtcLogEntry.TBS_CERT_ENTRY -> tbsEntries++;
                        default -> otherEntries++;
                    }
                    if (entry.tbsCertEntry().isPresent()) {
                        checkIssuer(index, entry.tbsCertEntry().get().issuer(), issuerErrors);
                    }
                } catch (MtcException | IllegalArgumentException x) {
                    parseErrors.add("entry " + index + ": " + x.getMessage());
                }
            }
            if ((b + 1) % 16 == 0 || b + 1 == bundles) {
                progress.println("log: entries " + entries + "/" + bound + " (" + (b + 1) + "/" + bundles + " bundles)");
            }
        }
        served.report();
        served.reportTypes();
        counts.put("entries_checked", entries);
        counts.put("tbs_cert_entry", tbsEntries);
        counts.put("null_entry", nullEntries);
        counts.put("other_entry_type", otherEntries);
        String scope = bound == size ? "all " + size + " entries" : "the first " + bound + " of " + size
                + " entries (--max-entries)";
        if (bundles == 0) {
            String why = size == 0 ? "empty log" : "--max-entries 0";
            skip("entries-bundles", REF_BUNDLES, why);
            skip("entries-leaf-hashes", REF_LEAVES, why);
            skip("entries-parse", REF_ENTRIES, why);
            skip("entries-issuer", REF_ISSUER, why);
            return;
        }
        if (bundleErrors.isEmpty()) {
            add("entries-bundles", Status.PASS, REF_BUNDLES, bundles + " bundle(s) decoded, covering " + scope);
        } else {
            add("entries-bundles", Status.FAIL, REF_BUNDLES, bundleErrors.size() + " of " + bundles
                    + " bundle(s) bad: " + examples(bundleErrors));
        }
        if (leafErrors.isEmpty() && entries > 0) {
            add("entries-leaf-hashes", Status.PASS, REF_LEAVES, entries + " leaf hashes match the level-0 tiles");
        } else if (leafErrors.isEmpty()) {
            skip("entries-leaf-hashes", REF_LEAVES, "no entries decoded");
        } else {
            add("entries-leaf-hashes", Status.FAIL, REF_LEAVES, leafErrors.size() + " bundle(s) with mismatches: "
                    + examples(leafErrors));
        }
        String tally = tbsEntries + " tbs_cert_entry, " + nullEntries + " null_entry"
                + (otherEntries > 0 ? ", " + otherEntries + " of other types" : "");
        if (!parseErrors.isEmpty()) {
            add("entries-parse", Status.FAIL, REF_ENTRIES, parseErrors.size() + " of " + entries
                    + " entries do not parse as " + options.profile().wireName() + " MTCLogEntry: "
                    + examples(parseErrors) + " (" + tally + ")");
        } else if (otherEntries > 0) {
            add("entries-parse", Status.WARN, REF_ENTRIES, tally + "; types unknown to "
                    + options.profile().wireName() + " (a CA MUST NOT sign entries of types it does not recognize)");
        } else if (entries == 0) {
            skip("entries-parse", REF_ENTRIES, "no entries decoded");
        } else {
            add("entries-parse", Status.PASS, REF_ENTRIES, tally);
        }
        if (tbsEntries == 0) {
            skip("entries-issuer", REF_ISSUER, "no tbs_cert_entry checked");
        } else if (issuerErrors.isEmpty()) {
            add("entries-issuer", Status.PASS, REF_ISSUER, "every tbs_cert_entry names issuer " + expectedIssuer().ascii());
        } else {
            add("entries-issuer", Status.FAIL, REF_ISSUER, issuerErrors.size() + " of " + tbsEntries
                    + " tbs_cert_entry with another issuer: " + examples(issuerErrors));
        }
    }

    /** The CA ID from plants-04 on; the log ID in earlier profiles (MTC-NOTES §6). */
    private TrustAnchorId expectedIssuer() {
        TrustAnchorId id = caId.orElseThrow();
        return options.profile().serialHasLogNumber() ? id : id.logId(options.logNumber());
    }

    private void checkIssuer(long index, byte[] issuer, List<String> errors) {
        try {
            TrustAnchorId got = CaIdName.parse(issuer).id();
            if (!got.equals(expectedIssuer())) {
                errors.add("entry " + index + ": " + got.ascii());
            }
        } catch (MtcException e) {
            errors.add("entry " + index + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Landmarks

    private Optional<LogResponse> fetchLandmarks() {
        try {
            return Optional.of(fetch("landmarks", MAX_LANDMARKS_BYTES));
        } catch (LogClientException e) {
            add("landmarks-served", Status.FAIL, REF_LM_SERVED, e.getMessage());
            return Optional.empty();
        }
    }

    private void checkLandmarks(Optional<LogResponse> fetched, Optional<LogClient> reader) {
        if (fetched.isEmpty()) {
            skip("landmarks-parse", REF_LM_PARSE, "landmarks not fetched");
            skip("landmarks-sizes", REF_LM_SIZES, "landmarks not fetched");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "landmarks not fetched");
            return;
        }
        LogResponse r = fetched.get();
        if (r.status() == 404) {
            add("landmarks-served", Status.WARN, REF_LM_SERVED, "not served (HTTP 404 at " + r.location()
                    + "); required if this log has a landmark sequence");
            skip("landmarks-parse", REF_LM_PARSE, "not served");
            skip("landmarks-sizes", REF_LM_SIZES, "not served");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "not served");
            return;
        }
        if (!r.ok()) {
            add("landmarks-served", Status.FAIL, REF_LM_SERVED, "GET " + r.location() + ": HTTP " + r.status());
            skip("landmarks-parse", REF_LM_PARSE, "not served");
            skip("landmarks-sizes", REF_LM_SIZES, "not served");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "not served");
            return;
        }
        if (r.contentTypeIs("text/plain", "utf-8")) {
            add("landmarks-served", Status.PASS, REF_LM_SERVED, "GET " + r.location() + ": " + r.length() + " bytes");
        } else {
            add("landmarks-served", Status.WARN, REF_LM_SERVED, "served with Content-Type '" + r.contentType()
                    + "'; RECOMMENDED: text/plain; charset=utf-8");
        }
        LandmarkList list;
        try {
            String text = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.body())).toString();
            list = LandmarkList.parse(text);
        } catch (CharacterCodingException e) {
            add("landmarks-parse", Status.FAIL, REF_LM_PARSE, "landmarks: not ASCII digits, spaces and newlines");
            skip("landmarks-sizes", REF_LM_SIZES, "landmarks do not parse");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "landmarks do not parse");
            return;
        } catch (MtcException | IllegalArgumentException e) {
            add("landmarks-parse", Status.FAIL, REF_LM_PARSE, e.getMessage());
            skip("landmarks-sizes", REF_LM_SIZES, "landmarks do not parse");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "landmarks do not parse");
            return;
        }
        add("landmarks-parse", Status.PASS, REF_LM_PARSE, "last_landmark " + list.lastLandmark()
                + ", num_active_landmarks " + list.numActiveLandmarks() + ", latest landmark size "
                + Long.toUnsignedString(list.treeSizes().get(0)));
        counts.put("landmarks_active", list.numActiveLandmarks());

        if (checkpoint.isEmpty()) {
            skip("landmarks-sizes", REF_LM_SIZES, "no checkpoint to compare with");
            skip("landmarks-subtrees", REF_LM_SUBTREES, "no checkpoint");
            return;
        }
        long size = checkpoint.get().size();
        List<String> problems = new ArrayList<>();
        if (Long.compareUnsigned(list.treeSizes().get(0), size) > 0) {
            problems.add("latest landmark size " + Long.toUnsignedString(list.treeSizes().get(0))
                    + " exceeds the checkpoint size " + size + " (if the log grew between the two fetches, rerun)");
        }
        if (options.maxActiveLandmarks().isPresent() && list.numActiveLandmarks() > options.maxActiveLandmarks().getAsLong()) {
            problems.add("num_active_landmarks " + list.numActiveLandmarks() + " exceeds max_active_landmarks "
                    + options.maxActiveLandmarks().getAsLong());
        }
        if (problems.isEmpty()) {
            add("landmarks-sizes", Status.PASS, REF_LM_SIZES, "all sizes <= checkpoint size " + size
                    + (options.maxActiveLandmarks().isPresent() ? "; num_active <= max_active_landmarks "
                    + options.maxActiveLandmarks().getAsLong() : ""));
        } else {
            add("landmarks-sizes", Status.FAIL, REF_LM_SIZES, String.join("; ", problems));
        }

        if (reader.isEmpty()) {
            skip("landmarks-subtrees", REF_LM_SUBTREES, "checkpoint not verified; tiles not fetched (R21)");
            return;
        }
        List<LandmarkSubtree> subtrees = list.activeLandmarkSubtrees();
        List<String> bad = new ArrayList<>();
        int computed = 0;
        for (LandmarkSubtree ls : subtrees) {
            Subtree s = ls.subtree();
            if (Long.compareUnsigned(s.end(), size) > 0) {
                bad.add("landmark " + ls.landmark() + " " + s + " ends beyond the checkpoint size");
                continue;
            }
            try {
                reader.get().subtreeHash(s);
                computed++;
            } catch (MtcException | IllegalArgumentException e) {
                bad.add("landmark " + ls.landmark() + " " + s + ": " + e.getMessage());
            }
        }
        if (bad.isEmpty()) {
            add("landmarks-subtrees", Status.PASS, REF_LM_SUBTREES, computed + " active landmark subtree hash(es) "
                    + "computed from the tiles (landmarks " + list.firstActiveLandmark() + ".." + list.lastLandmark()
                    + ")");
        } else {
            add("landmarks-subtrees", Status.FAIL, REF_LM_SUBTREES, bad.size() + " of " + subtrees.size()
                    + " not computable: " + examples(bad));
        }
    }
}
