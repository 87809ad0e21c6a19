package io.mtc4j.conformance.mirror;

import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.mirror.AddCheckpointRequest;
import io.mtc4j.log.mirror.AddEntries;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorClient;
import io.mtc4j.log.mirror.MirrorInfo;
import io.mtc4j.log.mirror.SignSubtreeRequest;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Black-box checks of a C2SP tlog-mirror over HTTP (tlog-mirror, and tlog-witness for the shared requests). The
 * checker is the log: it builds a log of its own (random entries; checkpoints signed by an ML-DSA-44 MTC CA
 * cosigner key derived from a seed, named {@code oid/1.3.6.1.4.1.<CA ID>}), which the mirror must trust for the
 * CA's issuance logs ({@link #logKey}), and drives the mirror through the protocol and the attacks of issue 13,
 * each a {@link CheckResult} with its spec reference and MTC-NOTES MUST id. Every run uses a fresh log number, so
 * the state an attack leaves (a pending checkpoint) never meets another run's.
 */
public final class MirrorChecker {
    private static final HashFunction H = HashFunction.sha256();
    static final String ADD_CP = "tlog-mirror §add-checkpoint, tlog-witness §add-checkpoint";
    static final String ADD_ENTRIES = "tlog-mirror §add-entries";
    static final String SIGN_SUBTREE = "tlog-mirror §sign-subtree, tlog-witness §sign-subtree";
    static final String MONITOR = "tlog-mirror §Introduction";

    /**
     * What to check.
     *
     * @param url        the mirror's prefix URL (submission and monitoring)
     * @param mirrorKeys the mirror's verifier keys (its cosignatures are checked against them)
     * @param caId       the CA ID of the checker's log key
     * @param seed       the seed of the checker's log key
     * @param logNumber  the log number of this run (the origin is {@code oid/1.3.6.1.4.1.<caId>.0.<logNumber>})
     * @param timeout    the time-out of each request
     */
    public record Options(String url, List<NoteVerifier> mirrorKeys, String caId, long seed, int logNumber,
            Duration timeout) {
        /** Checks the fields. */
        public Options {
            Objects.requireNonNull(url, "url");
            mirrorKeys = List.copyOf(mirrorKeys);
            Objects.requireNonNull(caId, "caId");
            if (logNumber < 1 || logNumber > 0xffff) {
                throw new IllegalArgumentException("log number must be 1..65535");
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Options o;
    private final PrintStream progress;
    private final List<CheckResult> results = new ArrayList<>();
    private final MirrorClient client;
    private final String origin;
    private final NoteSigner logSigner;
    private final Random rnd;
    private final List<byte[]> entries = new ArrayList<>();
    private final MemoryTree tree = new MemoryTree(H);

    private MirrorChecker(Options o, PrintStream progress) {
        this.o = o;
        this.progress = progress;
        this.client = new MirrorClient(URI.create(o.url()), o.timeout());
        this.origin = "oid/1.3.6.1.4.1." + o.caId() + ".0." + o.logNumber();
        this.logSigner = logSigner(o.caId(), o.seed());
        this.rnd = new Random(o.seed() * 31 + o.logNumber());
    }

    /**
     * The checker's log signer: the ML-DSA-44 CA cosigner of {@code caId}, its key derived from {@code seed}.
     *
     * @param caId the CA ID
     * @param seed the seed
     * @return the signer
     */
    static NoteSigner logSigner(String caId, long seed) {
        byte[] s = sha256(("mtc4j conformance mirror log key " + seed).getBytes(StandardCharsets.US_ASCII));
        Signer key = Keys.signer(SignatureAlgorithm.MLDSA44, Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, s),
                SigningMode.RANDOMIZED);
        return NoteSigner.mlDsa44Cosigner("oid/1.3.6.1.4.1." + caId, key, () -> System.currentTimeMillis() / 1000);
    }

    /**
     * The verifier key the mirror must trust for the checker's logs (an MTC CA cosigner key, trusted for the
     * origins {@code <name>.0.<N>}).
     *
     * @param caId the CA ID
     * @param seed the seed
     * @return the vkey
     */
    public static String logKey(String caId, long seed) {
        return logSigner(caId, seed).verifier().vkey().orElseThrow();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs every check.
     *
     * @param o        what to check
     * @param progress where progress lines go
     * @return the report
     */
    public static MirrorReport check(Options o, PrintStream progress) {
        MirrorChecker c = new MirrorChecker(o, progress);
        try {
            c.run();
        } catch (IOException | RuntimeException e) {
            c.result("run-completed", Status.FAIL, "-", "the run stopped: " + e);
        }
        return new MirrorReport(o.url(), c.origin, c.results);
    }

    // ---- the log ----

    private void grow(int n) {
        for (int i = 0; i < n; i++) {
            byte[] e = new byte[1 + rnd.nextInt(120)];
            rnd.nextBytes(e);
            entries.add(e);
            tree.appendEntry(e);
        }
    }

    private SignedNote checkpoint(long size) {
        byte[] root = SubtreeProofs.subtreeHash(tree.prefix(size), new Subtree(0, size));
        return SignedNote.sign(new Checkpoint(origin, size, root).format(), List.of(logSigner));
    }

    private List<byte[]> consistency(long from, long to) {
        return Rfc9162Proofs.consistencyProof(tree.prefix(to), from, to);
    }

    private AddEntries.Package pkg(long start, long end, int i) {
        AddEntries.Span s = AddEntries.span(start, end, i);
        return new AddEntries.Package(entries.subList((int) s.start(), (int) s.end()),
                SubtreeProofs.consistencyProof(tree.prefix(end), end, new Subtree(s.subtreeStart(), s.end())));
    }

    private HttpReply addEntries(long start, long end, byte[] ticket, List<byte[]> packages, boolean gz)
            throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new AddEntries.Header(origin, start, end, ticket).encode());
        packages.forEach(b::writeBytes);
        return client.post("add-entries", b.toByteArray(), "application/octet-stream", gz);
    }

    // ---- results ----

    private void result(String check, Status status, String ref, String detail) {
        CheckResult r = new CheckResult(check, status, ref, detail);
        results.add(r);
        progress.println(r.line());
    }

    /** A check that an answer has {@code want} status. */
    private boolean expect(String check, String ref, int want, HttpReply r, String what) {
        boolean ok = r.status() == want;
        result(check, ok ? Status.PASS : Status.FAIL, ref, what + ": HTTP " + r.status() + (ok ? ""
                : " (want " + want + ")" + (r.text().isBlank() ? "" : " body: " + abbreviate(r.text()))));
        return ok;
    }

    private static String abbreviate(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 160 ? t.substring(0, 160) + "..." : t;
    }

    private void expectInfo(String check, String ref, int want, HttpReply r, String what,
            long wantSize, long wantNext) {
        if (r.status() != want) {
            expect(check, ref, want, r, what);
            return;
        }
        if (!r.contentType().startsWith(MirrorInfo.CONTENT_TYPE)) {
            result(check, Status.FAIL, ref, what + ": HTTP " + want + " with Content-Type '" + r.contentType()
                    + "', not " + MirrorInfo.CONTENT_TYPE);
            return;
        }
        MirrorInfo info;
        try {
            info = MirrorInfo.parse(r.body());
        } catch (MtcException e) {
            result(check, Status.FAIL, ref, what + ": the mirror-info body does not parse: " + e.getMessage());
            return;
        }
        boolean ok = (wantSize < 0 || info.treeSize() == wantSize) && (wantNext < 0 || info.nextEntry() == wantNext);
        result(check, ok ? Status.PASS : Status.FAIL, ref, what + ": HTTP " + want + ", mirror-info size "
                + info.treeSize() + ", next " + info.nextEntry() + (ok ? "" : " (want size " + wantSize + ", next "
                + wantNext + ")"));
    }

    // ---- the run ----

    private void run() throws IOException {
        progress.println("mirror " + o.url() + ": checking as log " + origin);
        grow(700);
        SignedNote cp300 = checkpoint(300);
        SignedNote cp700 = checkpoint(700);
        Checkpoint c300 = Checkpoint.parse(cp300.text());

        // add-checkpoint refusals before anything is pending
        SignedNote unknown = SignedNote.sign(new Checkpoint("example.com/mtc4j-conformance/unknown-" + o.logNumber(),
                300, c300.rootHash()).format(), List.of(logSigner));
        expect("add-checkpoint-unknown-origin", ADD_CP + "; K11", 404,
                client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), unknown)), "a checkpoint of an unknown origin");
        NoteSigner stranger = NoteSigner.mlDsa44Cosigner(logSigner.name(), Keys.generate(SignatureAlgorithm.MLDSA44,
                new SecureRandom(), SigningMode.RANDOMIZED), () -> System.currentTimeMillis() / 1000);
        expect("add-checkpoint-wrong-log-key", ADD_CP + "; K11", 403, client.addCheckpoint(AddCheckpointRequest.of(0,
                List.of(), SignedNote.sign(cp300.text(), List.of(stranger)))), "signed by another key of the same name");
        NoteSignature good = cp300.signatures().get(0);
        byte[] sig = good.signature();
        sig[sig.length - 1] ^= 1;
        SignedNote badSig = new SignedNote(cp300.text(), List.of(new NoteSignature(good.keyName(), good.keyId(), sig)));
        expect("add-checkpoint-bad-log-signature", ADD_CP + "; K11", 403,
                client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), badSig)),
                "the trusted key's signature does not verify");
        expect("add-entries-no-pending-checkpoint", ADD_ENTRIES + "; K23", 422,
                addEntries(0, 300, new byte[0], List.of(), true), "add-entries before any pending checkpoint");
        SignedNote emptyBad = SignedNote.sign(new Checkpoint(origin, 0, c300.rootHash()).format(), List.of(logSigner));
        expect("add-checkpoint-empty-hash", ADD_CP + "; K14", 422,
                client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), emptyBad)),
                "size 0 without the empty tree's hash");
        expect("add-checkpoint-proof-with-old-zero", ADD_CP + "; K14", 422,
                client.addCheckpoint(AddCheckpointRequest.of(0, List.of(new byte[32]), cp300)),
                "old 0 with a consistency proof line");

        // the first pending checkpoint
        HttpReply first = client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), cp300));
        if (expect("add-checkpoint-first", ADD_CP + "; K16", 200, first, "old 0, size 300")) {
            boolean signed = !ownSignatures(cp300, first.text()).isEmpty();
            result("add-checkpoint-no-mirror-signature", signed ? Status.FAIL : Status.PASS, ADD_CP + "; K21",
                    signed ? "the add-checkpoint answer carries a mirror cosignature" : "no mirror cosignature in the"
                            + " answer");
        }
        HttpReply served = get("checkpoint");
        boolean advanced = served.status() == 200 && served.text().startsWith(origin + "\n300\n");
        result("add-checkpoint-pending-only", advanced ? Status.FAIL : Status.PASS, MONITOR + "; K21",
                advanced ? "the mirror checkpoint moved to 300 on add-checkpoint alone"
                        : "the mirror checkpoint did not move (HTTP " + served.status() + ")");
        HttpReply mismatch = client.addCheckpoint(AddCheckpointRequest.of(5, List.of(), cp700));
        boolean sizeBody = mismatch.status() == 409 && mismatch.contentType().startsWith("text/x.tlog.size")
                && mismatch.text().equals("300\n");
        result("add-checkpoint-wrong-old-size", sizeBody ? Status.PASS : Status.FAIL, ADD_CP + "; K13",
                "old 5 when 300 is pending: HTTP " + mismatch.status() + " " + mismatch.contentType() + " '"
                        + abbreviate(mismatch.text()) + "'" + (sizeBody ? "" : " (want 409 text/x.tlog.size '300')"));
        expect("add-checkpoint-old-above-size", ADD_CP + "; K12", 400,
                client.addCheckpoint(AddCheckpointRequest.of(701, List.of(), cp700)), "old 701 > size 700");
        StringBuilder lines = new StringBuilder("old 300\n");
        for (int i = 0; i < 64; i++) {
            lines.append(Base64.getEncoder().encodeToString(new byte[32])).append('\n');
        }
        lines.append('\n').append(cp700.format());
        expect("add-checkpoint-64-proof-lines", ADD_CP + "; E34", 400, client.post("add-checkpoint",
                lines.toString().getBytes(StandardCharsets.UTF_8), "text/plain", false), "64 proof lines");
        List<byte[]> badProof = new ArrayList<>(consistency(300, 700));
        badProof.set(0, new byte[32]);
        expect("add-checkpoint-bad-proof", ADD_CP + "; K14", 422,
                client.addCheckpoint(AddCheckpointRequest.of(300, badProof, cp700)), "a consistency proof that fails");
        byte[] otherRoot = c300.rootHash();
        otherRoot[0] ^= 1;
        SignedNote split = SignedNote.sign(new Checkpoint(origin, 300, otherRoot).format(), List.of(logSigner));
        expect("add-checkpoint-split-view", ADD_CP + "; K14, K15", 422,
                client.addCheckpoint(AddCheckpointRequest.of(300, List.of(), split)),
                "size 300 with another root than the pending one");
        expect("add-checkpoint-extend", ADD_CP + "; K16", 200,
                client.addCheckpoint(AddCheckpointRequest.of(300, consistency(300, 700), cp700)), "300 -> 700");
        HttpReply rollback = client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), cp300));
        boolean rb = rollback.status() == 409 && rollback.text().equals("700\n");
        result("add-checkpoint-rollback", rb ? Status.PASS : Status.FAIL, ADD_CP + "; K13, K16",
                "size 300 again after 700: HTTP " + rollback.status() + " '" + abbreviate(rollback.text()) + "'"
                        + (rb ? "" : " (want 409 '700')"));

        // add-entries
        SignedNote unknownEntries = unknown;
        expect("add-entries-unknown-origin", ADD_ENTRIES + "; K23", 404, client.post("add-entries",
                new AddEntries.Header(Checkpoint.parse(unknownEntries.text()).origin(), 0, 300, new byte[0]).encode(),
                "application/octet-stream", false), "an unknown origin");
        expectInfo("add-entries-unknown-upload-end", ADD_ENTRIES + "; K23", 409,
                addEntries(0, 699, new byte[0], List.of(), true), "upload_end 699, never pending", 700, -1);
        expectInfo("add-entries-start-beyond-next", ADD_ENTRIES + "; K23", 409,
                addEntries(512, 700, new byte[0], List.of(), true), "upload_start 512 > next entry 0", 700, 0);
        expect("add-entries-forged-ticket", ADD_ENTRIES + "; K25", 409, addEntries(0, 500, new byte[] {1, 2, 3},
                List.of(), true), "upload_end 500 with a ticket the mirror never issued");
        expect("add-entries-nothing-authenticated", ADD_ENTRIES + "; K23", 400,
                addEntries(0, 700, new byte[0], List.of(), true), "a header and no package");
        AddEntries.Package p0 = pkg(0, 700, 0);
        List<byte[]> wrong = new ArrayList<>(p0.proof());
        wrong.set(wrong.size() - 1, new byte[32]);
        expect("add-entries-package-bad-proof", ADD_ENTRIES + "; K24", 422, addEntries(0, 700, new byte[0],
                List.of(new AddEntries.Package(p0.entries(), wrong).encode()), true), "package 0 with a bad proof");
        AddEntries.Package shifted = new AddEntries.Package(entries.subList(1, 257), p0.proof());
        expect("add-entries-package-misaligned", ADD_ENTRIES + "; K24, E35", 422, addEntries(0, 700, new byte[0],
                List.of(shifted.encode()), true), "package 0 carrying entries [1, 257)");
        byte[] tooMany = p0.encode();
        tooMany[tooMany.length - 32 * p0.proof().size() - 1] = 64;
        expect("add-entries-64-proof-hashes", ADD_ENTRIES + "; E35", 400,
                addEntries(0, 700, new byte[0], List.of(tooMany), true), "num_hashes 64");
        HttpReply part = addEntries(0, 700, new byte[0], List.of(p0.encode()), true);
        expectInfo("add-entries-partial-gzip", ADD_ENTRIES + "; K23, K25", 202, part,
                "package 0 of 3, gzip-compressed", 700, 256);
        byte[] ticket = part.status() == 202 ? MirrorInfo.parse(part.body()).ticket() : new byte[0];
        byte[] p1 = pkg(256, 700, 0).encode();
        byte[] p2 = pkg(256, 700, 1).encode();
        HttpReply cut = addEntries(256, 700, ticket, List.of(p1, Arrays.copyOf(p2, p2.length / 2)), false);
        expectInfo("add-entries-truncated-package", ADD_ENTRIES + "; K23, K27", 202, cut,
                "package 1 and half of package 2, uncompressed", 700, 512);
        HttpReply done = addEntries(512, 700, ticket, List.of(pkg(512, 700, 0).encode()), true);
        if (expect("add-entries-complete", ADD_ENTRIES + "; K23, K26", 200, done, "the last package")) {
            List<NoteSignature> mine = ownSignatures(cp700, done.text());
            result("add-entries-cosignatures", mine.isEmpty() ? Status.FAIL : Status.PASS, ADD_ENTRIES + "; K26",
                    mine.size() + " cosignature(s) by the mirror's keys verify on the checkpoint of size 700");
        }

        // the served copy (the monitoring prefix may lag a little: tlog-tiles lets checkpoints be cached briefly)
        HttpReply cp = getCheckpoint(700);
        checkServedCheckpoint(cp, cp700);
        checkServedTiles();
        expectInfo("add-entries-below-mirror-checkpoint", ADD_ENTRIES + "; K23, K26", 409,
                addEntries(300, 300, new byte[0], List.of(), true), "upload_end 300 < the mirror checkpoint 700", -1, -1);

        // sign-subtree
        SignedNote mirrorSigned = cp.status() == 200 ? SignedNote.parse(cp.body()) : cp700;
        checkSignSubtree(mirrorSigned, cp700);
        result("run-completed", Status.PASS, "-", "every step ran");
    }

    /** The served checkpoint, polled for up to 10 s until it has {@code size}. */
    private HttpReply getCheckpoint(long size) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            HttpReply r = get("checkpoint");
            if ((r.status() == 200 && r.text().startsWith(origin + "\n" + size + "\n")) || System.nanoTime() > deadline) {
                return r;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }

    private HttpReply get(String key) throws IOException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(o.timeout()).build();
        try {
            java.net.http.HttpResponse<byte[]> r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(
                    o.url() + "/" + Mirror.originHash(origin) + "/" + key)).timeout(o.timeout()).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new HttpReply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The signatures in {@code lines} by the mirror's keys that verify on {@code note}'s text. */
    private List<NoteSignature> ownSignatures(SignedNote note, String lines) {
        List<NoteSignature> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        SignedNote all;
        try {
            all = SignedNote.parse(note.text() + "\n" + lines);
        } catch (MtcException e) {
            return out;
        }
        for (NoteSignature s : all.signatures()) {
            for (NoteVerifier v : o.mirrorKeys()) {
                if (v.name().equals(s.keyName()) && v.keyId() == s.keyId() && v.verify(note.textBytes(),
                        s.signature())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private void checkServedCheckpoint(HttpReply r, SignedNote want) {
        if (r.status() != 200) {
            result("mirror-checkpoint-cosigned", Status.FAIL, MONITOR + "; K28", "GET <prefix>/<origin hash>/checkpoint:"
                    + " HTTP " + r.status());
            return;
        }
        SignedNote n;
        try {
            n = SignedNote.parse(r.body());
        } catch (MtcException e) {
            result("mirror-checkpoint-cosigned", Status.FAIL, MONITOR + "; K28", "not a signed note: " + e.getMessage());
            return;
        }
        boolean text = n.text().equals(want.text());
        boolean logSig;
        try {
            logSig = !n.verify(List.of(logSigner.verifier())).isEmpty();
        } catch (MtcException e) {
            logSig = false;
        }
        List<NoteSignature> mine = ownSignatures(new SignedNote(n.text(), List.of(n.signatures().get(0))),
                n.signatures().stream().map(s -> s.line() + "\n").reduce("", String::concat));
        result("mirror-checkpoint-cosigned", text && !mine.isEmpty() ? Status.PASS : Status.FAIL, MONITOR + "; K28",
                "size " + (text ? "700 as uploaded" : "other than uploaded") + ", " + mine.size()
                        + " mirror cosignature(s) verify");
        result("mirror-checkpoint-log-signature", logSig ? Status.PASS : Status.FAIL, ADD_CP + "; K21",
                logSig ? "the log's signature is kept" : "the log's signature is missing or does not verify");
    }

    private void checkServedTiles() {
        try {
            LogClient c = LogClient.builder(HttpLogTransport.of(o.url() + "/" + Mirror.originHash(origin)))
                    .verifiers(List.of(logSigner.verifier())).origin(origin).build();
            Checkpoint cp = c.update();
            int differ = 0;
            for (EntryIterator it = c.entries(0, cp.size()); it.hasNext(); ) {
                var e = it.next();
                if (!Arrays.equals(e.entry(), entries.get((int) e.index()))) {
                    differ++;
                }
            }
            result("mirror-tiles", differ == 0 ? Status.PASS : Status.FAIL, "tlog-tiles; tlog-mirror §Introduction",
                    "tiles hash to the root; " + (cp.size() - differ) + " of " + cp.size() + " entries as uploaded");
        } catch (RuntimeException e) {
            result("mirror-tiles", Status.FAIL, "tlog-tiles; tlog-mirror §Introduction", "the copy does not verify: "
                    + e.getMessage());
        }
    }

    private void checkSignSubtree(SignedNote mirrorSigned, SignedNote logOnly) throws IOException {
        Subtree s = new Subtree(512, 700);
        byte[] hash = SubtreeProofs.subtreeHash(tree.prefix(700), s);
        List<byte[]> proof = SubtreeProofs.consistencyProof(tree.prefix(700), 700, s);
        HttpReply ok = client.signSubtree(SignSubtreeRequest.of(512, 700, hash, proof, mirrorSigned));
        if (expect("sign-subtree", SIGN_SUBTREE + "; K18", 200, ok, "[512, 700) against the mirror checkpoint")) {
            boolean verified = false;
            long ts = -1;
            try {
                SignedNote lines = SignedNote.parse(mirrorSigned.text() + "\n" + ok.text());
                for (NoteSignature l : lines.signatures()) {
                    for (NoteVerifier v : o.mirrorKeys()) {
                        if (v.name().equals(l.keyName()) && v.keyId() == l.keyId()
                                && l.signature().length == 8 + SignatureAlgorithm.MLDSA44.fixedSignatureLength()) {
                            Cosignature c = Cosignature.parse(SignatureAlgorithm.MLDSA44, l.signature());
                            ts = c.timestamp();
                            byte[] msg = CosignedMessage.encodeTlog(l.keyName(), c.timestamp(), origin, 512, 700, hash);
                            verified |= mlDsaVerify(v, msg, c.signature());
                        }
                    }
                }
            } catch (MtcException e) {
                verified = false;
            }
            result("sign-subtree-signature", verified && ts == 0 ? Status.PASS : Status.FAIL, SIGN_SUBTREE
                    + "; K19, K1", verified ? "an ML-DSA-44 subtree/v1 signature verifies, timestamp " + ts
                    : "no subtree/v1 signature by the mirror's ML-DSA-44 key verifies");
        }
        expect("sign-subtree-outside-checkpoint", SIGN_SUBTREE + "; K18", 400, client.signSubtree(
                SignSubtreeRequest.of(512, 701, hash, proof, mirrorSigned)), "[512, 701) beyond size 700");
        expect("sign-subtree-not-a-subtree", SIGN_SUBTREE + "; K18", 400, client.signSubtree(
                SignSubtreeRequest.of(100, 700, hash, proof, mirrorSigned)), "[100, 700) is not a valid subtree");
        expect("sign-subtree-bad-proof", SIGN_SUBTREE + "; K18", 422, client.signSubtree(
                SignSubtreeRequest.of(512, 700, new byte[32], proof, mirrorSigned)), "a hash the proof does not bind");
        expect("sign-subtree-not-mirror-signed", SIGN_SUBTREE + "; K18, K22", 403, client.signSubtree(
                SignSubtreeRequest.of(512, 700, hash, proof, logOnly)), "a checkpoint without the mirror's signature");
        SignedNote other = SignedNote.sign(new Checkpoint("example.com/mtc4j-conformance/unknown-" + o.logNumber(),
                700, Checkpoint.parse(logOnly.text()).rootHash()).format(), List.of(logSigner));
        expect("sign-subtree-unknown-origin", SIGN_SUBTREE + "; K18", 404, client.signSubtree(
                SignSubtreeRequest.of(512, 700, hash, proof, other)), "an unknown origin");
    }

    /** Verifies a raw ML-DSA-44 signature with the key behind a 0x06 note verifier. */
    private static boolean mlDsaVerify(NoteVerifier v, byte[] msg, byte[] sig) {
        // The note verifier signs checkpoints only; rebuild the raw key from its vkey.
        byte[] raw = io.mtc4j.spec.note.Vkey.parse(v.vkey().orElseThrow()).publicKey();
        return Keys.verifierFromRaw(SignatureAlgorithm.MLDSA44, raw).verify(msg, sig);
    }
}
