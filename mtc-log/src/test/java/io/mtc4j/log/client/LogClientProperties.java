package io.mtc4j.log.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For logs of random sizes served over loopback HTTP: the client's subtree hashes and proofs equal those of an
 * in-memory tree and verify against the checkpoint; any one corrupted byte in any tile or bundle it fetches is a
 * {@link LogClientException}, never data.
 */
class LogClientProperties {
    private static LoopbackServer server;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @BeforeContainer
    static void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    private static LogClient client(String prefix) {
        return LogClient.builder(HttpLogTransport.builder(server.base() + prefix).maxAttempts(1)
                .requestTimeout(Duration.ofSeconds(30)).build())
                .verifiers(List.of(TestLogs.CA)).policy(CheckpointPolicy.signedBy(TestLogs.CA)).build();
    }

    @Property(tries = 25)
    void proofsEqualThoseOfAnInMemoryTreeAndVerify(@ForAll @IntRange(min = 1, max = 2100) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int b) {
        List<byte[]> entries = TestLogs.entries(size, size);
        String prefix = "/p" + NEXT.incrementAndGet();
        TestLogs.Built log = TestLogs.build(entries);
        TestLogs.serve(server, prefix, log, a % 2 == 0);
        MemoryTree tree = MemoryTree.ofEntries(TestLogs.H, entries);
        LogClient c = client(prefix);
        c.update();

        long end = 1 + Integer.toUnsignedLong(a) % size;
        long start = Integer.toUnsignedLong(b) % end;
        Subtree s = new Subtree(start, end);
        if (!s.isValid()) {
            s = new Subtree(0, end); // [0, end) is always a valid subtree
        }
        long index = s.start() + Integer.toUnsignedLong(a ^ b) % s.size();
        byte[] hash = c.subtreeHash(s);
        assertArrayEquals(SubtreeProofs.subtreeHash(tree, s), hash);
        List<byte[]> inc = c.inclusionProof(s, index);
        assertProofEquals(SubtreeProofs.inclusionProof(tree, s, index), inc);
        assertTrue(SubtreeProofs.verifyInclusionProof(TestLogs.H, s, index,
                MerkleHash.leafHash(TestLogs.H, entries.get((int) index)), inc, hash));
        List<byte[]> cons = c.consistencyProof(s);
        assertProofEquals(SubtreeProofs.consistencyProof(tree, size, s), cons);
        assertTrue(SubtreeProofs.verifyConsistencyProof(TestLogs.H, size, s, cons, hash, log.root()));
        List<byte[]> rfc = c.consistencyProof(end);
        assertTrue(Rfc9162Proofs.verifyConsistency(TestLogs.H, end, size, SubtreeProofs.subtreeHash(tree,
                new Subtree(0, end)), log.root(), rfc));
    }

    private static void assertProofEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "proof hash " + i);
        }
    }

    @Property(tries = 20)
    void aGrowingLogIsFollowedAndAnyRewrittenPrefixIsAFork(@ForAll @IntRange(min = 1, max = 900) int m,
            @ForAll @IntRange(min = 0, max = 900) int grow, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int pick) {
        int n = m + grow;
        List<byte[]> entries = TestLogs.entries(n, pick);
        String prefix = "/g" + NEXT.incrementAndGet();
        TestLogs.serve(server, prefix, TestLogs.build(entries.subList(0, m)), false);
        LogClient c = client(prefix);
        c.update();
        TestLogs.serve(server, prefix, TestLogs.build(entries), false);
        assertEquals(n, c.update().size());

        // the log rewrites one entry below the verified size: whatever it serves now is refused
        List<byte[]> rewritten = new java.util.ArrayList<>(entries);
        int at = pick % n;
        rewritten.set(at, new byte[] {(byte) pick, 1, 2, 3});
        int later = n + pick % 300;
        List<byte[]> forked = new java.util.ArrayList<>(rewritten);
        forked.addAll(TestLogs.entries(later - n, pick + 1L));
        TestLogs.serve(server, prefix, TestLogs.build(forked), false);
        LogClientException x = assertThrows(LogClientException.class, c::update);
        assertEquals(LogClientException.Check.FORK, x.check(), x::getMessage);
        assertEquals(n, c.checkpoint().orElseThrow().size());
    }

    @Property(tries = 40)
    void anyCorruptedByteInAnyTileOrBundleIsDetected(@ForAll @IntRange(min = 1, max = 1400) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int pick, @ForAll @IntRange(min = 1, max = 255) int xor) {
        String prefix = "/c" + NEXT.incrementAndGet();
        TestLogs.Built log = TestLogs.build(TestLogs.entries(size, pick));
        TestLogs.serve(server, prefix, log, pick % 3 == 0);
        List<String> keys = log.objects().keySet().stream().filter(k -> k.startsWith("tile/")).sorted().toList();
        String key = keys.get(pick % keys.size());
        byte[] bad = log.objects().get(key).clone();
        int offset = (pick / keys.size()) % bad.length;
        bad[offset] ^= (byte) xor;
        server.handle(prefix + "/" + key, LoopbackServer.ok(bad, false));

        // reading every entry touches every bundle and every hash tile of the tree (full ones via their parents)
        LogClient c = client(prefix);
        LogClientException x = assertThrows(LogClientException.class, () -> {
            c.update();
            EntryIterator it = c.entries(0, size);
            while (it.hasNext()) {
                if (pick % 2 == 0) {
                    it.next();
                } else {
                    it.nextView(); // the in-place view is shown only after its bundle passed too
                }
            }
        }, () -> key + " byte " + offset + " ^ " + xor + " in a log of " + size);
        assertTrue(x.getMessage().contains(server.base() + prefix + "/") || x.location().startsWith("tile/"),
                x::getMessage);
    }

    /**
     * The in-place view shows, entry by entry, exactly what {@link EntryIterator#next()} copies out, over bundles of
     * any width (a partial last one included) and any range.
     */
    @Property(tries = 25)
    void theInPlaceViewShowsWhatNextCopies(@ForAll @IntRange(min = 1, max = 1300) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int b) {
        List<byte[]> entries = TestLogs.entries(size, a);
        String prefix = "/v" + NEXT.incrementAndGet();
        TestLogs.serve(server, prefix, TestLogs.build(entries), b % 2 == 0);
        LogClient c = client(prefix);
        c.update();
        int to = 1 + a % size;
        int from = b % to;
        EntryIterator copies = c.entries(from, to);
        EntryIterator views = c.entries(from, to);
        for (int i = from; i < to; i++) {
            LogEntry e = copies.next();
            EntryView v = views.nextView();
            assertEquals(i, e.index());
            assertEquals(i, v.index());
            assertArrayEquals(entries.get(i), e.entry());
            assertArrayEquals(entries.get(i), v.copy());
            assertEquals(entries.get(i).length, v.length());
            assertEquals(e, v.toLogEntry());
            assertArrayEquals(entries.get(i), v.read((buf, s, t) -> java.util.Arrays.copyOfRange(buf, s, t)));
        }
        assertFalse(views.hasNext());
        assertThrows(java.util.NoSuchElementException.class, views::nextView);
    }
}
