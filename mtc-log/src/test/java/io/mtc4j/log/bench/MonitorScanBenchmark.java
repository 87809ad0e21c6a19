package io.mtc4j.log.bench;

import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.monitor.DnsPattern;
import io.mtc4j.log.monitor.EntryMatcher;
import io.mtc4j.log.monitor.IpPrefix;
import io.mtc4j.log.monitor.StructuralPolicy;
import io.mtc4j.log.monitor.WatchRule;
import io.mtc4j.log.monitor.Watchlist;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The monitor's scan of a local log with 1,000 watch rules: issue 15's figure, at least 500,000 entries/s on this
 * machine (one thread: the monitor reads a log in one thread), beside its floor from the same run. Per entry,
 * throughput:
 * <ul>
 *   <li>{@code scanLocalLog}: the figure, what the monitor does per entry of a log directory: the log client's
 *       verified bundles (each entry's leaf hash checked against the level-0 tile, each tile up to the checkpoint's
 *       root) and the watch-rule check of each entry in place;</li>
 *   <li>{@code leafHashFloor}: the floor, the SHA-256 leaf hash of every entry in memory, what verifying the
 *       entries cannot cost less than;</li>
 *   <li>{@code verifiedReadOnly}: the log client's share of the figure (no check);</li>
 *   <li>{@code matchInMemory}: {@link EntryMatcher#check} alone (names, addresses, keys, structural checks);</li>
 *   <li>{@code rawEntryParse}: for comparison, mtc-spec's full {@code MtcLogEntry.parse} of each entry (what
 *       reading every entry's fields with the value types would cost; the matcher's scanner does not build them).</li>
 * </ul>
 * 65,536 entries of about 400 bytes (8 dNSNames, a commonName; mtc-log's {@code TestCa}) written by the
 * {@link Sequencer}; 1,000 rules of 2 DNS names (one with subdomains), an IPv4 and an IPv6 prefix and an authorized
 * key each. Run with
 * {@code mvn -q -Pbench -pl mtc-log -am test-compile exec:exec -Dbench.skipSpec=true
 * -Dbench.args="MonitorScanBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MonitorScanBenchmark {
    private static final int ENTRIES = 1 << 16;
    private static final int RULES = 1_000;

    private Path dir;
    private List<byte[]> entries;
    private EntryMatcher matcher;
    private TestCa ca;
    private final MessageDigest digest = sha256();
    private final byte[] leaf = new byte[32];

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup
    public void setup() throws Exception {
        dir = Files.createTempDirectory("monitor-bench");
        ca = new TestCa(1);
        entries = TestCa.entries(new Random(1), ENTRIES);
        try (LocalDirectoryStore store = LocalDirectoryStore.open(dir); LogStorage w = store.openWriter(1)) {
            Sequencer s = Sequencer.open(w, ca.config());
            for (int i = 0; i < ENTRIES; i += 8192) {
                s.append(entries.subList(i, i + 8192));
            }
        }
        List<WatchRule> rules = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            rules.add(new WatchRule("r" + i, List.of(DnsPattern.parse("host-" + i + ".watched.example"),
                    DnsPattern.parse(".brand" + i + ".example")), List.of(IpPrefix.parse("10." + (i >> 8) + "."
                    + (i & 0xff) + ".0/24"), IpPrefix.parse("2001:db8:" + Integer.toHexString(i) + "::/48")),
                    Set.of(HexFormat.of().formatHex(new byte[32]).replace("00", "0" + (i % 10)).substring(0, 64))));
        }
        matcher = Watchlist.of(rules, StructuralPolicy.defaults()).matcher(TestCa.PROFILE);
    }

    @TearDown
    public void tearDown() throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** For comparison: mtc-spec's full parse of every entry. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int rawEntryParse() {
        int x = 0;
        for (byte[] e : entries) {
            x += MtcLogEntry.parse(TestCa.PROFILE, e).type();
        }
        return x;
    }

    /** The watch-rule check alone, entries in memory. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int matchInMemory() {
        int x = 0;
        for (byte[] e : entries) {
            x += matcher.check(e).size();
        }
        return x;
    }

    /**
     * The figure: the monitor's per-entry work on a local log, as {@code Monitor} does it: the log client
     * verifies the checkpoint and reads every bundle (each entry's leaf hash checked against the level-0 tile, each
     * tile up to the root) and the matcher checks every entry in place ({@link EntryIterator#nextView()}).
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int scanLocalLog() {
        EntryIterator it = client().entries(0, ENTRIES);
        int x = 0;
        while (it.hasNext()) {
            x += matcher.check(it.nextView()).size();
        }
        return x;
    }

    /** The verified read alone (checkpoint, tiles, bundles, leaf hashes), no check: the client's share. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long verifiedReadOnly() {
        EntryIterator it = client().entries(0, ENTRIES);
        long x = 0;
        while (it.hasNext()) {
            x += it.nextView().length();
        }
        return x;
    }

    /**
     * The floor of a verified read: the SHA-256 leaf hash ({@code HASH(0x00 || entry)}, RFC 9162 §2.1.1) of every
     * entry, with one digest, in memory; no scan can check its entries for less.
     */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int leafHashFloor() throws DigestException {
        int x = 0;
        for (byte[] e : entries) {
            digest.update((byte) 0);
            digest.update(e, 0, e.length);
            digest.digest(leaf, 0, leaf.length);
            x += leaf[0];
        }
        return x;
    }

    private LogClient client() {
        LogClient c = LogClient.builder(LogTransport.of(new DirectoryLogObjects(dir.resolve("1")), dir.toString()))
                .verifiers(ca.verifiers()).build();
        c.update();
        return c;
    }
}
