package io.mtc4j.log.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The request codecs of tlog-witness: what {@link WitnessClient} builds, {@link WitnessRequests} parses back. */
class WitnessRequestsProperties {
    private static final SimulatedLog LOG = SimulatedLog.main(WitnessTest.ORIGIN);

    private static List<byte[]> hashes(int n, long seed) {
        List<byte[]> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[32];
            r.nextBytes(h);
            out.add(h);
        }
        return out;
    }

    @Property(tries = 200)
    void addCheckpointRoundTripsUpTo63ProofLines(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long old,
            @ForAll @IntRange(min = 0, max = 63) int lines, @ForAll long seed, @ForAll @IntRange(min = 0, max = 40)
            int size) {
        List<byte[]> proof = hashes(lines, seed);
        WitnessRequests.AddCheckpoint r = WitnessRequests.parseAddCheckpoint(WitnessClient.addCheckpointBody(old,
                proof, LOG.note(size)));
        assertEquals(old, r.oldSize());
        assertEquals(lines, r.proof().size());
        for (int i = 0; i < lines; i++) {
            assertArrayEquals(proof.get(i), r.proof().get(i));
        }
        assertEquals(LOG.checkpoint(size), r.checkpoint());
        assertEquals(new String(LOG.note(size), StandardCharsets.UTF_8), r.note().format());
    }

    @Property(tries = 50)
    void moreThan63ProofLinesAre400(@ForAll @IntRange(min = 64, max = 80) int lines, @ForAll long seed) {
        WitnessRefusal e = assertThrows(WitnessRefusal.class, () -> WitnessRequests.parseAddCheckpoint(
                WitnessClient.addCheckpointBody(1, hashes(lines, seed), LOG.note(2))));
        assertEquals(400, e.status());
        WitnessRefusal s = assertThrows(WitnessRefusal.class, () -> WitnessRequests.parseSignSubtree(
                WitnessClient.signSubtreeBody(0, 2, new byte[32], hashes(lines, seed), LOG.note(2))));
        assertEquals(400, s.status());
    }

    @Property(tries = 100)
    void damagedHeadersAre400(@ForAll @LongRange(min = 0, max = 1L << 40) long old, @ForAll @IntRange(min = 0,
            max = 3) int kind) {
        String head = switch (kind) {
            case 0 -> "old 0" + old + "\n\n";     // a leading zero
            case 1 -> "old " + old + " \n\n";     // trailing space
            case 2 -> "old " + old + "\n";        // no empty line before the checkpoint
            default -> "old +" + old + "\n\n";    // a sign
        };
        byte[] note = LOG.note(3);
        byte[] body = new byte[head.length() + note.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, body, 0, head.length());
        System.arraycopy(note, 0, body, head.length(), note.length);
        assertEquals(400, assertThrows(WitnessRefusal.class, () -> WitnessRequests.parseAddCheckpoint(body))
                .status());
    }

    @Property(tries = 200)
    void signSubtreeRoundTrips(@ForAll @LongRange(min = 0, max = 1L << 50) long start,
            @ForAll @LongRange(min = 0, max = 1L << 50) long end, @ForAll @IntRange(min = 0, max = 63) int lines,
            @ForAll long seed) {
        byte[] hash = hashes(1, ~seed).get(0);
        WitnessRequests.SignSubtree r = WitnessRequests.parseSignSubtree(WitnessClient.signSubtreeBody(start, end,
                hash, hashes(lines, seed), LOG.note(5)));
        assertEquals(start, r.start());
        assertEquals(end, r.end());
        assertArrayEquals(hash, r.hash());
        assertEquals(lines, r.proof().size());
        assertEquals(LOG.checkpoint(5), r.checkpoint());
    }
}
