package io.mtc4j.ca;

import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.mirror.MirrorClient;
import io.mtc4j.log.mirror.MirrorException;
import io.mtc4j.log.mirror.SignSubtreeRequest;
import io.mtc4j.log.witness.WitnessAnswer;
import io.mtc4j.log.witness.WitnessClient;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.codec.Decimal;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.note.Vkey;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CosignerClient#http}: a C2SP tlog-witness or tlog-mirror client on mtc-log's {@link WitnessClient} and
 * {@link MirrorClient}. One request makes the cosigner hold the run's checkpoint and sign it (witness: add-checkpoint
 * from the size it holds; mirror: add-checkpoint and add-entries, {@link MirrorClient#upload}), keeps only the
 * checkpoint cosignatures that verify under the configured keys, then asks sign-subtree for each subtree with that
 * cosigned checkpoint and a subtree consistency proof. It returns the ML-DSA-44 signatures found; the caller verifies
 * them. Logs one line per refusal (no keys, no signatures).
 */
final class HttpCosignerClient implements CosignerClient {
    private static final System.Logger LOG = System.getLogger(HttpCosignerClient.class.getName());
    /** add-checkpoint attempts when the witness answers 409 with the size it holds (tlog-witness). */
    private static final int ADD_CHECKPOINT_ATTEMPTS = 3;

    private final CosignerEndpoint endpoint;
    private final Cosigner cosigner;
    private final List<NoteVerifier> keys;
    private final int subtreeKeyId;
    private final WitnessClient witness;
    private final MirrorClient mirror;
    /** The size each log's checkpoint had at this witness's last 200, a hint for {@code old} (a 409 corrects it). */
    private final ConcurrentHashMap<String, Long> witnessSizes = new ConcurrentHashMap<>();

    HttpCosignerClient(CosignerEndpoint endpoint) {
        this.endpoint = endpoint;
        this.cosigner = endpoint.cosigner();
        this.keys = endpoint.noteVerifiers();
        this.subtreeKeyId = endpoint.keys().stream().map(Vkey::parse)
                .filter(k -> k.type() == Cosignature.TYPE_MLDSA44_COSIGNATURE).findFirst().orElseThrow().keyId();
        boolean isWitness = endpoint.type() == CosignerEndpoint.Type.WITNESS;
        this.witness = isWitness ? new WitnessClient(endpoint.url(), endpoint.timeout()) : null;
        this.mirror = isWitness ? null : new MirrorClient(endpoint.url(), endpoint.timeout());
    }

    @Override
    public Cosigner cosigner() {
        return cosigner;
    }

    @Override
    public Duration timeout() {
        return endpoint.timeout();
    }

    @Override
    public List<Optional<byte[]>> cosign(Request r) throws IOException, InterruptedException {
        String origin = r.logId().tlogName();
        SignedNote note;
        LogClient log;
        try {
            note = SignedNote.parse(r.checkpoint());
            log = LogClient.builder(LogTransport.of(r.log(), "log " + r.logId())).verifiers(r.logKeys()).origin(origin)
                    .build();
            log.verify(r.checkpoint(), "the run's checkpoint");
        } catch (MtcException e) {
            throw new IllegalStateException("the CA's own checkpoint does not verify: " + e.getMessage(), e);
        }
        Checkpoint cp = log.checkpoint().orElseThrow();
        // draft §"Standalone Certificates" step 4: the cosigner's checkpoint cosignature
        List<NoteSignature> cosigs = endpoint.type() == CosignerEndpoint.Type.WITNESS ? addCheckpoint(log, note, cp)
                : upload(log);
        if (cosigs.isEmpty()) {
            throw new IOException("no cosignature on the checkpoint verifies under the configured keys");
        }
        List<NoteSignature> all = new ArrayList<>(note.signatures());
        all.addAll(cosigs);
        SignedNote cosigned = new SignedNote(note.text(), all);
        // step 5: its subtree cosignatures
        List<Optional<byte[]>> out = new ArrayList<>();
        List<byte[]> hashes = r.hashes();
        for (int k = 0; k < r.subtrees().size(); k++) {
            Subtree s = r.subtrees().get(k);
            out.add(signSubtree(log, cosigned, s, hashes.get(k)));
        }
        return out;
    }

    /**
     * tlog-witness §"add-checkpoint": {@code old} is the size the witness holds (0 at first), with an RFC 9162
     * consistency proof to the checkpoint; a 409 {@code text/x.tlog.size} names the size it holds, and the request
     * is sent again from there.
     */
    private List<NoteSignature> addCheckpoint(LogClient log, SignedNote note, Checkpoint cp) throws IOException,
            InterruptedException {
        long old = Math.min(witnessSizes.getOrDefault(cp.origin(), 0L), cp.size());
        for (int attempt = 0; attempt < ADD_CHECKPOINT_ATTEMPTS; attempt++) {
            List<byte[]> proof = old == 0 || old == cp.size() ? List.of() : log.consistencyProof(old);
            HttpReply reply = witness.addCheckpoint(WitnessClient.addCheckpointBody(old, proof,
                    note.bytes()));
            if (reply.status() == 200) {
                witnessSizes.put(cp.origin(), cp.size());
                return verifiedLines(note, reply.text());
            }
            if (reply.status() != 409 || !reply.contentType().startsWith(WitnessAnswer.TLOG_SIZE)) {
                throw new IOException("add-checkpoint: HTTP " + reply);
            }
            String t = reply.text();
            try {
                old = Decimal.parseUnsigned("x.tlog.size", t.endsWith("\n") ? t.substring(0, t.length() - 1) : t);
            } catch (MtcException e) {
                throw new IOException("add-checkpoint: the 409 body is not a text/x.tlog.size: " + e.getMessage());
            }
            if (old < 0 || old > cp.size()) {
                throw new IOException("add-checkpoint: the witness holds size " + Long.toUnsignedString(old)
                        + ", beyond the checkpoint's " + cp.size());
            }
        }
        throw new IOException("add-checkpoint: the witness's size kept changing");
    }

    /** tlog-mirror: bring the mirror to the checkpoint; its 200 carries its cosignatures (verified by upload). */
    private List<NoteSignature> upload(LogClient log) throws IOException {
        try {
            return mirror.upload(log, keys).cosignatures();
        } catch (MirrorException | LogClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** tlog-witness / tlog-mirror §"sign-subtree": the ML-DSA-44 line named after the cosigner ID, timestamp 0. */
    private Optional<byte[]> signSubtree(LogClient log, SignedNote cosigned, Subtree s, byte[] hash)
            throws IOException, InterruptedException {
        List<byte[]> proof = log.consistencyProof(s);
        int status;
        String body;
        if (witness != null) {
            HttpReply reply = witness.signSubtree(WitnessClient.signSubtreeBody(s.start(), s.end(), hash,
                    proof, cosigned.bytes()));
            status = reply.status();
            body = reply.text();
        } else {
            HttpReply reply = mirror.signSubtree(SignSubtreeRequest.of(s.start(), s.end(), hash, proof,
                    cosigned));
            status = reply.status();
            body = reply.text();
        }
        if (status != 200) {
            refused(s, "HTTP " + status + " " + clip(body));
            return Optional.empty();
        }
        List<NoteSignature> lines;
        try {
            lines = SignedNote.parse(cosigned.text() + "\n" + body).signatures();
        } catch (MtcException | IllegalArgumentException e) {
            refused(s, "the 200 body is not note signature lines: " + e.getMessage());
            return Optional.empty();
        }
        for (NoteSignature l : lines) {
            if (l.keyName().equals(cosigner.id().tlogName()) && l.keyId() == subtreeKeyId) {
                try {
                    Cosignature c = Cosignature.parse(SignatureAlgorithm.MLDSA44, l.signature());
                    if (c.timestamp() != 0) {
                        refused(s, "the subtree cosignature's timestamp is " + c.timestamp() + ", not 0");
                        return Optional.empty();
                    }
                    return Optional.of(c.signature());
                } catch (MtcException | IllegalArgumentException e) {
                    refused(s, "the subtree cosignature is malformed: " + e.getMessage());
                    return Optional.empty();
                }
            }
        }
        refused(s, "no line by its ML-DSA-44 key");
        return Optional.empty();
    }

    private void refused(Subtree s, String why) {
        LOG.log(Level.WARNING, "ca.cosign.subtree.refused cosigner={0} type={1} subtree=[{2},{3}) reason={4}",
                cosigner.id(), endpoint.type().jsonName(), s.start(), s.end(), why);
    }

    /** The signature lines of {@code body} that verify on {@code note}'s text under one of the configured keys. */
    private List<NoteSignature> verifiedLines(SignedNote note, String body) throws IOException {
        List<NoteSignature> lines;
        try {
            lines = SignedNote.parse(note.text() + "\n" + body).signatures();
        } catch (MtcException | IllegalArgumentException e) {
            throw new IOException("add-checkpoint: the 200 body is not note signature lines: " + e.getMessage());
        }
        List<NoteSignature> out = new ArrayList<>();
        byte[] text = note.textBytes();
        for (NoteSignature l : lines) {
            for (NoteVerifier v : keys) {
                if (v.name().equals(l.keyName()) && v.keyId() == l.keyId() && v.verify(text, l.signature())) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static String clip(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    @Override
    public String toString() {
        return "HttpCosignerClient[" + endpoint.type().jsonName() + " " + cosigner.id() + " " + endpoint.url() + "]";
    }
}
