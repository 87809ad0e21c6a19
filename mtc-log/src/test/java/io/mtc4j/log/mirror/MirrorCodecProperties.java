package io.mtc4j.log.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** jqwik properties of the tlog-mirror codecs and of the canonical package sequence. */
class MirrorCodecProperties {
    @Property
    void theCanonicalSequenceCoversTheIntervalInAlignedPackages(@ForAll @LongRange(max = 1L << 40) long start,
            @ForAll @IntRange(max = 5000) int length) {
        long end = start + length;
        long n = AddEntries.packageCount(start, end);
        long at = start;
        for (int i = 0; i < n; i++) {
            AddEntries.Span s = AddEntries.span(start, end, i);
            assertEquals(at, s.start(), "packages are contiguous");
            assertEquals(0, s.subtreeStart() % 256, "aligned at 256");
            assertTrue(s.subtreeStart() <= s.start() && s.start() < s.end() && s.end() <= s.subtreeStart() + 256);
            assertTrue(i == 0 || s.start() == s.subtreeStart(), "only the first package starts unaligned");
            at = s.end();
        }
        assertEquals(end, at, "the sequence ends at upload_end");
    }

    @Property
    void mirrorInfoRoundTripsAndIsStrict(@ForAll @LongRange(min = 0) long size, @ForAll @LongRange(min = 0) long next,
            @ForAll @Size(max = 300) byte[] ticket) {
        MirrorInfo i = new MirrorInfo(size, next, ticket);
        assertEquals(i, MirrorInfo.parse(i.format()));
        byte[] f = i.format();
        assertThrows(MtcParseException.class, () -> MirrorInfo.parse(Arrays.copyOf(f, f.length - 1)));
        byte[] extra = Arrays.copyOf(f, f.length + 2);
        extra[f.length] = 'x';
        extra[f.length + 1] = '\n';
        assertThrows(MtcParseException.class, () -> MirrorInfo.parse(extra));
    }

    @Property
    void headersRoundTripAndTruncationIsAParseError(@ForAll @LongRange(max = 1L << 50) long start,
            @ForAll @IntRange(max = 100000) int length, @ForAll @Size(max = 200) byte[] ticket,
            @ForAll @IntRange(min = 1, max = 60) int originLength) throws IOException {
        AddEntries.Header h = new AddEntries.Header("o".repeat(originLength), start, start + length, ticket);
        byte[] e = h.encode();
        AddEntries.Header back = AddEntries.Header.read(new ByteArrayInputStream(e));
        assertEquals(h.origin(), back.origin());
        assertEquals(h.uploadStart(), back.uploadStart());
        assertEquals(h.uploadEnd(), back.uploadEnd());
        assertArrayEquals(ticket, back.ticket());
        for (int cut = 0; cut < e.length; cut += 1 + cut / 4) {
            InputStream in = new ByteArrayInputStream(Arrays.copyOf(e, cut));
            assertThrows(MtcParseException.class, () -> AddEntries.Header.read(in));
        }
    }

    @Property
    void packagesRoundTripAndATruncatedOneIsDiscarded(@ForAll @IntRange(min = 1, max = 40) int count,
            @ForAll @IntRange(max = 63) int hashes, @ForAll long seed) throws IOException {
        java.util.Random r = new java.util.Random(seed);
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[r.nextInt(50)];
            r.nextBytes(b);
            entries.add(b);
        }
        List<byte[]> proof = new ArrayList<>();
        for (int i = 0; i < hashes; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            proof.add(b);
        }
        AddEntries.Span span = AddEntries.span(256 - count, 256, 0);
        byte[] e = new AddEntries.Package(entries, proof).encode();
        AddEntries.Package back = AddEntries.readPackage(new ByteArrayInputStream(e), span);
        assertEquals(count, back.entries().size());
        for (int i = 0; i < count; i++) {
            assertArrayEquals(entries.get(i), back.entries().get(i));
        }
        assertEquals(hashes, back.proof().size());
        assertNull(AddEntries.readPackage(new ByteArrayInputStream(new byte[0]), span), "end of body");
        int cut = 1 + r.nextInt(e.length - 1);
        assertThrows(AddEntries.Truncated.class,
                () -> AddEntries.readPackage(new ByteArrayInputStream(Arrays.copyOf(e, cut)), span));
    }

    @Property
    void pendingStateRoundTripsAndDetectsDamage(@ForAll @LongRange(min = 0) long next,
            @ForAll @Size(max = 5) List<@Size(max = 100) byte[]> notes, @ForAll @IntRange(min = 0) int flip,
            @ForAll @StringLength(min = 1, max = 80) @CharRange(from = '!', to = '~') String origin) {
        PendingState s = new PendingState(origin, notes, next);
        byte[] e = s.encode();
        PendingState back = PendingState.decode(e);
        assertEquals(origin, back.origin());
        assertEquals(next, back.nextEntry());
        assertEquals(notes.size(), back.notes().size());
        for (int i = 0; i < notes.size(); i++) {
            assertArrayEquals(notes.get(i), back.notes().get(i));
        }
        byte[] damaged = e.clone();
        damaged[flip % damaged.length] ^= 1;
        assertThrows(MtcParseException.class, () -> PendingState.decode(damaged));
        byte[] trailing = Arrays.copyOf(e, e.length + 1);
        assertThrows(MtcParseException.class, () -> PendingState.decode(trailing), "exact length");
    }

    @Property(tries = 50)
    void ticketsOpenOnlyForTheirOriginAndUnchanged(@ForAll @Size(min = 1, max = 200) byte[] note,
            @ForAll @IntRange(min = 0) int flip) {
        byte[] secret = new byte[32];
        Tickets t = new Tickets(secret);
        byte[] ticket = t.issue("example.com/log", note);
        assertArrayEquals(note, t.open("example.com/log", ticket).orElseThrow());
        assertTrue(t.open("example.com/other", ticket).isEmpty());
        byte[] bad = ticket.clone();
        bad[flip % bad.length] ^= 1;
        assertTrue(t.open("example.com/log", bad).isEmpty());
        secret[0] = 1;
        assertTrue(new Tickets(secret).open("example.com/log", ticket).isEmpty(), "another secret");
    }

    private static final io.mtc4j.spec.note.NoteSigner LOG = io.mtc4j.spec.note.NoteSigner.ed25519("example.com/log",
            io.mtc4j.spec.cosign.Keys.generate(io.mtc4j.spec.cosign.SignatureAlgorithm.ED25519,
                    new java.security.SecureRandom(new byte[] {3}), io.mtc4j.spec.cosign.SigningMode.DETERMINISTIC));

    @Property(tries = 100)
    void witnessRequestsRoundTripAndRefuseMoreThan63ProofLines(@ForAll @LongRange(min = 0, max = 1L << 40) long old,
            @ForAll @IntRange(max = 64) int lines, @ForAll @LongRange(min = 1, max = 1L << 40) long size) {
        List<byte[]> proof = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            byte[] h = new byte[32];
            h[0] = (byte) i;
            proof.add(h);
        }
        io.mtc4j.spec.note.SignedNote note = io.mtc4j.spec.note.SignedNote.sign(new io.mtc4j.spec.note.Checkpoint(
                "example.com/log", size, new byte[32]).format(), List.of(LOG));
        if (lines > 63) {
            assertThrows(IllegalArgumentException.class, () -> AddCheckpointRequest.of(old, proof, note));
            StringBuilder b = new StringBuilder("old " + old + "\n");
            proof.forEach(h -> b.append(java.util.Base64.getEncoder().encodeToString(h)).append('\n'));
            byte[] body = (b + "\n" + note.format()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThrows(MtcParseException.class, () -> AddCheckpointRequest.parse(body));
            return;
        }
        AddCheckpointRequest a = AddCheckpointRequest.of(old, proof, note);
        AddCheckpointRequest back = AddCheckpointRequest.parse(a.format());
        assertEquals(old, back.oldSize());
        assertEquals(lines, back.proof().size());
        assertEquals(note, back.note());
        assertArrayEquals(a.format(), back.format());
        SignSubtreeRequest s = SignSubtreeRequest.of(old, old + size, new byte[32], proof, note);
        SignSubtreeRequest sb = SignSubtreeRequest.parse(s.format());
        assertEquals(old, sb.start());
        assertEquals(old + size, sb.end());
        assertArrayEquals(s.format(), sb.format());
        byte[] leadingZero = new String(a.format(), java.nio.charset.StandardCharsets.UTF_8).replaceFirst("old ",
                "old 0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(MtcParseException.class, () -> AddCheckpointRequest.parse(leadingZero), "no leading zeros");
    }
}
