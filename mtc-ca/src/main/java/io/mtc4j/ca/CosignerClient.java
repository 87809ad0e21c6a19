package io.mtc4j.ca;

import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;

/**
 * An external cosigner the issuance run asks for subtree cosignatures (draft §"Standalone Certificates" steps 4
 * and 5; tlog-witness and tlog-mirror clients implement it). The CA's own cosignature is not asked through this
 * interface: the run signs with its CA cosigner itself. A client that cannot answer returns an empty list; the
 * certificates then carry the signatures that were collected.
 */
public interface CosignerClient {
    /**
     * Requests this cosigner's signatures on the subtrees of one run.
     *
     * @param logId      the log ID
     * @param checkpoint the signed checkpoint note that contains the subtrees
     * @param subtrees   the covering subtrees of the run's interval, in order
     * @param hashes     their hashes, in the same order
     * @return for each subtree (same order), the cosignatures obtained (possibly none)
     */
    List<List<SubtreeSignature>> cosign(TrustAnchorId logId, byte[] checkpoint, List<Subtree> subtrees,
            List<byte[]> hashes);
}
