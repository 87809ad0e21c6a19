package io.mtc4j.log.client;

import io.mtc4j.log.fixture.LogFixture;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tiles.TileBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Honest logs for the tests: entries of random bytes, tiles and bundles from mtc-spec's {@link TileBuilder}, and a
 * checkpoint cosigned (tlog-cosignature ML-DSA-44 subtree/v1) by a CA cosigner key and by an Ed25519 witness.
 */
final class TestLogs {
    static final String CA_NAME = "oid/1.3.6.1.4.1.32473.1";
    static final String ORIGIN = "oid/1.3.6.1.4.1.32473.1.0.1";
    static final HashFunction H = HashFunction.sha256();
    static final Signer CA_KEY = LogFixture.CA_KEY;
    static final Signer OTHER_KEY = LogFixture.OTHER_CA_KEY;
    static final Signer WITNESS_KEY = LogFixture.WITNESS_KEY;
    static final NoteVerifier CA = NoteVerifier.mlDsa44Cosignature(CA_NAME, CA_KEY.verifier());
    static final NoteVerifier WITNESS = NoteVerifier.ed25519Cosignature(LogFixture.WITNESS_NAME, WITNESS_KEY.verifier());

    private TestLogs() {}

    /** {@code n} distinct entries of 1..300 bytes, reproducible from {@code seed}. */
    static List<byte[]> entries(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] e = new byte[1 + r.nextInt(300)];
            r.nextBytes(e);
            ByteBuffer.wrap(e).put((byte) i);
            out.add(e);
        }
        return out;
    }

    /** A built log: its objects by key (checkpoint included), size and root. */
    record Built(Map<String, byte[]> objects, long size, byte[] root) {
        Checkpoint checkpoint() {
            return new Checkpoint(ORIGIN, size, root);
        }
    }

    /** The log of {@code entries}, with a checkpoint signed by the CA cosigner and the witness. */
    static Built build(List<byte[]> entries) {
        LogFixture.Tiles t = LogFixture.tiles(entries);
        t.objects().put("checkpoint", checkpoint(t.size(), t.root(), CA_KEY));
        return new Built(t.objects(), t.size(), t.root());
    }

    /** A checkpoint note for (size, root) cosigned by {@code caKey} under the CA name, and by the witness. */
    static byte[] checkpoint(long size, byte[] root, Signer caKey) {
        return LogFixture.checkpoint(ORIGIN, size, root, List.of(
                LogFixture.caCosigner(CA_NAME, caKey, LogFixture.COSIGNED_AT), LogFixture.witness(LogFixture.COSIGNED_AT + 1)));
    }

    /** Serves {@code log} under {@code prefix} (e.g. {@code /log}). */
    static void serve(LoopbackServer s, String prefix, Built log, boolean gzipBundles) {
        log.objects().forEach((k, v) -> s.handle(prefix + "/" + k,
                LoopbackServer.ok(v, gzipBundles && k.startsWith("tile/entries/"))));
    }
}
