package io.mtc4j.log.http;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A log written into {@code DIR/<N>/} the way a tlog-tiles directory holds it: tiles and bundles from mtc-spec's
 * {@link TileBuilder} (every full one plus the partial ones of the final size), a checkpoint cosigned by an
 * ML-DSA-44 CA key (subtree/v1, timestamp {@link #COSIGNED_AT}) and an Ed25519 witness, and a landmarks file.
 */
final class TestLogDir {
    static final long COSIGNED_AT = 1_767_225_600L; // 2026-01-01T00:00:00Z
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    private static final Signer CA_KEY = Keys.signer(SignatureAlgorithm.MLDSA44,
            Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed(1)), SigningMode.DETERMINISTIC);
    private static final Signer WITNESS_KEY = Keys.generate(SignatureAlgorithm.ED25519,
            new java.security.SecureRandom(new byte[] {3}), SigningMode.DETERMINISTIC);

    final Path dir;
    final long size;
    final byte[] root;
    /** Every object by its key ({@code checkpoint}, {@code landmarks}, {@code tile/...}). */
    final Map<String, byte[]> objects;

    private TestLogDir(Path dir, long size, byte[] root, Map<String, byte[]> objects) {
        this.dir = dir;
        this.size = size;
        this.root = root;
        this.objects = objects;
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** Writes log {@code number} of {@code size} random entries (1..600 bytes) into {@code root/<number>/}. */
    static TestLogDir write(Path root, long number, int size, long seed) throws IOException {
        Random r = new Random(seed);
        TileBuilder b = new TileBuilder(HashFunction.sha256());
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            byte[] e = new byte[1 + r.nextInt(600)];
            r.nextBytes(e);
            for (TileFile f : b.appendEntry(e)) {
                objects.put(f.path().path(), f.data());
            }
        }
        for (TileFile f : b.partialTiles()) {
            objects.put(f.path().path(), f.data());
        }
        objects.put("checkpoint", checkpoint(number, b.size(), b.rootHash()));
        LandmarkSequence lm = LandmarkSequence.of(size >= 2 ? List.of(0L, (long) size / 2, (long) size)
                : List.of(0L));
        objects.put("landmarks", lm.publish(3).format().getBytes(StandardCharsets.US_ASCII));
        Path dir = root.resolve(Long.toString(number));
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            put(dir, o.getKey(), o.getValue());
        }
        return new TestLogDir(dir, size, b.rootHash(), objects);
    }

    static void put(Path dir, String key, byte[] data) throws IOException {
        Path p = dir.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    /** A checkpoint of log {@code number} cosigned by the CA at {@link #COSIGNED_AT} and by a witness. */
    static byte[] checkpoint(long number, long size, byte[] root) {
        String origin = CA.logId((int) number).tlogName();
        return SignedNote.sign(new Checkpoint(origin, size, root).format(), List.of(
                NoteSigner.mlDsa44Cosigner(CA.tlogName(), CA_KEY, () -> COSIGNED_AT),
                NoteSigner.ed25519Cosigner("witness.example/w1", WITNESS_KEY, () -> COSIGNED_AT + 5))).bytes();
    }
}
