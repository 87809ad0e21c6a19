package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.Decimal;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The shape both tlog-witness requests share: header lines, up to 63 base64 proof lines, an empty line, then a
 * signed checkpoint note. Every line ends in a newline; numbers are decimal without leading zeros.
 */
final class CosignerRequest {
    /** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
    static final int MAX_PROOF_LINES = 63;
    private static final int HASH_SIZE = Checkpoint.HASH_SIZE;

    final List<String> header;
    final List<byte[]> proof;
    final SignedNote note;
    final Checkpoint checkpoint;

    private CosignerRequest(List<String> header, List<byte[]> proof, SignedNote note, Checkpoint checkpoint) {
        this.header = header;
        this.proof = proof;
        this.note = note;
        this.checkpoint = checkpoint;
    }

    /** Parses {@code headerLines} header lines, the proof lines, the empty line and the note. */
    static CosignerRequest parse(String what, byte[] body, int headerLines) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MtcParseException(what, "not valid UTF-8", e);
        }
        int sep = s.indexOf("\n\n");
        if (sep < 0) {
            throw new MtcParseException(what, "no empty line before the checkpoint");
        }
        String[] lines = s.substring(0, sep).split("\n", -1);
        if (lines.length < headerLines) {
            throw new MtcParseException(what, "needs " + headerLines + " header line(s) before the proof");
        }
        List<String> header = List.of(lines).subList(0, headerLines);
        int proofLines = lines.length - headerLines;
        if (proofLines > MAX_PROOF_LINES) {
            throw new MtcParseException(what + ".proof", proofLines + " proof lines, more than " + MAX_PROOF_LINES);
        }
        List<byte[]> proof = new ArrayList<>(proofLines);
        for (int i = headerLines; i < lines.length; i++) {
            proof.add(hash(what + ".proof[" + (i - headerLines) + "]", lines[i]));
        }
        SignedNote note = SignedNote.parse(s.substring(sep + 2));
        Checkpoint cp = Checkpoint.parse(note.text());
        if (cp.size() < 0) {
            throw new MtcParseException(what + ".checkpoint.size", "sizes above 2^63-1 are not supported");
        }
        return new CosignerRequest(header, List.copyOf(proof), note, cp);
    }

    /** A base64 line holding one SHA-256 hash. */
    static byte[] hash(String field, String line) {
        byte[] h;
        try {
            h = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(field, "not standard base64", e);
        }
        if (!Base64.getEncoder().encodeToString(h).equals(line)) {
            throw new MtcParseException(field, "not canonical standard base64");
        }
        if (h.length != HASH_SIZE) {
            throw new MtcParseException(field, "must be a " + HASH_SIZE + "-byte hash, got " + h.length);
        }
        return h;
    }

    /** A decimal without leading zeros, at most 2^63-1. */
    static long number(String field, String s) {
        long v = Decimal.parseUnsigned(field, s);
        if (v < 0) {
            throw new MtcParseException(field, "sizes above 2^63-1 are not supported");
        }
        return v;
    }

    /** The request text: header lines, proof lines, an empty line, the note. */
    static byte[] format(List<String> header, List<byte[]> proof, SignedNote note) {
        StringBuilder b = new StringBuilder();
        header.forEach(h -> b.append(h).append('\n'));
        proof.forEach(p -> b.append(Base64.getEncoder().encodeToString(p)).append('\n'));
        b.append('\n').append(note.format());
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> copy(List<byte[]> proof) {
        return proof.stream().map(byte[]::clone).toList();
    }
}
