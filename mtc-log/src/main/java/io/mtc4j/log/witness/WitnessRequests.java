package io.mtc4j.log.witness;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.codec.Decimal;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The strict parsers of the tlog-witness request bodies: header lines each ending in a newline, an empty line, then
 * a checkpoint signed note. Anything else is a 400 naming the field and the rule.
 */
final class WitnessRequests {
    /** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
    static final int MAX_PROOF_LINES = 63;
    private static final int HASH_SIZE = Checkpoint.HASH_SIZE;

    private WitnessRequests() {}

    /**
     * An add-checkpoint body (tlog-witness §"add-checkpoint").
     *
     * @param oldSize    the old size line's value
     * @param proof      the consistency proof
     * @param note       the signed checkpoint note
     * @param checkpoint its checkpoint
     */
    record AddCheckpoint(long oldSize, List<byte[]> proof, SignedNote note, Checkpoint checkpoint) {}

    /**
     * A sign-subtree body (tlog-witness §"sign-subtree").
     *
     * @param start      the subtree start
     * @param end        the subtree end
     * @param hash       the subtree hash
     * @param proof      the subtree consistency proof
     * @param note       the reference checkpoint note
     * @param checkpoint its checkpoint
     */
    record SignSubtree(long start, long end, byte[] hash, List<byte[]> proof, SignedNote note, Checkpoint checkpoint) {}

    /** tlog-witness §"add-checkpoint": {@code old <n>\n}, up to 63 proof lines, {@code \n}, a checkpoint. */
    static AddCheckpoint parseAddCheckpoint(byte[] body) {
        Framed f = frame(body, 1, "add-checkpoint");
        String old = f.head.get(0);
        if (!old.startsWith("old ")) {
            throw bad("old", "the first line must be 'old <size>'");
        }
        long oldSize = decimal("old", old.substring(4));
        List<byte[]> proof = hashes("consistency_proof", f.head.subList(1, f.head.size()));
        SignedNote note = note(f);
        return new AddCheckpoint(oldSize, proof, note, checkpoint(note));
    }

    /** tlog-witness §"sign-subtree": {@code subtree <s> <e>\n}, a hash line, up to 63 proof lines, {@code \n}, a checkpoint. */
    static SignSubtree parseSignSubtree(byte[] body) {
        Framed f = frame(body, 2, "sign-subtree");
        String range = f.head.get(0);
        String[] parts = range.split(" ", -1);
        if (parts.length != 3 || !parts[0].equals("subtree")) {
            throw bad("subtree", "the first line must be 'subtree <start> <end>'");
        }
        long start = decimal("subtree.start", parts[1]);
        long end = decimal("subtree.end", parts[2]);
        byte[] hash = hashes("subtree_hash", f.head.subList(1, 2)).get(0);
        List<byte[]> proof = hashes("consistency_proof", f.head.subList(2, f.head.size()));
        SignedNote note = note(f);
        return new SignSubtree(start, end, hash, proof, note, checkpoint(note));
    }

    private record Framed(List<String> head, byte[] note) {}

    /** Splits off the {@code fixed} leading lines and the proof lines (at most 63) before the empty line. */
    private static Framed frame(byte[] body, int fixed, String what) {
        List<String> head = new ArrayList<>();
        int pos = 0;
        while (true) {
            int nl = indexOf(body, (byte) '\n', pos);
            if (nl < 0) {
                throw bad(what, head.size() < fixed ? "line " + (head.size() + 1) + " does not end in a newline"
                        : "no empty line before the checkpoint");
            }
            if (nl == pos) {
                pos = nl + 1;
                break;
            }
            if (head.size() == fixed + MAX_PROOF_LINES) {
                throw bad("consistency_proof", "more than " + MAX_PROOF_LINES + " proof lines");
            }
            head.add(ascii(what, body, pos, nl));
            pos = nl + 1;
        }
        if (head.size() < fixed) {
            throw bad(what, "the empty line comes before the " + (fixed == 1 ? "old size line"
                    : "subtree range and hash lines"));
        }
        return new Framed(head, Arrays.copyOfRange(body, pos, body.length));
    }

    private static String ascii(String what, byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                throw bad(what, "header lines must be printable ASCII");
            }
        }
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** An ASCII decimal with no leading zeroes (unless it is 0). */
    private static long decimal(String field, String s) {
        try {
            return Decimal.parseUnsigned(field, s);
        } catch (MtcException e) {
            throw bad(field, "must be an ASCII decimal with no leading zeroes (" + e.getMessage() + ")");
        }
    }

    /** Each line a single base64 (RFC 4648 §4) SHA-256 hash. */
    private static List<byte[]> hashes(String field, List<String> lines) {
        List<byte[]> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            byte[] h;
            try {
                h = Base64.getDecoder().decode(lines.get(i));
            } catch (IllegalArgumentException e) {
                throw bad(field + "[" + i + "]", "not base64");
            }
            if (h.length != HASH_SIZE || !Base64.getEncoder().encodeToString(h).equals(lines.get(i))) {
                throw bad(field + "[" + i + "]", "must be the canonical base64 of a " + HASH_SIZE + "-byte hash");
            }
            out.add(h);
        }
        return out;
    }

    private static SignedNote note(Framed f) {
        try {
            return SignedNote.parse(f.note);
        } catch (MtcException e) {
            throw bad("checkpoint", "not a signed note: " + e.getMessage());
        }
    }

    private static Checkpoint checkpoint(SignedNote note) {
        try {
            return Checkpoint.parse(note.text());
        } catch (MtcException e) {
            throw bad("checkpoint", "not a checkpoint: " + e.getMessage());
        }
    }

    private static WitnessRefusal bad(String field, String rule) {
        return new WitnessRefusal(400, field, rule);
    }
}
