package io.mtc4j.spec.bench;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.EntryHash;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Entry hash of a TBSCertificate (draft single-pass recipe vs building the TBSCertificateLogEntry and
 * MTCLogEntry), with raw SHA-256 over the same bytes as the baseline, and MTCProof parsing. Run with
 * {@code mvn -q -Pbench -pl mtc-spec -am test-compile exec:exec -Dbench.args="EntryHashBenchmark -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EntryHashBenchmark {
    private static final HashFunction H = HashFunction.sha256();
    private byte[] tbs;
    private byte[] extensions;
    private byte[] entryBytes;
    private byte[] landmarkProof;
    private byte[] standaloneProof;
    private MessageDigest sha256;

    @Setup
    public void setup() throws Exception {
        Path examples = Path.of(System.getProperty("mtc4j.root", "..")).resolve("examples/standalone.pem");
        MtcCertificate c = MtcCertificate.parse(Profile.PLANTS_05,
                Pem.decode(Files.readString(examples)).der());
        tbs = c.tbsCertificate();
        extensions = c.proofExtensionsField();
        entryBytes = c.logEntry().encode();
        Random rnd = new Random(1);
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] h = new byte[32];
            rnd.nextBytes(h);
            hashes.add(h);
        }
        landmarkProof = new MtcProof(1L << 20, (1L << 20) + 700_000, hashes, List.of()).encode(Profile.PLANTS_05);
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (String id : new String[] {"32473.1", "32473.2.1", "32473.2.2"}) {
            byte[] s = new byte[2420];
            rnd.nextBytes(s);
            sigs.add(new SubtreeSignature(TrustAnchorId.parse(id), s));
        }
        standaloneProof = new MtcProof(1L << 20, (1L << 20) + 700_000, hashes, sigs).encode(Profile.PLANTS_05);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] entryHashSinglePass() {
        return EntryHash.singlePass(H, Profile.PLANTS_05, extensions, tbs);
    }

    @Benchmark
    public byte[] entryHashRebuild() {
        TbsCertificateLogEntry e = TbsCertificateLogEntry.fromTbsCertificate(tbs, H, Profile.PLANTS_05);
        return MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.<EntryExtension>of(), e).entryHash(H);
    }

    /** Baseline: SHA-256 of the TBSCertificate plus SHA-256 of the entry (the two hashes any method must do). */
    @Benchmark
    public byte[] rawSha256Baseline() {
        sha256.update(tbs);
        sha256.digest();
        sha256.update((byte) 0);
        sha256.update(entryBytes);
        return sha256.digest();
    }

    @Benchmark
    public MtcProof parseLandmarkRelativeProof() {
        return MtcProof.parse(Profile.PLANTS_05, 32, landmarkProof);
    }

    @Benchmark
    public MtcProof parseStandaloneProof3Signatures() {
        return MtcProof.parse(Profile.PLANTS_05, 32, standaloneProof);
    }
}
