package io.mtc4j.conformance.witness;

import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.witness.SimulatedLog;
import io.mtc4j.log.witness.WitnessClient;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.note.Vkey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The black-box checks of {@code mtc conformance witness}: drives a C2SP tlog-witness over HTTP through the
 * protocol and the attacks a witness exists to refuse, as a log ({@link SimulatedLog}) whose key the witness trusts.
 * Each check is one {@link CheckResult} naming the spec section and the MTC-NOTES MUST id.
 *
 * <p>The main origin's tree is deterministic, so the checks run again on a witness that already cosigned for it
 * (they learn the recorded size from a 409 and extend it); the checks that need a fresh record (size 0, the race
 * of first checkpoints on {@code <origin>/race}) are skipped, with the reason, when it is not fresh.
 */
public final class WitnessChecker {
    /** The default origin of the simulated log. */
    public static final String DEFAULT_ORIGIN = "conformance.mtc4j.example/witness-check";
    private static final String ADD = "tlog-witness §add-checkpoint";
    private static final String SUBTREE = "tlog-witness §sign-subtree";
    private static final String MONITOR = "tlog-witness §Monitor Retrieval Mechanism";
    private static final int RACERS = 8;

    /**
     * What to check.
     *
     * @param url     the witness's submission and monitoring prefix URL
     * @param keys    the witness's verifier keys (types 0x04 and 0x06)
     * @param origin  the simulated log's origin (the witness must trust {@link #logKeys(String)})
     * @param timeout per request
     */
    public record Options(URI url, List<String> keys, String origin, Duration timeout) {
        /**
         * Checks the components.
         *
         * @param url     the prefix URL
         * @param keys    the witness's verifier keys
         * @param origin  the simulated log's origin
         * @param timeout per request
         */
        public Options {
            Objects.requireNonNull(url, "url");
            keys = List.copyOf(keys);
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final WitnessClient client;
    private final List<NoteVerifier> witnessKeys = new ArrayList<>();
    private final List<Vkey> mlDsaKeys = new ArrayList<>();
    private final List<CheckResult> results = new ArrayList<>();
    private final SimulatedLog log;
    private int requests;

    private WitnessChecker(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        this.client = new WitnessClient(options.url(), options.timeout());
        this.log = SimulatedLog.main(options.origin());
        for (String k : options.keys()) {
            Vkey v = Vkey.parse(k);
            witnessKeys.add(v.verifier());
            if (v.type() == Cosignature.TYPE_MLDSA44_COSIGNATURE) {
                mlDsaKeys.add(v);
            }
        }
    }

    /**
     * The log verifier keys a witness must trust for the checks on {@code origin}: the main origin and
     * {@code <origin>/race}.
     *
     * @param origin the simulated log's origin
     * @return the two vkeys
     */
    public static List<String> logKeys(String origin) {
        return List.of(SimulatedLog.vkey(origin), SimulatedLog.vkey(origin + "/race"));
    }

    /**
     * Runs every check.
     *
     * @param options  what to check
     * @param progress where progress lines go
     * @return the report
     * @throws IllegalArgumentException if a witness key does not parse
     */
    public static WitnessReport check(Options options, PrintStream progress) {
        WitnessChecker c = new WitnessChecker(options, progress);
        try {
            c.run();
        } catch (IOException e) {
            c.add("witness-reachable", Status.FAIL, "tlog-witness §HTTP Interface", "no answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.add("witness-reachable", Status.FAIL, "tlog-witness §HTTP Interface", "interrupted");
        }
        return new WitnessReport(options.url().toString(), options.origin(), c.results, c.requests);
    }

    private void add(String check, Status status, String ref, String detail) {
        CheckResult r = new CheckResult(check, status, ref, detail);
        results.add(r);
        progress.println(r.line());
    }

    private void expect(String check, String ref, HttpReply r, int status, String what) {
        if (r.status() == status) {
            add(check, Status.PASS, ref, what + ": " + status);
        } else {
            add(check, Status.FAIL, ref, what + ": expected " + status + ", got " + r);
        }
    }

    private HttpReply add(byte[] body) throws IOException, InterruptedException {
        requests++;
        return client.addCheckpoint(body);
    }

    private HttpReply subtree(byte[] body) throws IOException, InterruptedException {
        requests++;
        return client.signSubtree(body);
    }

    private void run() throws IOException, InterruptedException {
        // The record: 200 for a fresh origin (size 0 cosigned), else 409 with the recorded size.
        HttpReply probe = add(WitnessClient.addCheckpointBody(0, List.of(), log.note(0)));
        long recorded;
        if (probe.status() == 200) {
            recorded = 0;
            add("probe-fresh-origin", Status.PASS, ADD + " (K17)", "size 0 with the empty hash cosigned");
        } else if (probe.status() == 409) {
            Optional<Long> size = tlogSize(probe);
            if (size.isEmpty()) {
                add("probe-fresh-origin", Status.FAIL, ADD + " (K13)", "409 without a text/x.tlog.size body: " + probe);
                return;
            }
            recorded = size.get();
            if (!recordedIsOurs(recorded)) {
                return;
            }
            add("probe-fresh-origin", Status.PASS, ADD + " (K13)", "the witness already cosigned size " + recorded
                    + " of this origin's deterministic tree; continuing from it");
        } else {
            add("probe-fresh-origin", Status.FAIL, ADD + " (K11)", "old 0 / size 0 with the empty hash: expected 200"
                    + " (fresh) or 409 (known), got " + probe + "; is the witness configured with "
                    + logKeys(options.origin()) + "?");
            return;
        }
        freshOnly(recorded);
        long n1 = recorded + 8;
        HttpReply first = add(log.addCheckpointBody(recorded, n1));
        Optional<byte[]> cosigned = cosignatures("add-checkpoint-cosigns", first, n1);
        if (cosigned.isEmpty()) {
            return;
        }
        long n2 = n1 + 5;
        HttpReply next = add(log.addCheckpointBody(n1, n2));
        if (next.status() == 200) {
            add("recorded-before-answer", Status.PASS, ADD + " (K16)", "the next request with old " + n1
                    + " was cosigned: the record was current when the witness answered");
        } else {
            add("recorded-before-answer", Status.FAIL, ADD + " (K16)", "after cosigning " + n1 + ", old " + n1
                    + " got " + next + ": the witness answered before recording (or did not record)");
            return;
        }
        Optional<byte[]> cosigned2 = cosignatures("add-checkpoint-extends", next, n2);
        if (cosigned2.isEmpty()) {
            return;
        }
        monitoring(n2);
        attacks(n1, n2);
        signSubtree(n2, cosigned2.get());
        finalState(n2);
        race();
    }

    /** The monitoring checkpoint of a witness that cosigned size {@code recorded} must be our tree's. */
    private boolean recordedIsOurs(long recorded) throws IOException, InterruptedException {
        requests++;
        HttpReply m = client.checkpoint(options.origin());
        try {
            Checkpoint c = Checkpoint.parse(SignedNote.parse(m.body()).text());
            if (m.status() == 200 && c.size() <= recorded && Arrays.equals(c.rootHash(), log.root(c.size()))) {
                return true;
            }
        } catch (MtcException e) {
            // reported below
        }
        add("probe-fresh-origin", Status.FAIL, ADD, "the witness recorded size " + recorded + " of "
                + options.origin() + ", but its monitoring checkpoint is not this tool's tree (" + m
                + "); use a fresh --origin");
        return false;
    }

    /** Checks that only a fresh record allows (the witness has cosigned size 0 of the main tree). */
    private void freshOnly(long recorded) throws IOException, InterruptedException {
        if (recorded != 0) {
            String why = "needs a fresh record; the witness already cosigned size " + recorded + " (use a new --origin)";
            add("size-zero-empty-hash", Status.SKIP, ADD + " (K14)", why);
            add("old-zero-empty-proof", Status.SKIP, ADD + " (K14)", why);
            return;
        }
        Checkpoint notEmpty = new Checkpoint(options.origin(), 0, log.root(5));
        expect("size-zero-empty-hash", ADD + " (K14)", add(WitnessClient.addCheckpointBody(0, List.of(),
                log.sign(notEmpty))), 422, "old 0, a size-0 checkpoint whose hash is not SHA-256(\"\")");
        expect("old-zero-empty-proof", ADD + " (K14)", add(WitnessClient.addCheckpointBody(0, log.proof(3, 6),
                log.note(6))), 422, "old 0 with a non-empty consistency proof");
    }

    /**
     * A 200's body: signature lines that, appended to the checkpoint, verify under the witness keys, timestamp not
     * zero (ML-DSA-44: the message is the subtree [0, size)). Returns the cosigned note.
     */
    private Optional<byte[]> cosignatures(String check, HttpReply r, long size) {
        String ref = ADD + " (K17, K15)";
        if (r.status() != 200) {
            add(check, Status.FAIL, ref, "old/proof/checkpoint all valid for size " + size + ": expected 200, got "
                    + r);
            return Optional.empty();
        }
        String lines = r.text();
        if (lines.isEmpty() || !lines.endsWith("\n") || Arrays.stream(lines.split("\n"))
                .anyMatch(l -> !l.startsWith(SignedNote.EM_DASH + " "))) {
            add(check, Status.FAIL, ref, "the body must be note signature lines, each starting with U+2014 and"
                    + " ending in a newline: " + r);
            return Optional.empty();
        }
        byte[] note = (new String(log.note(size), StandardCharsets.UTF_8) + lines).getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> ok;
        try {
            ok = SignedNote.parse(note).verify(witnessKeys);
        } catch (MtcException e) {
            add(check, Status.FAIL, ref, "no cosignature verifies under the --key keys: " + e.getMessage());
            return Optional.empty();
        }
        for (NoteSignature s : ok) {
            SignatureAlgorithm alg = s.signature().length == 8 + 64 ? SignatureAlgorithm.ED25519
                    : SignatureAlgorithm.MLDSA44;
            if (Cosignature.parse(alg, s.signature()).timestamp() == 0) {
                add(check, Status.FAIL, ref, "a cosignature of " + s.keyName() + " has timestamp 0 (MUST NOT)");
                return Optional.empty();
            }
        }
        add(check, Status.PASS, ref, ok.size() + " cosignature(s) on size " + size + " verify, timestamps non-zero");
        return Optional.of(note);
    }

    private void monitoring(long size) throws IOException, InterruptedException {
        requests += 2;
        HttpReply m = client.checkpoint(options.origin());
        String ref = MONITOR + " (K20)";
        try {
            SignedNote n = SignedNote.parse(m.body());
            Checkpoint c = Checkpoint.parse(n.text());
            n.verify(witnessKeys);
            n.verify(List.of(SimulatedLog.signer(options.origin(), "log").verifier()));
            if (m.status() != 200 || !Arrays.equals(c.rootHash(), log.root(c.size())) || c.size() > size) {
                add("monitoring-checkpoint", Status.FAIL, ref, "expected this log's checkpoint, got " + m);
            } else if (c.size() < size) {
                add("monitoring-checkpoint", Status.WARN, ref, "serves size " + c.size() + " after cosigning " + size
                        + " (a delay of up to an hour is allowed)");
            } else {
                add("monitoring-checkpoint", Status.PASS, ref, "size " + size + " with the log's and the witness's"
                        + " signatures");
            }
        } catch (MtcException e) {
            add("monitoring-checkpoint", Status.FAIL, ref, "not a checkpoint with the witness's and the log's"
                    + " signatures: " + e.getMessage() + " (" + m + ")");
        }
        expect("monitoring-unknown-origin", ref, client.checkpoint(options.origin() + "/never-cosigned"), 404,
                "an origin never cosigned");
    }

    /** Every refusal; the record is at {@code n2} (and was at {@code n1} before). */
    private void attacks(long n1, long n2) throws IOException, InterruptedException {
        long n3 = n2 + 7;
        SimulatedLog stranger = SimulatedLog.main(options.origin() + "/unknown");
        expect("unknown-origin", ADD + " (K11)", add(stranger.addCheckpointBody(0, 4)), 404,
                "a checkpoint of an origin the witness does not know");
        SimulatedLog untrusted = SimulatedLog.untrusted(options.origin());
        expect("wrong-log-key", ADD + " (K11)", add(WitnessClient.addCheckpointBody(n2, log.proof(n2, n3),
                untrusted.note(n3))), 403, "the right origin signed by a key the witness does not trust");
        SignedNote good = SignedNote.parse(log.note(n3));
        NoteSignature s = good.signatures().get(0);
        byte[] sig = s.signature();
        sig[sig.length - 1] ^= 1;
        byte[] forged = new SignedNote(good.text(), List.of(new NoteSignature(s.keyName(), s.keyId(), sig))).format()
                .getBytes(StandardCharsets.UTF_8);
        expect("bad-log-signature", ADD + " (K11)", add(WitnessClient.addCheckpointBody(n2, log.proof(n2, n3),
                forged)), 403, "the trusted key's name and ID with a signature that does not verify");
        expect("rollback-old-above-size", ADD + " (K12)", add(log.addCheckpointBody(n2, n1)), 400,
                "old " + n2 + " above the checkpoint size " + n1);
        conflict("rollback-older-checkpoint", add(log.addCheckpointBody(n1, n1)), n2,
                "the earlier cosigned checkpoint " + n1 + " again, old " + n1);
        conflict("wrong-old-size-below", add(log.addCheckpointBody(n1, n3)), n2, "old " + n1 + " (recorded " + n2
                + ") with a valid proof to " + n3);
        conflict("wrong-old-size-above", add(log.addCheckpointBody(n2 + 1, n3)), n2, "old " + (n2 + 1)
                + " (recorded " + n2 + ")");
        List<byte[]> lines64 = log.proof(n2, n3);
        while (lines64.size() < 64) {
            lines64.add(new byte[32]);
        }
        expect("proof-lines-64", ADD + " (E34)", add(WitnessClient.addCheckpointBody(n2, lines64, log.note(n3))), 400,
                "64 consistency proof lines (at most 63)");
        byte[] leadingZero = ("old 0" + n2 + "\n\n").getBytes(StandardCharsets.US_ASCII);
        expect("old-leading-zero", ADD + " (E34)", add(concat(leadingZero, log.note(n3))), 400,
                "'old 0" + n2 + "' (no leading zeroes)");
        List<byte[]> bad = log.proof(n2, n3);
        bad.get(bad.size() - 1)[0] ^= 1;
        expect("bad-consistency-proof", ADD + " (K14, K6)", add(WitnessClient.addCheckpointBody(n2, bad,
                log.note(n3))), 422, "a consistency proof with one flipped bit");
        List<byte[]> longer = log.proof(n2, n3);
        longer.add(log.root(n2));
        expect("oversized-consistency-proof", ADD + " (K14, K6)", add(WitnessClient.addCheckpointBody(n2, longer,
                log.note(n3))), 422, "the right proof plus one hash");
        SimulatedLog fork = SimulatedLog.fork(options.origin(), "split-view", n2 - 2);
        expect("split-view-same-size", ADD + " (K14, K1)", add(fork.addCheckpointBody(n2, n2)), 422,
                "another tree of the recorded size " + n2);
        expect("split-view-extension", ADD + " (K14, K1, K7)", add(fork.addCheckpointBody(n2, n3)), 422,
                "a tree forked at " + (n2 - 2) + " extended to " + n3 + " with its own proof");
    }

    private void conflict(String check, HttpReply r, long recorded, String what) {
        String ref = ADD + " (K13)";
        if (r.status() != 409) {
            add(check, Status.FAIL, ref, what + ": expected 409, got " + r);
        } else if (!r.contentType().startsWith("text/x.tlog.size")) {
            add(check, Status.FAIL, ref, what + ": 409 with Content-Type '" + r.contentType()
                    + "', not text/x.tlog.size");
        } else if (!tlogSize(r).equals(Optional.of(recorded))) {
            add(check, Status.FAIL, ref, what + ": 409 body '" + r.text().strip() + "', expected '" + recorded + "\\n'");
        } else {
            add(check, Status.PASS, ref, what + ": 409, text/x.tlog.size " + recorded);
        }
    }

    /** The {@code text/x.tlog.size} body: a decimal without leading zeros and a newline. */
    private static Optional<Long> tlogSize(HttpReply r) {
        String t = r.text();
        if (!r.contentType().startsWith("text/x.tlog.size") || !t.matches("(0|[1-9][0-9]{0,18})\n")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(t.strip()));
    }

    private void signSubtree(long size, byte[] cosigned) throws IOException, InterruptedException {
        long start = 1;
        while (!Subtree.isValid(start, size)) {
            start++;
        }
        byte[] hash = log.subtreeHash(start, size);
        HttpReply ok = subtree(WitnessClient.signSubtreeBody(start, size, hash, log.subtreeProof(size, start, size),
                cosigned));
        String ref = SUBTREE + " (K18, K19)";
        if (ok.status() == 404 || ok.status() == 405 || ok.status() == 501) {
            add("sign-subtree", Status.SKIP, SUBTREE, "not implemented (" + ok.status() + "; the endpoint is"
                    + " OPTIONAL); mtc-tlog §Cosigners: a cosigner of standalone certificates SHOULD implement it");
            return;
        }
        if (ok.status() != 200) {
            add("sign-subtree", Status.FAIL, ref, "[" + start + ", " + size + ") of a checkpoint it cosigned: expected"
                    + " 200, got " + ok);
        } else {
            verifySubtreeLine(ok, start, size, hash);
        }
        expect("sign-subtree-outside-checkpoint", SUBTREE + " (K18)", subtree(WitnessClient.signSubtreeBody(0,
                size + 1, log.root(size + 1), List.of(), cosigned)), 400, "[0, " + (size + 1) + ") ends beyond the"
                + " checkpoint size " + size);
        expect("sign-subtree-invalid-range", SUBTREE + " (K18)", subtree(WitnessClient.signSubtreeBody(start + 1,
                size, hash, log.subtreeProof(size, start, size), cosigned)), 400, "[" + (start + 1) + ", " + size
                + ") is not a valid subtree");
        expect("sign-subtree-bad-proof", SUBTREE + " (K18, K4)", subtree(WitnessClient.signSubtreeBody(start, size,
                log.root(start), log.subtreeProof(size, start, size), cosigned)), 422, "a subtree hash the proof"
                + " does not connect to the checkpoint");
        expect("sign-subtree-not-cosigned", SUBTREE + " (K18)", subtree(WitnessClient.signSubtreeBody(start, size,
                hash, log.subtreeProof(size, start, size), log.note(size))), 403, "a checkpoint without the"
                + " witness's cosignature");
        List<byte[]> lines64 = log.subtreeProof(size, start, size);
        while (lines64.size() < 64) {
            lines64.add(new byte[32]);
        }
        expect("sign-subtree-proof-lines-64", SUBTREE + " (E34)", subtree(WitnessClient.signSubtreeBody(start, size,
                hash, lines64, cosigned)), 400, "64 proof lines (at most 63)");
        SimulatedLog stranger = SimulatedLog.main(options.origin() + "/unknown");
        HttpReply unknown = subtree(WitnessClient.signSubtreeBody(start, size, stranger.subtreeHash(start, size),
                stranger.subtreeProof(size, start, size), stranger.note(size)));
        if (unknown.status() == 404 || unknown.status() == 403) {
            add("sign-subtree-unknown-origin", Status.PASS, SUBTREE + " (K18)", "an unknown origin: " + unknown.status()
                    + (unknown.status() == 403 ? " (its own cosignature is missing too; the spec fixes no order)"
                    : ""));
        } else {
            add("sign-subtree-unknown-origin", Status.FAIL, SUBTREE + " (K18)", "an unknown origin: expected 404,"
                    + " got " + unknown);
        }
    }

    /** K19: an ML-DSA-44 subtree/v1 line of a --key key, timestamp 0, over [start, end) of the origin. */
    private void verifySubtreeLine(HttpReply r, long start, long end, byte[] hash) {
        String ref = SUBTREE + " (K19, K4)";
        for (String line : r.text().split("\n")) {
            String[] f = line.split(" ");
            if (f.length != 3 || !f[0].equals(SignedNote.EM_DASH)) {
                add("sign-subtree", Status.FAIL, ref, "not a note signature line: " + line);
                return;
            }
            byte[] payload;
            try {
                payload = Base64.getDecoder().decode(f[2]);
            } catch (IllegalArgumentException e) {
                add("sign-subtree", Status.FAIL, ref, "not base64: " + line);
                return;
            }
            for (Vkey k : mlDsaKeys) {
                if (!k.name().equals(f[1]) || payload.length < 4 || ByteBuffer.wrap(payload).getInt() != k.keyId()) {
                    continue;
                }
                Cosignature c;
                try {
                    c = Cosignature.parse(SignatureAlgorithm.MLDSA44, Arrays.copyOfRange(payload, 4, payload.length));
                } catch (MtcException e) {
                    add("sign-subtree", Status.FAIL, ref, "not a timestamped ML-DSA-44 signature: " + e.getMessage());
                    return;
                }
                byte[] msg = CosignedMessage.encodeTlog(k.name(), 0, options.origin(), start, end, hash);
                if (c.timestamp() != 0) {
                    add("sign-subtree", Status.FAIL, ref, "timestamp " + c.timestamp() + " (MUST be zero)");
                } else if (!Keys.verifierFromRaw(SignatureAlgorithm.MLDSA44, k.publicKey()).verify(msg, c.signature())) {
                    add("sign-subtree", Status.FAIL, ref, "the subtree/v1 signature of " + k.name()
                            + " does not verify for [" + start + ", " + end + ")");
                } else {
                    add("sign-subtree", Status.PASS, ref, "[" + start + ", " + end + "): ML-DSA-44 subtree/v1 by "
                            + k.name() + ", timestamp 0");
                }
                return;
            }
        }
        add("sign-subtree", mlDsaKeys.isEmpty() ? Status.SKIP : Status.FAIL, ref, mlDsaKeys.isEmpty()
                ? "no ML-DSA-44 --key (type 0x06) to verify the subtree signature with"
                : "no line of an ML-DSA-44 --key key: " + r);
    }

    /** K15: after every refusal, the record is still the main tree at {@code size}. */
    private void finalState(long size) throws IOException, InterruptedException {
        conflict("refusals-recorded-nothing", add(log.addCheckpointBody(0, size + 1)), size,
                "after the attacks, the record is still " + size);
    }

    /** K16: first checkpoints of 8 different trees sent at once to a fresh origin: exactly one is cosigned. */
    private void race() throws InterruptedException {
        String origin = options.origin() + "/race";
        String ref = ADD + " (K16)";
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpReply>> replies = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                byte[] body = SimulatedLog.fork(origin, "racer-" + i, 0).addCheckpointBody(0, 16);
                replies.add(pool.submit(() -> {
                    go.await();
                    return client.addCheckpoint(body);
                }));
                requests++;
            }
            go.countDown();
            int ok = 0;
            int conflicts = 0;
            List<String> others = new ArrayList<>();
            for (Future<HttpReply> f : replies) {
                HttpReply r;
                try {
                    r = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    others.add(String.valueOf(e.getCause()));
                    continue;
                }
                if (r.status() == 200) {
                    ok++;
                } else if (r.status() == 409) {
                    conflicts++;
                } else {
                    others.add(r.toString());
                }
            }
            if (ok == 0 && conflicts == RACERS) {
                add("race-first-checkpoints", Status.SKIP, ref, "needs a fresh record of " + origin
                        + "; the witness already cosigned for it (use a new --origin)");
            } else if (ok == 0 && conflicts == 0) {
                add("race-first-checkpoints", Status.FAIL, ref, "no racer cosigned or refused with 409: " + others
                        + "; is the witness configured with " + logKeys(options.origin()) + "?");
            } else if (ok > 1) {
                add("race-first-checkpoints", Status.FAIL, ref, ok + " of " + RACERS + " different trees of size 16"
                        + " were cosigned: a split view (the check and the record are not atomic)");
            } else if (ok == 1 && conflicts == RACERS - 1) {
                add("race-first-checkpoints", Status.PASS, ref, "1 of " + RACERS + " different trees of size 16 sent"
                        + " at once was cosigned, the others got 409");
            } else {
                add("race-first-checkpoints", Status.FAIL, ref, ok + " cosigned, " + conflicts + " 409, others: "
                        + others);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
