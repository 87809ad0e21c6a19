package io.mtc4j.log.monitor;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.note.NoteSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CA for monitor tests: its ML-DSA-44 cosigner key, its CA certificate ({@code ca.pem}) and its logs in a local
 * directory store ({@code store/<N>/}), written by mtc-log's {@link Sequencer}.
 */
final class MonitorFixture implements AutoCloseable {
    static final Signer CA_KEY = Keys.signer(SignatureAlgorithm.MLDSA44,
            Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed(7)), SigningMode.DETERMINISTIC);
    static final NoteSigner COSIGNER = NoteSigner.mlDsa44Cosigner(TestEntries.CA_ID.tlogName(), CA_KEY,
            () -> 1767225600L);

    final Path dir;
    final Path store;
    final Path caPem;
    private final LocalDirectoryStore logs;
    private final Map<Integer, Sequencer> sequencers = new HashMap<>();
    private final Map<Integer, LogStorage> writers = new HashMap<>();

    MonitorFixture(Path dir) throws IOException {
        this.dir = dir;
        this.store = dir.resolve("store");
        Files.createDirectories(store);
        this.caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, Pem.encode("CERTIFICATE", caCertificate().encoded()), StandardCharsets.US_ASCII);
        this.logs = LocalDirectoryStore.open(store);
    }

    static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    static CaCertificate caCertificate() {
        MtcCertificationAuthority authority = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        return CaCertificate.buildUnsigned(TestEntries.PROFILE, CaIdName.experimental(TestEntries.CA_ID),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2046-01-01T00:00:00Z"), CA_KEY.publicKeySpki(),
                authority, true, Optional.empty());
    }

    /** Appends {@code entries} to log {@code n} (created on first use). */
    Sequencer.Appended append(int n, List<byte[]> entries) {
        Sequencer s = sequencers.computeIfAbsent(n, k -> {
            LogStorage w = logs.openWriter(k);
            writers.put(k, w);
            return Sequencer.open(w, new SequencerConfig(TestEntries.CA_ID, k, TestEntries.PROFILE, List.of(COSIGNER)));
        });
        Sequencer.Appended a = s.append(entries);
        s.publishAppended(); // the monitor reads the directory, as published
        return a;
    }

    Path log(int n) {
        return store.resolve(Integer.toString(n));
    }

    /** A config file for this CA's store (or {@code source} instead), the given rules JSON and extra fields. */
    Path config(String source, String rules, String extra) throws IOException {
        Path f = dir.resolve("monitor.json");
        Files.writeString(f, "{\"logs\": [{" + source + ", \"ca\": \"ca.pem\"}], \"state\": \"state\", \"rules\": "
                + rules + extra + "}");
        return f;
    }

    @Override
    public void close() throws Exception {
        for (LogStorage w : writers.values()) {
            w.close();
        }
        logs.close();
    }
}
