package io.mtc4j.spec.cosign;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The message a cosigner signs for a subtree. draft §"Signature Format":
 * <pre>
 * struct {
 *     uint8 label[12] = "subtree/v1\n\0";
 *     opaque cosigner_name&lt;1..2^8-1&gt;;   // "oid/1.3.6.1.4.1." + ASCII cosigner ID
 *     uint64 timestamp;
 *     opaque log_origin&lt;1..2^8-1&gt;;      // "oid/1.3.6.1.4.1." + ASCII log ID
 *     uint64 start;
 *     uint64 end;
 *     HashValue subtree_hash;
 * } CosignedMessage;
 * </pre>
 * byte-identical to tlog-cosignature's {@code cosigned_message}. Profiles before plants-04 signed the legacy
 * input {@code "mtc-subtree/v1\n\0" || cosigner_id<1..255> || log_id<1..255> || uint64 start || uint64 end ||
 * hash} with binary trust anchor IDs and no timestamp (MTC-NOTES §6); {@link #encode(Profile)} selects it.
 *
 * <p>Rules enforced at construction: {@code [start, end)} is a valid subtree (draft §"Definition of a Subtree",
 * unsigned 64-bit, empty subtrees allowed as in the current draft), and a non-zero timestamp implies
 * {@code start == 0} (draft §"Signature Format"). Timestamps are unsigned 64-bit POSIX seconds.
 *
 * @param cosignerId   the cosigner ID
 * @param timestamp    0 for certificates, else the signing time
 * @param logId        the issuance log ID {@code CA.0.N}
 * @param start        first index of the subtree
 * @param end          end (exclusive) of the subtree
 * @param subtreeHash  the subtree hash (HASH_SIZE bytes)
 */
public record CosignedMessage(TrustAnchorId cosignerId, long timestamp, TrustAnchorId logId, long start, long end,
        byte[] subtreeHash) {

    /** The current label {@code "subtree/v1\n\0"} (12 bytes). Private: arrays are mutable; see {@link #label()}. */
    private static final byte[] LABEL = "subtree/v1\n\0".getBytes(StandardCharsets.US_ASCII);
    /** The label before plants-04 {@code "mtc-subtree/v1\n\0"} (16 bytes); see {@link #legacyLabel()}. */
    private static final byte[] LEGACY_LABEL = "mtc-subtree/v1\n\0".getBytes(StandardCharsets.US_ASCII);
    /** Largest HashValue accepted (a 512-bit hash). */
    public static final int MAX_HASH_SIZE = 64;

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param cosignerId the cosigner ID
     * @param timestamp 0 for certificates, else the signing time
     * @param logId the issuance log ID {@code CA.0.N}
     * @param start first index of the subtree
     * @param end end (exclusive) of the subtree
     * @param subtreeHash the subtree hash (HASH_SIZE bytes)
     */
    public CosignedMessage {
        Objects.requireNonNull(cosignerId, "cosignerId");
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(subtreeHash, "subtreeHash");
        if (subtreeHash.length == 0 || subtreeHash.length > MAX_HASH_SIZE) {
            throw new IllegalArgumentException("subtree_hash must be 1.." + MAX_HASH_SIZE + " bytes");
        }
        if (!isValidSubtree(start, end, true)) {
            throw new IllegalArgumentException("[" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end)
                    + ") is not a valid subtree");
        }
        if (timestamp != 0 && start != 0) {
            throw new IllegalArgumentException("a non-zero timestamp requires start = 0");
        }
        subtreeHash = subtreeHash.clone();
    }

    /**
     * A copy of the current label {@code "subtree/v1\n\0"} (12 bytes, draft §"Signature Format").
     *
     * @return a copy of the current label {@code "subtree/v1\n\0"} (12 bytes, draft §"Signature Format")
     */
    public static byte[] label() {
        return LABEL.clone();
    }

    /**
     * A copy of the label before plants-04, {@code "mtc-subtree/v1\n\0"} (16 bytes, MTC-NOTES §6).
     *
     * @return a copy of the label before plants-04, {@code "mtc-subtree/v1\n\0"} (16 bytes, MTC-NOTES §6)
     */
    public static byte[] legacyLabel() {
        return LEGACY_LABEL.clone();
    }

    /**
     * A certificate's message: timestamp 0 (draft §"Certificate Format").
     *
     * @param cosignerId the cosigner ID
     * @param logId the issuance log ID {@code CA.0.N}
     * @param start first index of the subtree
     * @param end end (exclusive) of the subtree
     * @param subtreeHash the subtree hash (HASH_SIZE bytes)
     * @return a certificate's message: timestamp 0 (draft §"Certificate Format")
     */
    public static CosignedMessage forCertificate(TrustAnchorId cosignerId, TrustAnchorId logId, long start, long end,
            byte[] subtreeHash) {
        return new CosignedMessage(cosignerId, 0, logId, start, end, subtreeHash);
    }

    /**
     * The subtree hash (HASH_SIZE bytes).
     *
     * @return the subtree hash (HASH_SIZE bytes)
     */
    @Override
    public byte[] subtreeHash() {
        return subtreeHash.clone();
    }

    /**
     * The bytes to sign under the current profile ({@code subtree/v1}).
     *
     * @return the bytes to sign under the current profile ({@code subtree/v1})
     */
    public byte[] encode() {
        return encode(Profile.current());
    }

    /**
     * The bytes to sign under {@code profile}: {@code subtree/v1} from plants-04 on, the legacy
     * {@code mtc-subtree/v1} input before (which has no timestamp, so it must be 0). An empty subtree is
     * rejected unless {@code profile.allowsEmptySubtrees()}, for every profile, so that whatever encodes also
     * parses back under the same profile.
     *
     * @throws IllegalArgumentException if the subtree or timestamp is not valid in {@code profile}
     * @throws io.mtc4j.spec.MtcException if a tlog name is longer than 255 bytes
     * @param profile the wire profile
     * @return the bytes to sign under {@code profile}: {@code subtree/v1} from plants-04 on, the legacy {@code mtc-subtree/v1} input before (which has no timestamp, so it must be 0)
     */
    public byte[] encode(Profile profile) {
        if (!isValidSubtree(start, end, profile.allowsEmptySubtrees())) {
            throw new IllegalArgumentException("empty subtrees are not valid in " + profile);
        }
        if (profile.hasExtensions()) {
            return encodeTlog(cosignerId.tlogName(), timestamp, logId.tlogName(), start, end, subtreeHash);
        }
        if (timestamp != 0) {
            throw new IllegalArgumentException("the " + profile + " signed input has no timestamp; it must be 0");
        }
        return TlsWriter.encode(w -> w.bytes(LEGACY_LABEL)
                .u8Bytes("cosigner_id", 1, 255, cosignerId.binary())
                .u8Bytes("log_id", 1, 255, logId.binary())
                .u64(start).u64(end).bytes(subtreeHash));
    }

    /**
     * The {@code subtree/v1} bytes for arbitrary tlog names (tlog-cosignature {@code cosigned_message}: the
     * cosigner name and the checkpoint origin line, which need not be OIDs).
     *
     * @param cosignerName the cosigner's name
     * @param timestamp 0 for certificates, else the signing time
     * @param logOrigin the log's origin
     * @param start first index of the subtree
     * @param end end (exclusive) of the subtree
     * @param hash the log's hash function
     * @return the {@code subtree/v1} bytes for arbitrary tlog names (tlog-cosignature {@code cosigned_message}: the cosigner name and the checkpoint origin line, which need not be OIDs)
     */
    public static byte[] encodeTlog(String cosignerName, long timestamp, String logOrigin, long start, long end,
            byte[] hash) {
        byte[] name = cosignerName.getBytes(StandardCharsets.UTF_8);
        byte[] origin = logOrigin.getBytes(StandardCharsets.UTF_8);
        return TlsWriter.encode(w -> w.bytes(LABEL)
                .u8Bytes("cosigner_name", 1, 255, name)
                .u64(timestamp)
                .u8Bytes("log_origin", 1, 255, origin)
                .u64(start).u64(end).bytes(hash));
    }

    /**
     * Parses the signed bytes under {@code profile} with a {@code hashSize}-byte subtree hash. Strict.
     *
     * @param profile the wire profile
     * @param hashSize HASH_SIZE in bytes
     * @param bytes the encoded bytes
     * @return the parsed value
     */
    public static CosignedMessage parse(Profile profile, int hashSize, byte[] bytes) {
        if (hashSize < 1 || hashSize > MAX_HASH_SIZE) {
            throw new IllegalArgumentException("hashSize must be 1.." + MAX_HASH_SIZE);
        }
        return TlsReader.parseAll(bytes, "CosignedMessage", r -> {
            TrustAnchorId cosigner;
            TrustAnchorId log;
            long ts = 0;
            if (profile.hasExtensions()) {
                if (!Arrays.equals(r.bytes("CosignedMessage.label", LABEL.length), LABEL)) {
                    throw new MtcParseException("CosignedMessage.label", "must be \"subtree/v1\\n\\0\"");
                }
                cosigner = tlogId("CosignedMessage.cosigner_name", r.u8Bytes("CosignedMessage.cosigner_name", 1, 255));
                ts = r.u64("CosignedMessage.timestamp");
                log = tlogId("CosignedMessage.log_origin", r.u8Bytes("CosignedMessage.log_origin", 1, 255));
            } else {
                if (!Arrays.equals(r.bytes("CosignedMessage.label", LEGACY_LABEL.length), LEGACY_LABEL)) {
                    throw new MtcParseException("CosignedMessage.label", "must be \"mtc-subtree/v1\\n\\0\" in " + profile);
                }
                cosigner = binaryId("CosignedMessage.cosigner_id", r.u8Bytes("CosignedMessage.cosigner_id", 1, 255));
                log = binaryId("CosignedMessage.log_id", r.u8Bytes("CosignedMessage.log_id", 1, 255));
            }
            long s = r.u64("CosignedMessage.start");
            long e = r.u64("CosignedMessage.end");
            byte[] hash = r.bytes("CosignedMessage.subtree_hash", hashSize);
            if (!isValidSubtree(s, e, profile.allowsEmptySubtrees())) {
                throw new MtcParseException("CosignedMessage.start/end", "not a valid subtree in " + profile);
            }
            if (ts != 0 && s != 0) {
                throw new MtcParseException("CosignedMessage.timestamp", "must be 0 when start is not 0");
            }
            return new CosignedMessage(cosigner, ts, log, s, e, hash);
        });
    }

    private static TrustAnchorId tlogId(String field, byte[] name) {
        String s = new String(name, StandardCharsets.UTF_8);
        if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), name)) {
            throw new MtcParseException(field, "not UTF-8");
        }
        try {
            return TrustAnchorId.fromTlogName(s);
        } catch (MtcParseException e) {
            throw e.within(field);
        }
    }

    private static TrustAnchorId binaryId(String field, byte[] bin) {
        try {
            return TrustAnchorId.fromBinary(bin);
        } catch (MtcParseException e) {
            throw e.within(field);
        }
    }

    /**
     * draft §"Signature Format" {@code opaque cosigner_name<1..2^8-1>}: the tlog name of {@code id} must be 1..255
     * bytes (it is never empty: it starts with {@link TrustAnchorId#TLOG_PREFIX}).
     *
     * @throws MtcException naming {@code field} otherwise
     */
    static void checkCosignerName(String field, TrustAnchorId id) {
        int n = id.tlogNameBytes().length;
        if (n < 1 || n > 255) {
            throw new MtcException(field + ": tlog name is " + n
                    + " bytes, outside cosigner_name<1..2^8-1> (draft §\"Signature Format\")");
        }
    }

    /** draft §"Definition of a Subtree" via {@link Subtree#isValid(long, long)}; empty subtrees only when allowed. */
    static boolean isValidSubtree(long start, long end, boolean allowEmpty) {
        return (allowEmpty || start != end) && Subtree.isValid(start, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosignedMessage m && m.cosignerId.equals(cosignerId) && m.timestamp == timestamp
                && m.logId.equals(logId) && m.start == start && m.end == end && Arrays.equals(m.subtreeHash, subtreeHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cosignerId, timestamp, logId, start, end, Arrays.hashCode(subtreeHash));
    }

    @Override
    public String toString() {
        return "CosignedMessage[cosigner=" + cosignerId + ", timestamp=" + Long.toUnsignedString(timestamp) + ", log="
                + logId + ", [" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end) + "), hash="
                + HexFormat.of().formatHex(subtreeHash) + "]";
    }
}
