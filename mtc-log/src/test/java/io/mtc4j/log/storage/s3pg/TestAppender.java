package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.log.storage.TestLog;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.Samples;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The storage protocol a sequencer follows (stage, write every tile, commit with a checkpoint), written out over
 * {@link TileBuilder} so that the s3pg tests exercise the back end's own guarantees: recovery finishes a staged
 * batch with the same bytes.
 */
final class TestAppender {
    private TestAppender() {
    }

    /** Appends {@code entries} to {@code storage}, first finishing any staged batch; returns the new size. */
    static long append(LogStorage storage, List<byte[]> entries) {
        finishStaged(storage);
        SequencingState s = storage.state();
        StagedBatch batch = new StagedBatch(s.size(), entries);
        storage.stage(batch);
        return integrate(storage, batch);
    }

    /** Recovery: finishes the staged batch, if any. */
    static void finishStaged(LogStorage storage) {
        storage.state().staged().ifPresent(b -> integrate(storage, b));
    }

    /** Writes the batch's tiles and commits it. */
    static long integrate(LogStorage storage, StagedBatch batch) {
        TileBuilder b = TileBuilder.resume(HashFunction.sha256(), batch.start(), true, p -> storage.read(p.path()));
        List<TileFile> out = new ArrayList<>();
        for (byte[] e : batch.entries()) {
            out.addAll(b.appendEntry(e));
        }
        out.addAll(b.partialTiles());
        for (TileFile t : out) {
            storage.writeTile(t.path(), t.data());
        }
        byte[] root = b.rootHash();
        storage.commit(batch.start(), batch.end(), root, checkpoint(batch.end(), root));
        return batch.end();
    }

    /** A checkpoint of {@code size} and {@code root}, signed by a throwaway key (the storage parses, never verifies). */
    static byte[] checkpoint(long size, byte[] root) {
        return SIGNER.checkpoint(size, root);
    }

    private static final TestLog SIGNER = new TestLog();

    /** {@code n} random tbs_cert_entry entries (plants-05). */
    static List<byte[]> entries(Random rnd, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(entry(rnd));
        }
        return out;
    }

    static byte[] entry(Random rnd) {
        Profile p = Profile.PLANTS_05;
        return MtcLogEntry.tbsCertEntry(p, List.of(), Samples.logEntry(rnd, p, Samples.tai(rnd), Samples.spki(rnd),
                CaIdName.Form.EXPERIMENTAL)).encode();
    }
}
