package io.mtc4j.log.http;

import io.mtc4j.log.fixture.LogFixture;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TileBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A log written into {@code DIR/<N>/} the way a tlog-tiles directory holds it: tiles and bundles from mtc-spec's
 * {@link TileBuilder} (every full one plus the partial ones of the final size), a checkpoint cosigned by an
 * ML-DSA-44 CA key (subtree/v1, timestamp {@link #COSIGNED_AT}) and an Ed25519 witness, and a landmarks file.
 */
final class TestLogDir {
    static final long COSIGNED_AT = LogFixture.COSIGNED_AT;
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");

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

    /** Writes log {@code number} of {@code size} random entries (1..600 bytes) into {@code root/<number>/}. */
    static TestLogDir write(Path root, long number, int size, long seed) throws IOException {
        Random r = new Random(seed);
        List<byte[]> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] e = new byte[1 + r.nextInt(600)];
            r.nextBytes(e);
            entries.add(e);
        }
        LogFixture.Tiles t = LogFixture.tiles(entries);
        Map<String, byte[]> objects = t.objects();
        objects.put("checkpoint", checkpoint(number, t.size(), t.root()));
        LandmarkSequence lm = LandmarkSequence.of(size >= 2 ? List.of(0L, (long) size / 2, (long) size)
                : List.of(0L));
        objects.put("landmarks", lm.publish(3).format().getBytes(StandardCharsets.US_ASCII));
        Path dir = root.resolve(Long.toString(number));
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            put(dir, o.getKey(), o.getValue());
        }
        return new TestLogDir(dir, size, t.root(), objects);
    }

    static void put(Path dir, String key, byte[] data) throws IOException {
        Path p = dir.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    /** A checkpoint of log {@code number} cosigned by the CA at {@link #COSIGNED_AT} and by a witness. */
    static byte[] checkpoint(long number, long size, byte[] root) {
        String origin = CA.logId((int) number).tlogName();
        return LogFixture.checkpoint(origin, size, root, List.of(
                LogFixture.caCosigner(CA.tlogName(), LogFixture.CA_KEY, COSIGNED_AT), LogFixture.witness(COSIGNED_AT + 5)));
    }
}
