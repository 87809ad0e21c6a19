package io.mtc4j.rp.subtrees;

import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.http.LogServer;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.Samples;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real issuance log for the updater tests: mtc-log's {@link Sequencer} writing a local directory store, its
 * landmarks file written through {@link LogStorage#writeLandmarks}, served by mtc-log's {@link LogServer} on
 * 127.0.0.1 (checkpoint and landmarks re-read on every request). The CA cosigner is a deterministic ML-DSA-44 key.
 */
final class LiveLog implements AutoCloseable {
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final int LOG = 1;
    static final Profile PROFILE = Profile.current();
    static final Signer CA_KEY = Keys.signer(SignatureAlgorithm.MLDSA44,
            Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed(7)), SigningMode.DETERMINISTIC);

    final Path root;
    private final LocalDirectoryStore store;
    private final LogStorage storage;
    private final Sequencer sequencer;
    private final LogServer server;
    private final Random rnd;
    private final AtomicLong clock = new AtomicLong(1_767_225_600L);
    private LandmarkSequence landmarks = LandmarkSequence.initial();
    /** Every entry appended, in order (for an independent Merkle tree). */
    final List<byte[]> entries = new ArrayList<>();

    LiveLog(Path root, long seed) {
        this.root = root;
        this.rnd = new Random(seed);
        store = LocalDirectoryStore.open(root);
        storage = store.openWriter(LOG);
        sequencer = Sequencer.open(storage, new SequencerConfig(CA_ID, LOG, PROFILE,
                List.of(NoteSigner.mlDsa44Cosigner(CA_ID.tlogName(), CA_KEY, clock::incrementAndGet))));
        server = serve(root);
    }

    static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** The relying party's view of this CA: its ID, the CA cosigner's key, policy "CA cosigner required". */
    static CaConfig caConfig() {
        return CaConfig.of(CA_ID, HashFunction.sha256(), PROFILE, new Cosigner(CA_ID, CA_KEY.verifier()),
                BigInteger.ZERO, BigInteger.ONE.shiftLeft(48));
    }

    /** Appends {@code n} distinct tbs_cert_entry values. */
    LiveLog append(int n) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(MtcLogEntry.tbsCertEntry(PROFILE, List.of(), Samples.logEntry(rnd, PROFILE, CA_ID,
                    Samples.spki(rnd), CaIdName.Form.EXPERIMENTAL)).encode());
        }
        sequencer.append(batch);
        sequencer.publishAppended(); // served from the directory, as published
        entries.addAll(batch);
        return this;
    }

    long size() {
        return sequencer.size();
    }

    /** draft §"Allocating Landmarks" step 2: appends the current size and publishes the active landmarks. */
    LiveLog allocateLandmark(long maxActive) {
        landmarks = landmarks.append(sequencer.size());
        publish(landmarks.publish(maxActive).format());
        return this;
    }

    /** Publishes {@code text} as the landmarks file, whatever it says. */
    void publish(String text) {
        storage.writeLandmarks(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves the log directory {@code root} as it is on disk now (e.g. an old copy), until closed. */
    static LogServer serve(Path root) {
        return LogServer.start(LocalDirectoryStore.open(root), LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withLimits(64, Duration.ofSeconds(1), 1 << 20, Duration.ZERO).withAccessLog(false),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** A transport reading log {@link #LOG} under the CA prefix {@code caUrl}. */
    static LogTransport transport(String caUrl) {
        return HttpLogTransport.builder(caUrl + "/" + LOG).maxAttempts(1).build();
    }

    /** Copies the published log (not the writer's hidden state) to {@code to}, as an old mirror would hold it. */
    void copyTo(Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = root.relativize(p);
                if (rel.toString().startsWith(".mtc-log")) {
                    continue;
                }
                Path dst = to.resolve(rel.toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(dst);
                } else {
                    java.nio.file.Files.copy(p, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The CA prefix URL ({@code log: URL} of {@code mtc log serve}). */
    String caUrl() {
        return server.url().toString();
    }

    /** The log's own prefix, read over HTTP. */
    LogTransport transport() {
        return transport(caUrl());
    }

    @Override
    public void close() {
        server.close();
        storage.close();
        store.close();
    }
}
