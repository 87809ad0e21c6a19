package io.mtc4j.rp.verify;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.SerialRange;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.MerkleProofException;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A relying party's verifier for Merkle Tree Certificates: draft §"Verifying Certificate Signatures" step by step
 * (each step a {@link Step}), followed by the checks the draft leaves to ordinary path validation
 * ({@link LeafChecks}). Thread-safe and immutable; build one per configuration.
 *
 * <p><b>Legacy profiles.</b> For a CA configured with a profile before plants-04 ({@link Profile#DAVIDBEN_09},
 * {@link Profile#DAVIDBEN_10}, {@link Profile#PLANTS_01}, {@link Profile#PLANTS_02}) the same steps run with the
 * rules of those drafts (MTC-NOTES §6; draft change log "Since draft-ietf-plants-merkle-tree-certs-03"), all
 * confined to {@code legacyPosition} and the checks that ask {@code LogPosition.isLegacy()}: the serial is the bare index (there is no
 * log number; {@link VerificationResult.Details#logNumber()} stays empty), the issuer is the log ID, which is the
 * configured CA ID (each CA had exactly one log), index 0 is reserved for {@code null_entry}, subtrees are
 * non-empty, trusted subtrees match on {@code [start, end)} alone, and cosigners sign the legacy
 * {@code "mtc-subtree/v1\n\0"} input ({@link Cosigner#verifySubtreeSignature} with the profile). The entry layout
 * and the unordered signature list come from mtc-spec's profile-aware parsers.
 */
public final class MtcVerifier {
    /** AlgorithmIdentifier { id-alg-mtcProof } with parameters omitted. */
    private static final byte[] MTC_PROOF_ALGORITHM = Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF);
    private static final BigInteger MAX_SERIAL = SerialRange.LIMIT.subtract(BigInteger.ONE);
    private static final long INDEX_MASK = (1L << 48) - 1;

    private final RelyingPartyConfig config;
    private final LeafChecks.Options options;
    /** Per CA, lookups built once: the verifier is used for many certificates. */
    private final Map<TrustAnchorId, Prepared> prepared;

    /** Trusted-subtree lookup key; legacy profiles use {@link #LEGACY_LOG} (they match on [start, end) alone). */
    private record SubtreeKey(int logNumber, long start, long end) {}

    /** The log-number slot of a legacy profile's {@link SubtreeKey}: 0, which no current log number takes. */
    private static final int LEGACY_LOG = 0;

    private record Prepared(CaConfig ca, Map<TrustAnchorId, Cosigner> cosigners, Set<TrustAnchorId> wanted,
            Map<SubtreeKey, TrustedSubtree> trusted) {
        static Prepared of(CaConfig ca) {
            Map<SubtreeKey, TrustedSubtree> t = new HashMap<>();
            boolean legacy = !ca.profile().serialHasLogNumber();
            for (TrustedSubtree s : ca.trustedSubtrees()) {
                t.put(new SubtreeKey(legacy ? LEGACY_LOG : s.logNumber(), s.start(), s.end()), s);
            }
            return new Prepared(ca, Map.copyOf(ca.cosigners()), Set.copyOf(ca.policy().cosigners()), Map.copyOf(t));
        }
    }

    /**
     * A verifier with the full TLS server checks ({@link LeafChecks.Options#tlsServer()}).
     *
     * @param config the CAs this relying party trusts, with their cosigners, policies and trusted subtrees
     */
    public MtcVerifier(RelyingPartyConfig config) {
        this(config, LeafChecks.Options.tlsServer());
    }

    /**
     * A verifier with the given leaf checks.
     *
     * @param config  the CAs this relying party trusts, with their cosigners, policies and trusted subtrees
     * @param options which checks beyond the draft's signature procedure run
     */
    public MtcVerifier(RelyingPartyConfig config, LeafChecks.Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        Map<TrustAnchorId, Prepared> p = new HashMap<>();
        for (CaConfig ca : config.cas()) {
            p.put(ca.caId(), Prepared.of(ca));
        }
        this.prepared = Map.copyOf(p);
    }

    /**
     * The configuration this verifier was built with.
     *
     * @return the relying-party configuration
     */
    public RelyingPartyConfig config() {
        return config;
    }

    /**
     * Verifies a certificate at {@code time} without a host check: the draft's signature procedure, then validity
     * and the leaf checks of the options.
     *
     * @param certificateDer the certificate's DER encoding (see {@code CertificateReader} for PEM files)
     * @param time           the verification time, compared with notBefore and notAfter
     * @return the verdict; never throws for malformed input, which fails at {@link Step#CERTIFICATE_DECODING}
     */
    public VerificationResult verify(byte[] certificateDer, Instant time) {
        return verify(certificateDer, time, Optional.empty());
    }

    /**
     * Verifies a certificate at {@code time} for {@code host}.
     *
     * @param certificateDer the certificate's DER encoding
     * @param time           the verification time, compared with notBefore and notAfter
     * @param host           the DNS name or IP address the certificate must be valid for
     * @return the verdict; never throws for malformed input
     */
    public VerificationResult verify(byte[] certificateDer, Instant time, HostMatcher.Reference host) {
        return verify(certificateDer, time, Optional.of(host));
    }

    /**
     * Verifies a certificate at {@code time} for a host given as text.
     *
     * @param certificateDer the certificate's DER encoding
     * @param time           the verification time, compared with notBefore and notAfter
     * @param host           a DNS name ({@code www.example.com}) or IP address literal ({@code 192.0.2.1})
     * @return the verdict; never throws for malformed certificates
     * @throws io.mtc4j.spec.MtcParseException if {@code host} is neither a DNS name nor an IP address
     */
    public VerificationResult verify(byte[] certificateDer, Instant time, String host) {
        return verify(certificateDer, time, Optional.of(HostMatcher.parseReference(host)));
    }

    private VerificationResult verify(byte[] certificateDer, Instant time, Optional<HostMatcher.Reference> host) {
        Run run = new Run();
        VerificationResult r = verifySignature(certificateDer, run);
        if (!r.isValid()) {
            return r;
        }
        LeafChecks.LeafFacts facts;
        try {
            facts = LeafChecks.facts(run.tbs);
        } catch (MtcException e) {
            return run.fail(Step.CERTIFICATE_DECODING, e.getMessage());
        }
        Optional<LeafChecks.Failure> f = LeafChecks.check(facts, time, host, options);
        if (f.isPresent()) {
            return run.fail(f.get().step(), f.get().message());
        }
        return r;
    }

    /**
     * Only the draft's signature procedure (RFC 5280 §6.1.3 (a)(1) replacement): no validity, usage or host checks.
     *
     * @param certificateDer the certificate's DER encoding
     * @return the verdict of draft §"Verifying Certificate Signatures"
     */
    public VerificationResult verifySignature(byte[] certificateDer) {
        return verifySignature(certificateDer, new Run());
    }

    /** Mutable state of one verification; never shared. */
    private static final class Run {
        TbsCertificate tbs;
        Optional<TrustAnchorId> caId = Optional.empty();
        Optional<BigInteger> serial = Optional.empty();
        Optional<Integer> logNumber = Optional.empty();
        Optional<Long> index = Optional.empty();
        Optional<Long> start = Optional.empty();
        Optional<Long> end = Optional.empty();
        List<String> notes = new ArrayList<>();

        VerificationResult.Details details() {
            return new VerificationResult.Details(caId, serial, logNumber, index, start, end, notes);
        }

        VerificationResult fail(Step step, String message) {
            return VerificationResult.failure(step, message, details());
        }
    }

    /**
     * A step of the procedure failed: carries the {@link Step} and the message into the one place that builds the
     * failed {@link VerificationResult}, so each step method reads as the draft's step and nothing else.
     */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final Step step;

        StepFailure(Step step, String message) {
            super(message, null, false, false);
            this.step = step;
        }
    }

    /** The three fields of an X.509 Certificate, the TBSCertificate parsed. */
    private record DecodedCertificate(TbsCertificate tbs, DerElement signatureAlgorithm, DerElement signatureValue) {}

    /** draft §"Verifying Certificate Signatures", steps 1-12, preceded by decoding and selecting the CA. */
    private VerificationResult verifySignature(byte[] der, Run run) {
        try {
            DecodedCertificate cert = decodeCertificate(der, run);
            Prepared prep = selectMerkleTreeCa(cert.tbs(), run);
            CaConfig ca = prep.ca();
            checkSignatureAlgorithm(cert);
            MtcProof proof = decodeMtcProof(ca, cert.signatureValue(), run);
            BigInteger serial = checkSerialRange(cert.tbs(), run);
            checkRevokedRanges(ca, serial);
            LogPosition pos = ca.profile().serialHasLogNumber()
                    ? computeIndexAndLogNumber(ca, serial, run)
                    : legacyPosition(ca, serial, run);
            TbsCertificateLogEntry tbsEntry = constructTbsCertificateLogEntry(ca, cert.tbs());
            MtcLogEntry entry = constructMtcLogEntry(ca, proof, tbsEntry);
            byte[] entryHash = computeEntryHash(ca, entry);
            byte[] expected = evaluateInclusionProof(ca, pos, proof, entryHash);
            Optional<VerificationResult> trusted = matchTrustedSubtree(prep, pos, proof, expected, run);
            if (trusted.isPresent()) {
                return trusted.get();
            }
            return checkCosignatures(prep, pos, proof, expected, run);
        } catch (StepFailure f) {
            return run.fail(f.step, f.getMessage());
        }
    }

    /** RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }, in DER. */
    private static DecodedCertificate decodeCertificate(byte[] der, Run run) throws StepFailure {
        try {
            DerElement cert = DerReader.single(der, "Certificate");
            if (cert.tag() != Der.SEQUENCE) {
                throw new StepFailure(Step.CERTIFICATE_DECODING, "Certificate: must be a SEQUENCE");
            }
            DerReader r = cert.reader();
            DerElement tbsElement = r.read("Certificate.tbsCertificate", Der.SEQUENCE);
            DerElement sigAlg = r.read("Certificate.signatureAlgorithm", Der.SEQUENCE);
            DerElement sigValue = r.read("Certificate.signatureValue", Der.BIT_STRING);
            r.finish();
            run.tbs = TbsCertificate.parse(tbsElement.encoded());
            return new DecodedCertificate(run.tbs, sigAlg, sigValue);
        } catch (MtcException e) {
            throw new StepFailure(Step.CERTIFICATE_DECODING, e.getMessage());
        }
    }

    /**
     * Precondition of draft §"Verifying Certificate Signatures" ("whose issuer is a Merkle Tree CA"): the issuer is
     * the CA ID Name (§"Certificate Format") of a CA the relying party is configured for.
     */
    private Prepared selectMerkleTreeCa(TbsCertificate tbs, Run run) throws StepFailure {
        TrustAnchorId caId;
        try {
            caId = CaIdName.parse(tbs.issuer()).id();
        } catch (MtcException e) {
            throw new StepFailure(Step.ISSUER, "issuer is not a CA ID Name: " + e.getMessage());
        }
        run.caId = Optional.of(caId);
        Prepared prep = prepared.get(caId);
        if (prep == null) {
            throw new StepFailure(Step.ISSUER, "issuer CA ID " + caId + " is not a configured Merkle Tree CA");
        }
        return prep;
    }

    /**
     * draft step 1: the TBSCertificate's signature is id-alg-mtcProof with omitted parameters (and, RFC 5280
     * §4.1.1.2, the outer signatureAlgorithm is the same).
     */
    private static void checkSignatureAlgorithm(DecodedCertificate cert) throws StepFailure {
        byte[] signature = cert.tbs().signature();
        if (!Arrays.equals(signature, MTC_PROOF_ALGORITHM)) {
            throw new StepFailure(Step.SIGNATURE_ALGORITHM, "TBSCertificate.signature is "
                    + describeAlgorithm(signature) + ", not id-alg-mtcProof (" + MtcOids.ID_ALG_MTC_PROOF
                    + ") with omitted parameters");
        }
        if (!Arrays.equals(cert.signatureAlgorithm().encoded(), signature)) {
            throw new StepFailure(Step.SIGNATURE_ALGORITHM, "Certificate.signatureAlgorithm is "
                    + describeAlgorithm(cert.signatureAlgorithm().encoded())
                    + ", which differs from TBSCertificate.signature");
        }
    }

    /** draft step 2: decode signatureValue as an MTCProof (whole octets, no trailing data). */
    private static MtcProof decodeMtcProof(CaConfig ca, DerElement signatureValue, Run run) throws StepFailure {
        MtcProof proof;
        try {
            proof = MtcProof.parse(ca.profile(), ca.hash().size(), signatureValue.bitStringOctets());
        } catch (MtcException e) {
            throw new StepFailure(Step.PROOF_DECODING, e.getMessage());
        }
        run.start = Optional.of(proof.start());
        run.end = Optional.of(proof.end());
        return proof;
    }

    /** draft step 3: 0 &lt;= serial &lt;= 2^64-1. */
    private static BigInteger checkSerialRange(TbsCertificate tbs, Run run) throws StepFailure {
        BigInteger serial = tbs.serialNumber();
        run.serial = Optional.of(serial);
        if (serial.signum() < 0 || serial.compareTo(MAX_SERIAL) > 0) {
            throw new StepFailure(Step.SERIAL_RANGE, "serial " + serial + " is outside 0..2^64-1");
        }
        return serial;
    }

    /** draft step 4: serial is in none of the relying party's revoked ranges (§"Revoked Ranges"). */
    private static void checkRevokedRanges(CaConfig ca, BigInteger serial) throws StepFailure {
        Optional<SerialRange> revoked = ca.revokedRangeOf(serial);
        if (revoked.isPresent()) {
            String where = ca.profile().serialHasLogNumber()
                    ? "log " + serial.shiftRight(48) + ", index " + (serial.longValue() & INDEX_MASK)
                    : "index " + serial + ", " + ca.profile() + " serials are bare indices";
            throw new StepFailure(Step.REVOKED_RANGE, "serial " + serial + " (" + where + ") is in revoked range "
                    + revoked.get());
        }
    }

    /**
     * draft step 5: index = the low 48 bits of serial, log_number = serial &gt;&gt; 48, which must not be zero; then
     * step 6, {@link #constructLogId}.
     */
    private static LogPosition computeIndexAndLogNumber(CaConfig ca, BigInteger serial, Run run) throws StepFailure {
        long index = serial.longValue() & INDEX_MASK;
        int logNumber = serial.shiftRight(48).intValueExact();
        run.logNumber = Optional.of(logNumber);
        run.index = Optional.of(index);
        if (logNumber == 0) {
            throw new StepFailure(Step.LOG_NUMBER, "log_number (serial >> 48) is 0");
        }
        return new LogPosition(logNumber, constructLogId(ca, logNumber), index);
    }

    /** draft step 6: log_id is the log ID built from the issuer's CA ID and log_number (§"Issuance Logs"). */
    private static TrustAnchorId constructLogId(CaConfig ca, int logNumber) {
        return ca.caId().logId(logNumber);
    }

    /**
     * draft step 7: the TBSCertificateLogEntry copies the TBSCertificate's fields and replaces subjectPublicKeyInfo
     * by its algorithm and hash.
     */
    private static TbsCertificateLogEntry constructTbsCertificateLogEntry(CaConfig ca, TbsCertificate tbs)
            throws StepFailure {
        try {
            return TbsCertificateLogEntry.fromTbsCertificate(tbs, ca.hash(), ca.profile());
        } catch (MtcException | IllegalArgumentException e) {
            throw logEntryFailure(e);
        }
    }

    /** draft step 8: the MTCLogEntry of type tbs_cert_entry, with the MTCProof's extensions. */
    private static MtcLogEntry constructMtcLogEntry(CaConfig ca, MtcProof proof, TbsCertificateLogEntry tbsEntry)
            throws StepFailure {
        try {
            return MtcLogEntry.tbsCertEntry(ca.profile(), proof.extensions(), tbsEntry);
        } catch (MtcException | IllegalArgumentException e) {
            throw logEntryFailure(e);
        }
    }

    /** draft step 9: entry_hash = MTH({entry}) = HASH(0x00 || entry) (RFC 9162 §2.1.1). */
    private static byte[] computeEntryHash(CaConfig ca, MtcLogEntry entry) throws StepFailure {
        try {
            return entry.entryHash(ca.hash());
        } catch (MtcException | IllegalArgumentException e) {
            throw logEntryFailure(e);
        }
    }

    private static StepFailure logEntryFailure(Exception e) {
        return new StepFailure(Step.LOG_ENTRY, "cannot build the log entry: " + e.getMessage());
    }

    /**
     * draft step 10: expected_subtree_hash is the MTCProof's inclusion_proof evaluated for (index, entry_hash) in
     * [start, end) (§"Evaluating a Subtree Inclusion Proof").
     */
    private static byte[] evaluateInclusionProof(CaConfig ca, LogPosition pos, MtcProof proof, byte[] entryHash)
            throws StepFailure {
        if (pos.isLegacy() && proof.start() == proof.end()) {
            // before the editor's copy after plants-05 a valid subtree had 0 <= start < end (MTC-NOTES §3.2, §6)
            throw new StepFailure(Step.INCLUSION_PROOF, range(proof) + " is empty; subtrees are non-empty in "
                    + ca.profile());
        }
        try {
            return SubtreeProofs.evaluateInclusionProof(ca.hash(), new Subtree(proof.start(), proof.end()),
                    pos.index(), entryHash, proof.inclusionProof());
        } catch (MerkleProofException e) {
            throw new StepFailure(Step.INCLUSION_PROOF, e.getMessage());
        }
    }

    /**
     * draft step 11: when (log_number, start, end) is a trusted subtree (§"Trusted Subtrees"), hash equality alone
     * decides. Empty when no trusted subtree matches.
     */
    private static Optional<VerificationResult> matchTrustedSubtree(Prepared prep, LogPosition pos, MtcProof proof,
            byte[] expected, Run run) throws StepFailure {
        TrustedSubtree trusted = prep.trusted().get(new SubtreeKey(pos.logNumber(), proof.start(), proof.end()));
        if (trusted == null) {
            return Optional.empty();
        }
        if (!trusted.hashEquals(expected)) {
            throw new StepFailure(Step.TRUSTED_SUBTREE, pos.describe() + " " + range(proof)
                    + " is a trusted subtree but the proof evaluates to " + HexFormat.of().formatHex(expected));
        }
        return Optional.of(VerificationResult.success(VerificationResult.TrustPath.TRUSTED_SUBTREE, List.of(),
                "trusted subtree " + pos.describe() + " " + range(proof), run.details()));
    }

    /**
     * draft step 12: the valid signatures of known cosigners over the subtree (§"Signature Format") satisfy the
     * cosigner policy (§"Trusted Cosigners"); unrecognized cosigners are ignored.
     */
    private static VerificationResult checkCosignatures(Prepared prep, LogPosition pos, MtcProof proof,
            byte[] expected, Run run) throws StepFailure {
        CaConfig ca = prep.ca();
        Set<TrustAnchorId> valid = new HashSet<>();
        for (SubtreeSignature s : proof.signatures()) {
            Cosigner c = prep.cosigners().get(s.cosignerId());
            if (c == null || !prep.wanted().contains(s.cosignerId())) {
                run.notes.add(s.cosignerId() + ":ignored");
                continue;
            }
            boolean ok = c.verifySubtreeSignature(ca.profile(), pos.logId(), proof.start(), proof.end(), expected,
                    s.signature());
            run.notes.add(s.cosignerId() + (ok ? ":valid" : ":invalid"));
            if (ok) {
                valid.add(s.cosignerId());
            }
        }
        CosignerPolicy policy = ca.policy();
        CosignerPolicy.PolicyOutcome outcome = policy.evaluate(valid);
        if (!outcome.satisfied() && proof.signatures().isEmpty()) {
            throw new StepFailure(Step.COSIGNATURES, landmarkRelativeWithoutSubtree(prep, pos, proof));
        }
        if (!outcome.satisfied()) {
            throw new StepFailure(Step.COSIGNATURES, "cosigner policy " + policy + " is not met for "
                    + pos.describe() + " " + range(proof) + " (signatures: "
                    + (run.notes.isEmpty() ? "none" : String.join(", ", run.notes)) + ")");
        }
        return VerificationResult.success(VerificationResult.TrustPath.SIGNATURES, outcome.satisfiedBy(),
                pos.describe() + " " + range(proof) + " cosigned", run.details());
    }

    /**
     * Why a proof without signatures (a landmark-relative certificate, draft §"Landmark-Relative Certificates") failed
     * step 12: step 11 found no trusted subtree for it, because none are loaded or none is this one.
     */
    private static String landmarkRelativeWithoutSubtree(Prepared prep, LogPosition pos, MtcProof proof) {
        String what = "landmark-relative certificate (no cosignatures) in " + pos.describe() + " " + range(proof);
        long loaded = prep.trusted().size();
        if (loaded == 0) {
            return what + ": no trusted subtrees are loaded for CA " + prep.ca().caId()
                    + ", and it can only verify against one (draft step 11)";
        }
        return what + ": none of the " + loaded + " trusted subtrees loaded for CA " + prep.ca().caId()
                + " is this subtree (draft step 11); load the landmarks that cover it";
    }

    private static String range(MtcProof proof) {
        return "[" + Long.toUnsignedString(proof.start()) + ", " + Long.toUnsignedString(proof.end()) + ")";
    }

    /**
     * The log an entry is in and its index there.
     *
     * @param logNumber the log number, or {@link #LEGACY_LOG} before plants-04 (serials carry none)
     * @param logId     the log ID that goes into the cosigners' signed input
     * @param index     the entry's index (unsigned)
     */
    private record LogPosition(int logNumber, TrustAnchorId logId, long index) {
        boolean isLegacy() {
            return logNumber == LEGACY_LOG;
        }

        /** "log 1" (current) or "log 32473.1" (legacy: the log is named by its ID). */
        String describe() {
            return isLegacy() ? "log " + logId : "log " + logNumber;
        }
    }

    /**
     * Steps 5-6 for profiles before plants-04 (davidben-09, davidben-10, plants-01, plants-02; MTC-NOTES §6 and the
     * draft's change log "Since draft-ietf-plants-merkle-tree-certs-03": "A single CA now operates a series of
     * issuance logs, instead of a one-to-one correspondence"). draft-ietf-plants-02 §"Verifying Certificate
     * Signatures" step 3: "Let {@code index} be the certificate's serial number"; §"Certificate Format": the
     * issuer "MUST be the issuance log's log ID". The issuer already selected this CA configuration, so the log ID
     * is the configured CA ID. Index 0 is the log's null_entry, so no certificate has serial 0.
     */
    private static LogPosition legacyPosition(CaConfig ca, BigInteger serial, Run run) throws StepFailure {
        LogPosition pos = new LogPosition(LEGACY_LOG, ca.caId(), serial.longValue());
        run.index = Optional.of(pos.index());
        if (pos.index() == 0) {
            throw new StepFailure(Step.LOG_ENTRY, "index 0: in " + ca.profile() + " \"the entry at index zero of every"
                    + " issuance log MUST be of type null_entry\" (draft-ietf-plants-02 §\"Log Entries\", likewise in"
                    + " every draft before plants-04), so no certificate has serial 0");
        }
        return pos;
    }

    private static String describeAlgorithm(byte[] algorithmIdentifier) {
        try {
            DerReader r = DerReader.single(algorithmIdentifier, "AlgorithmIdentifier").reader();
            String oid = r.read("AlgorithmIdentifier.algorithm", Der.OBJECT_IDENTIFIER).oid();
            return r.isEmpty() ? oid : oid + " with parameters";
        } catch (MtcException e) {
            return "a malformed AlgorithmIdentifier";
        }
    }
}
