package io.mtc4j.rp.subtrees;

import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogResponse;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.subtrees.LandmarkUpdateException.Reason;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps a relying party's trusted subtrees for one issuance log up to date from the log itself (draft §"Trusted
 * Subtrees"). One round ({@link #updateOnce}):
 * <ol>
 *   <li>fetches the landmarks file ({@code <log prefix>/landmarks}, mtc-tlog; draft §"Publishing Landmarks") and
 *       parses it strictly;</li>
 *   <li>fetches the checkpoint through mtc-log's {@link LogClient}, from the CA's log or its mirrors
 *       ({@link #withMirrors}): its signatures by the CA's configured
 *       cosigners (ML-DSA-44 {@code subtree/v1}, mtc-tlog §"Cosigners"), its consistency with the checkpoint
 *       trusted before (no rollback, no fork) and its tiles up to its root;</li>
 *   <li>checks the landmarks against that checkpoint and against the landmarks trusted before (append-only, no
 *       rollback, no shrinking window);</li>
 *   <li>builds each active landmark subtree's hash and subtree consistency proof from the verified tiles and runs
 *       {@link TrustedSubtreeValidator} with the checkpoint's cosignatures as evidence, so the CA's cosigner policy
 *       decides;</li>
 *   <li>returns the new {@link LandmarkState}: the window of active landmarks ({@link ActiveLandmarks}).</li>
 * </ol>
 * The landmarks are read before the checkpoint, so an honest log that grows between the two reads still passes
 * (its landmarks are at most the later checkpoint's size). A round that fails throws a
 * {@link LandmarkUpdateException} and returns nothing: the caller keeps its previous state. Rounds on a schedule
 * and atomic persistence are {@link LandmarkRefresher}'s; the file is {@link TrustedSubtreesFile}'s.
 *
 * <p>Example (one round against a CA whose log 1 is served at {@code http://127.0.0.1:8080/1}):
 * <pre>{@code
 * CaConfig ca = CaCertificates.read(Path.of("ca.pem"), Profile.current());
 * LandmarkUpdater u = LandmarkUpdater.of(ca, 1, HttpLogTransport.of("http://127.0.0.1:8080/1"));
 * LandmarkState s = u.updateOnce(Optional.empty());
 * TrustedSubtreesFile.write(Path.of("trusted-subtrees.json"), List.of(s));
 * }</pre>
 * Immutable and thread-safe; each round uses its own log client.
 */
public final class LandmarkUpdater {
    /** The largest landmarks file read: 2^16 active landmarks of 15 digits and a newline, with room to spare. */
    static final int MAX_LANDMARKS_BYTES = 1 << 20;

    private final CaConfig ca;
    private final int logNumber;
    private final LogTransport transport;
    private final OptionalLong maxActiveLandmarks;
    private final Clock clock;
    private final List<LogTransport> mirrors;
    private final MirrorUse mirrorUse;

    /** When a round reads the checkpoint and tiles from the log's mirrors rather than from the CA's log. */
    public enum MirrorUse {
        /** The CA's log first; the mirrors, in order, when it cannot prove the state (unreachable, behind, or
         * without the cosignatures the policy requires). */
        WHEN_LOG_UNAVAILABLE,
        /** The mirrors first, in order; the CA's log last. */
        MIRRORS_FIRST
    }

    private LandmarkUpdater(CaConfig ca, int logNumber, LogTransport transport, OptionalLong maxActiveLandmarks,
            Clock clock, List<LogTransport> mirrors, MirrorUse mirrorUse) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.mirrors = List.copyOf(mirrors);
        this.mirrorUse = Objects.requireNonNull(mirrorUse, "mirrorUse");
        this.maxActiveLandmarks = Objects.requireNonNull(maxActiveLandmarks, "maxActiveLandmarks");
        this.clock = Objects.requireNonNull(clock, "clock");
        ca.caId().logId(logNumber); // checks 1..65535
        this.logNumber = logNumber;
        maxActiveLandmarks.ifPresent(m -> {
            if (m < 1) {
                throw new IllegalArgumentException("max_active_landmarks must be positive, got " + m);
            }
        });
    }

    /**
     * An updater for log {@code logNumber} of {@code ca}, read through {@code log} (the log's own prefix, where
     * {@code checkpoint} and {@code landmarks} are, e.g. {@code HttpLogTransport.of(caPrefix + "/1")} or
     * {@code LogTransport.of(new DirectoryLogObjects(dir.resolve("1")), ...)}). The CA's cosigner policy and
     * cosigner keys ({@link CaConfig#policy()}, {@link CaConfig#cosigners()}) decide which checkpoints are
     * accepted.
     *
     * @param ca the CA's relying-party configuration
     * @param logNumber the log number (1..65535)
     * @param log where the log's objects are read
     * @return the updater, without a known {@code max_active_landmarks}
     */
    public static LandmarkUpdater of(CaConfig ca, int logNumber, LogTransport log) {
        return new LandmarkUpdater(ca, logNumber, log, OptionalLong.empty(), Clock.systemUTC(), List.of(),
                MirrorUse.WHEN_LOG_UNAVAILABLE);
    }

    /**
     * The same updater, also checking the landmarks against the CA's {@code max_active_landmarks} (draft
     * §"Publishing Landmarks": {@code num_active_landmarks <= max_active_landmarks}; and no fewer than
     * {@code min(max_active_landmarks, last_landmark)}, else the window shrank).
     *
     * @param max the CA's {@code max_active_landmarks}, positive
     * @return the updater
     */
    public LandmarkUpdater withMaxActiveLandmarks(long max) {
        return new LandmarkUpdater(ca, logNumber, transport, OptionalLong.of(max), clock, mirrors, mirrorUse);
    }

    /**
     * The same updater, stamping states with {@code c}'s time.
     *
     * @param c the clock
     * @return the updater
     */
    public LandmarkUpdater withClock(Clock c) {
        return new LandmarkUpdater(ca, logNumber, transport, maxActiveLandmarks, c, mirrors, mirrorUse);
    }

    /**
     * The same updater, also reading the log's checkpoint and tiles from {@code mirrors} (C2SP tlog-mirror: a mirror
     * serves its copy of the log as tlog-tiles at {@code <monitoring prefix>/<origin hash>}, see
     * {@link #mirrorPath(String)}; its checkpoint carries the mirror's cosignature). The landmarks file is always the
     * CA's. What a mirror serves is checked exactly as the CA's log: the checkpoint's signatures against the CA's
     * cosigner keys and policy (a mirror is one of the cosigners the policy may require), its consistency with the
     * checkpoint trusted before, the tiles against its root and every active landmark subtree against it. A source
     * that cannot prove the state (unreachable, behind the trusted checkpoint or the landmarks, or lacking the
     * cosignatures the policy requires) gives way to the next; one that serves evidence of a lie (a checkpoint
     * inconsistent with the trusted one, tiles that do not hash to its root) ends the round with that refusal.
     *
     * @param mirrorLogs each mirror's copy of this log, e.g.
     *     {@code HttpLogTransport.of(prefix + "/" + LandmarkUpdater.mirrorPath(origin))}
     * @param use when the mirrors are read
     * @return the updater
     */
    public LandmarkUpdater withMirrors(List<LogTransport> mirrorLogs, MirrorUse use) {
        return new LandmarkUpdater(ca, logNumber, transport, maxActiveLandmarks, clock, mirrorLogs, use);
    }

    /**
     * C2SP tlog-mirror: the path under a mirror's monitoring prefix where it serves the log with checkpoint origin
     * {@code origin}: the SHA-256 of the origin, hex encoded in lowercase.
     *
     * @param origin the log's checkpoint origin, e.g. {@code oid/1.3.6.1.4.1.32473.1.0.1}
     * @return the path segment
     */
    public static String mirrorPath(String origin) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * The CA this updater serves.
     *
     * @return the CA's configuration
     */
    public CaConfig ca() {
        return ca;
    }

    /**
     * The log number.
     *
     * @return the log number
     */
    public int logNumber() {
        return logNumber;
    }

    /**
     * One round (draft §"Trusted Subtrees"): fetches, checks and validates the log's active landmark subtrees.
     *
     * @param previous the state trusted so far for this log, if any: the new checkpoint must extend its checkpoint
     *     and the new landmarks must extend its landmarks
     * @return the new state
     * @throws LandmarkUpdateException if the log is unavailable or what it serves does not prove the new state;
     *     nothing changes
     * @throws IllegalArgumentException if {@code previous} is of another CA or log
     */
    public LandmarkState updateOnce(Optional<LandmarkState> previous) {
        previous.ifPresent(p -> {
            if (!p.caId().equals(ca.caId()) || p.logNumber() != logNumber) {
                throw new IllegalArgumentException("previous state is of " + p.caId() + " log " + p.logNumber()
                        + ", not " + ca.caId() + " log " + logNumber);
            }
        });
        String origin = ca.caId().logId(logNumber).tlogName();
        LandmarkList landmarks = fetchLandmarks();
        List<LogTransport> sources = new ArrayList<>();
        if (mirrorUse == MirrorUse.WHEN_LOG_UNAVAILABLE) {
            sources.add(transport);
        }
        sources.addAll(mirrors);
        if (mirrorUse == MirrorUse.MIRRORS_FIRST) {
            sources.add(transport);
        }
        List<LandmarkUpdateException> failures = new ArrayList<>();
        for (LogTransport source : sources) {
            try {
                return fromLog(source, origin, landmarks, previous);
            } catch (LandmarkUpdateException e) {
                if (sources.size() == 1) {
                    throw e;
                }
                if (e.reason() == Reason.FORK || e.reason() == Reason.BAD_CHECKPOINT) {
                    throw e; // evidence of a lie: no other source may paper over it
                }
                failures.add(e);
            }
        }
        // no source could prove the state: the first lie's refusal (else the first), naming every source's
        LandmarkUpdateException first = failures.stream().filter(e -> e.reason().lying()).findFirst()
                .orElse(failures.get(0));
        StringBuilder why = new StringBuilder("no source proves the state:");
        for (LandmarkUpdateException e : failures) {
            why.append(' ').append(e.getMessage()).append(';');
        }
        throw new LandmarkUpdateException(first.reason(), first.location(), why.substring(0, why.length() - 1),
                first);
    }

    /**
     * The rest of a round from one copy of the log (the CA's or a mirror's): its cosigned checkpoint, the landmarks
     * against it, and every active landmark subtree proven from its tiles.
     */
    private LandmarkState fromLog(LogTransport source, String origin, LandmarkList landmarks,
            Optional<LandmarkState> previous) {
        LogClient client = client(source, origin, previous);
        Checkpoint cp = fetchCheckpoint(client);
        checkLandmarksAgainstCheckpoint(landmarks, cp, source);
        previous.ifPresent(p -> checkLandmarksAgainstPrevious(landmarks, p));

        List<TrustedSubtreeValidator.Evidence> evidence = new ArrayList<>();
        String where = source.location("checkpoint");
        TrustedSubtreeValidator.Checkpoint reference;
        try {
            String note = new String(client.checkpointNote().orElseThrow().bytes(), StandardCharsets.UTF_8);
            reference = TrustedSubtreesFile.fromNote(note, ca, logNumber, TrustedSubtreesFile.NoteSignatures.TLOG_COSIGNATURE,
                    evidence, "checkpoint");
        } catch (MtcException e) {
            throw new LandmarkUpdateException(Reason.BAD_CHECKPOINT, where, e.getMessage(), e);
        }
        List<TrustedSubtreeValidator.SubtreeProof> proofs = subtreeProofs(client, landmarks);
        TrustedSubtreeValidator.Outcome o = TrustedSubtreeValidator.validate(ca, logNumber, landmarks, reference,
                evidence, proofs);
        if (!o.accepted()) {
            String why = o.refusal().get();
            throw new LandmarkUpdateException(why.startsWith(TrustedSubtreeValidator.POLICY_REFUSAL)
                    ? Reason.POLICY_NOT_MET : Reason.INCONSISTENT_LANDMARKS, where, why, null);
        }
        long window = maxActiveLandmarks.orElse(Math.max(1, landmarks.numActiveLandmarks()));
        ActiveLandmarks active = ActiveLandmarks.empty(ca.caId(), logNumber, window).update(o);
        previous.ifPresent(p -> checkSubtreesAgainstPrevious(active, p, where));
        return new LandmarkState(ca.caId(), logNumber, maxActiveLandmarks, reference, landmarks, active,
                clock.instant());
    }

    /** The client: every configured ML-DSA-44 cosigner's key, this log's origin, the previous checkpoint trusted. */
    private LogClient client(LogTransport source, String origin, Optional<LandmarkState> previous) {
        List<NoteVerifier> keys = new ArrayList<>();
        for (Cosigner c : ca.cosigners().values()) {
            // mtc-tlog §"Cosigners": an MTC cosigner signs checkpoints with ML-DSA-44 subtree/v1; the validator
            // below verifies the same signatures as CosignedMessages under the CA's policy
            if (c.verifier().algorithm() == SignatureAlgorithm.MLDSA44) {
                keys.add(NoteVerifier.mlDsa44Cosignature(c.id().tlogName(), c.verifier()));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("CA " + ca.caId() + " has no ML-DSA-44 cosigner to verify checkpoints"
                    + " with (mtc-tlog §\"Cosigners\")");
        }
        LogClient.Builder b = LogClient.builder(source).verifiers(keys).origin(origin);
        previous.ifPresent(p -> b.trusted(new Checkpoint(origin, p.checkpoint().size(), p.checkpoint().rootHash())));
        return b.build();
    }

    /** draft §"Publishing Landmarks": the format, and {@code num_active_landmarks <= max_active_landmarks}. */
    private LandmarkList fetchLandmarks() {
        String where = transport.location("landmarks");
        LogResponse r;
        try {
            r = transport.get("landmarks", MAX_LANDMARKS_BYTES);
        } catch (LogClientException e) {
            throw new LandmarkUpdateException(Reason.UNAVAILABLE, where, e.getMessage(), e);
        }
        if (r.status() == 404) {
            throw new LandmarkUpdateException(Reason.NO_LANDMARKS, where, "the log publishes no landmarks (HTTP 404)",
                    null);
        }
        if (!r.ok()) {
            throw new LandmarkUpdateException(Reason.UNAVAILABLE, where, "HTTP " + r.status(), null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.body())).toString();
        } catch (CharacterCodingException e) {
            throw new LandmarkUpdateException(Reason.MALFORMED_LANDMARKS, where, "not UTF-8 text", e);
        }
        LandmarkList l;
        try {
            l = LandmarkList.parse(text);
        } catch (MtcException e) {
            throw new LandmarkUpdateException(Reason.MALFORMED_LANDMARKS, where, e.getMessage(), e);
        }
        if (maxActiveLandmarks.isPresent() && l.numActiveLandmarks() > maxActiveLandmarks.getAsLong()) {
            throw new LandmarkUpdateException(Reason.MALFORMED_LANDMARKS, where, "num_active_landmarks "
                    + l.numActiveLandmarks() + " exceeds max_active_landmarks " + maxActiveLandmarks.getAsLong(), null);
        }
        return l;
    }

    private Checkpoint fetchCheckpoint(LogClient client) {
        try {
            return client.update();
        } catch (LogClientException e) {
            Reason reason = switch (e.check()) {
                case TRANSPORT, TIMEOUT, HTTP_STATUS, OVERSIZED, ENCODING -> Reason.UNAVAILABLE;
                case ROLLBACK -> Reason.ROLLBACK;
                case FORK -> Reason.FORK;
                case CHECKPOINT_SIGNATURE -> Reason.POLICY_NOT_MET;
                default -> Reason.BAD_CHECKPOINT;
            };
            throw new LandmarkUpdateException(reason, e.location(), e.getMessage(), e);
        }
    }

    /** draft §"Publishing Landmarks": tree sizes are at most the log's latest tree size. */
    private void checkLandmarksAgainstCheckpoint(LandmarkList l, Checkpoint cp, LogTransport source) {
        long last = l.treeSizes().get(0);
        if (Long.compareUnsigned(last, cp.size()) > 0) {
            throw new LandmarkUpdateException(Reason.INCONSISTENT_LANDMARKS, source.location("checkpoint"),
                    "landmark " + l.lastLandmark() + " has tree size " + Long.toUnsignedString(last)
                    + ", beyond the cosigned checkpoint's size " + Long.toUnsignedString(cp.size()), null);
        }
    }

    /**
     * draft §"Landmark Tree Sizes": the sequence is append-only (no landmark disappears from the end, no tree size
     * changes) and the most recent {@code max_active_landmarks} landmarks are active, so the number of active
     * landmarks, {@code min(max_active_landmarks, last_landmark)}, never decreases.
     */
    private void checkLandmarksAgainstPrevious(LandmarkList cur, LandmarkState prev) {
        String where = transport.location("landmarks");
        LandmarkList old = prev.landmarks();
        if (cur.lastLandmark() < old.lastLandmark()) {
            throw new LandmarkUpdateException(Reason.ROLLBACK, where, "last_landmark " + cur.lastLandmark()
                    + " is older than the trusted last_landmark " + old.lastLandmark(), null);
        }
        for (int i = 0; i < old.treeSizes().size(); i++) {
            long number = old.lastLandmark() - i;
            Optional<Long> now = cur.treeSize(number);
            if (now.isPresent() && !now.get().equals(old.treeSizes().get(i))) {
                throw new LandmarkUpdateException(Reason.INCONSISTENT_LANDMARKS, where, "landmark " + number
                        + " now has tree size " + Long.toUnsignedString(now.get()) + ", was "
                        + Long.toUnsignedString(old.treeSizes().get(i)) + " (landmarks are append-only)", null);
            }
        }
        if (cur.numActiveLandmarks() < old.numActiveLandmarks()) {
            throw new LandmarkUpdateException(Reason.WINDOW_SHRANK, where, "num_active_landmarks "
                    + cur.numActiveLandmarks() + " is below the trusted " + old.numActiveLandmarks(), null);
        }
        if (maxActiveLandmarks.isPresent()
                && cur.numActiveLandmarks() < Math.min(maxActiveLandmarks.getAsLong(), cur.lastLandmark())) {
            throw new LandmarkUpdateException(Reason.WINDOW_SHRANK, where, "num_active_landmarks "
                    + cur.numActiveLandmarks() + " is below min(max_active_landmarks, last_landmark) = "
                    + Math.min(maxActiveLandmarks.getAsLong(), cur.lastLandmark()), null);
        }
    }

    /** A subtree trusted before and still active keeps its hash (it follows from consistency; checked anyway). */
    private static void checkSubtreesAgainstPrevious(ActiveLandmarks cur, LandmarkState prev, String where) {
        for (TrustedSubtree t : cur.trustedSubtrees()) {
            for (TrustedSubtree o : prev.trustedSubtrees()) {
                if (o.matches(t.logNumber(), t.start(), t.end()) && !o.hashEquals(t.hash())) {
                    throw new LandmarkUpdateException(Reason.INCONSISTENT_LANDMARKS, where, "subtree ["
                            + Long.toUnsignedString(t.start()) + ", " + Long.toUnsignedString(t.end())
                            + ") has another hash than the one trusted before", null);
                }
            }
        }
    }

    /** draft §"Generating a Subtree Consistency Proof", from the verified tiles, for every active landmark subtree. */
    private List<TrustedSubtreeValidator.SubtreeProof> subtreeProofs(LogClient client, LandmarkList l) {
        List<TrustedSubtreeValidator.SubtreeProof> out = new ArrayList<>();
        for (long number : l.activeLandmarks()) {
            for (Subtree s : l.landmarkSubtrees(number)) {
                if (s.start() == s.end()) {
                    continue;
                }
                try {
                    out.add(new TrustedSubtreeValidator.SubtreeProof(s.start(), s.end(), client.subtreeHash(s),
                            client.consistencyProof(s)));
                } catch (LogClientException e) {
                    Reason reason = switch (e.check()) {
                        case TRANSPORT, TIMEOUT, HTTP_STATUS, OVERSIZED, ENCODING -> Reason.UNAVAILABLE;
                        default -> Reason.BAD_CHECKPOINT;
                    };
                    throw new LandmarkUpdateException(reason, e.location(), e.getMessage(), e);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "LandmarkUpdater[" + ca.caId() + " log " + logNumber + " at " + transport.location("") + "]";
    }
}
