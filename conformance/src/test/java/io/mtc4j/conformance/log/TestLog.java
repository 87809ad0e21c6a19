package io.mtc4j.conformance.log;

import io.mtc4j.log.fixture.LogFixture;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.vectors.gen.SampleLog;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An issuance log built by mtc4j for the tests: entries from {@link SampleLog} (CA 32473.1, a null entry at
 * index 0, tbs_cert_entry after it), tiles and bundles from {@link TileBuilder}, a checkpoint cosigned by an
 * ML-DSA-44 CA key from {@link Keys} (and by an unrelated Ed25519 witness), an RFC 9925 unsigned CA certificate
 * from {@link CaCertificate} with the mtc-tlog prefix URL, and optionally a landmarks file.
 */
final class TestLog {
    static final Profile PROFILE = Profile.PLANTS_05;
    static final TrustAnchorId CA = SampleLog.CA;
    static final int LOG = 1;
    private static final List<byte[]> SAMPLE = new ArrayList<>();

    final long size;
    final byte[] root;
    /** Relative paths ({@code tile/...}) to bytes, for the checkpoint's size. */
    final Map<String, byte[]> tiles;
    final CaCertificate ca;
    final Optional<String> landmarks;

    private TestLog(long size, byte[] root, Map<String, byte[]> tiles, CaCertificate ca, Optional<String> landmarks) {
        this.size = size;
        this.root = root;
        this.tiles = tiles;
        this.ca = ca;
        this.landmarks = landmarks;
    }

    /** The first {@code n} entries of a sample log (built once, grown as needed). */
    static synchronized List<byte[]> sampleEntries(int n) {
        if (SAMPLE.size() < n) {
            SAMPLE.clear();
            for (MtcLogEntry e : new SampleLog(PROFILE, Math.max(n, 1200)).entries()) {
                SAMPLE.add(e.encode());
            }
        }
        return SAMPLE.subList(0, n);
    }

    /** A log of {@code entries}; {@code landmarkSizes} (landmark zero first) published with max_active 3. */
    static TestLog of(List<byte[]> entries, String caPrefixUrl, List<Long> landmarkSizes) {
        LogFixture.Tiles t = LogFixture.tiles(entries);
        Optional<String> lm = landmarkSizes.isEmpty() ? Optional.empty()
                : Optional.of(LandmarkSequence.of(landmarkSizes).publish(3).format());
        return new TestLog(t.size(), t.root(), t.objects(), caCertificate(caPrefixUrl), lm);
    }

    static CaCertificate caCertificate(String caPrefixUrl) {
        MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), BigInteger.TWO.shiftLeft(48).subtract(BigInteger.ONE));
        return CaCertificate.buildUnsigned(PROFILE, CaIdName.experimental(CA), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-12-31T23:59:59Z"), LogFixture.CA_KEY.publicKeySpki(), a, true,
                Optional.of(caPrefixUrl));
    }

    /** The CA certificate as PEM. */
    byte[] caPem() {
        return Pem.encode("CERTIFICATE", ca.encoded()).getBytes(StandardCharsets.US_ASCII);
    }

    /** The log's origin, oid/1.3.6.1.4.1.32473.1.0.1. */
    static String origin() {
        return CA.logId(LOG).tlogName();
    }

    /** A checkpoint note cosigned by the CA (if {@code withCa}) and by an unrelated witness. */
    static byte[] checkpoint(String origin, long size, byte[] root, boolean withCa) {
        List<NoteSigner> signers = new ArrayList<>();
        if (withCa) {
            signers.add(LogFixture.caCosigner(CA.tlogName(), LogFixture.CA_KEY, LogFixture.COSIGNED_AT));
        }
        signers.add(LogFixture.witness(LogFixture.COSIGNED_AT + 1));
        return LogFixture.checkpoint(origin, size, root, signers);
    }

    /** A checkpoint signed under the CA's name by a different ML-DSA-44 key. */
    static byte[] checkpointSignedByAnotherKey(String origin, long size, byte[] root) {
        return LogFixture.checkpoint(origin, size, root,
                List.of(LogFixture.caCosigner(CA.tlogName(), LogFixture.OTHER_CA_KEY, 0L)));
    }

    byte[] checkpoint() {
        return checkpoint(origin(), size, root, true);
    }

    /** Serves the log under {@code logPrefix} (e.g. {@code /ca/1}); bundles gzip-encoded if {@code gzipBundles}. */
    void serve(FakeLogServer s, String logPrefix, boolean gzipBundles) {
        s.put(logPrefix + "/checkpoint", checkpoint(), FakeLogServer.TEXT);
        tiles.forEach((p, d) -> s.put(logPrefix + "/" + p, new FakeLogServer.Resource(200, d, FakeLogServer.OCTETS,
                gzipBundles && p.startsWith("tile/entries/"))));
        landmarks.ifPresent(l -> s.put(logPrefix + "/landmarks", l.getBytes(StandardCharsets.US_ASCII),
                FakeLogServer.TEXT));
    }
}
