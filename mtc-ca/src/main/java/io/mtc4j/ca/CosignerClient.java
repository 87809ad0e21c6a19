package io.mtc4j.ca;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An external cosigner the CA's standalone stage asks for subtree cosignatures (draft §"Standalone Certificates"
 * steps 4 and 5). {@link #http} makes the C2SP tlog-witness and tlog-mirror clients {@code ca.json} configures. The
 * CA's own cosignature is not asked through this interface: the stage signs with its CA cosigner itself. What a
 * client returns is verified against {@link #cosigner()} before it is used; a signature that does not verify counts
 * as a refusal.
 * Implementations must be thread-safe: the stage asks all cosigners at once.
 */
public interface CosignerClient {
    /**
     * The cosigner ID and the key its subtree signatures must verify under.
     *
     * @return the cosigner
     */
    Cosigner cosigner();

    /**
     * How long the standalone stage waits for this cosigner's answer (intake never waits for it).
     *
     * @return the time-out
     */
    Duration timeout();

    /**
     * Requests this cosigner's subtree signatures (timestamp 0) on the subtrees of one checkpoint.
     *
     * @param request the checkpoint, the subtrees and a reader of the log
     * @return for each subtree (same order), the raw signature, or empty where the cosigner refused that subtree
     * @throws IOException when the cosigner cannot be reached or refuses the whole request (the message says why)
     * @throws InterruptedException when the run stopped waiting
     */
    List<Optional<byte[]>> cosign(Request request) throws IOException, InterruptedException;

    /**
     * What a run asks a cosigner to sign.
     *
     * @param logId      the issuance log's ID (draft §"Issuance Logs"); its origin is {@code logId.tlogName()}
     * @param checkpoint the log's signed checkpoint note that contains every subtree
     * @param subtrees   the subtrees, each within the checkpoint
     * @param hashes     their hashes, in the same order
     * @param log        the log's objects (tiles and entry bundles) at least up to the checkpoint
     * @param logKeys    the note keys the checkpoint verifies under (the CA cosigner's)
     */
    record Request(TrustAnchorId logId, byte[] checkpoint, List<Subtree> subtrees, List<byte[]> hashes,
            LogObjects log, List<NoteVerifier> logKeys) {
        /**
         * Checks the lists agree and copies the byte arrays.
         *
         * @param logId      the log ID
         * @param checkpoint the signed checkpoint note
         * @param subtrees   the subtrees
         * @param hashes     their hashes
         * @param log        the log's objects
         * @param logKeys    the checkpoint's note keys
         */
        public Request {
            Objects.requireNonNull(logId, "logId");
            Objects.requireNonNull(log, "log");
            checkpoint = checkpoint.clone();
            subtrees = List.copyOf(subtrees);
            hashes = hashes.stream().map(byte[]::clone).toList();
            logKeys = List.copyOf(logKeys);
            if (subtrees.size() != hashes.size()) {
                throw new IllegalArgumentException(subtrees.size() + " subtrees but " + hashes.size() + " hashes");
            }
        }

        @Override
        public byte[] checkpoint() {
            return checkpoint.clone();
        }

        @Override
        public List<byte[]> hashes() {
            return hashes.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * The HTTP client of a configured witness (tlog-witness: add-checkpoint with a consistency proof from the size
     * the witness holds, then sign-subtree) or mirror (tlog-mirror: add-checkpoint and add-entries until it holds
     * the checkpoint, then sign-subtree).
     *
     * @param endpoint the cosigner's configuration
     * @return its client
     */
    static CosignerClient http(CosignerEndpoint endpoint) {
        return new HttpCosignerClient(endpoint);
    }
}
