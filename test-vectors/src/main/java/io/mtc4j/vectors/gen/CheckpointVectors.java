package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of an MTC issuance log (C2SP signed-note, tlog-checkpoint, tlog-cosignature; mtc-tlog):
 * the CA cosigner's ML-DSA-44 subtree/v1 cosignature, an Ed25519 note signature and an Ed25519 witness
 * cosignature, verified against vkeys (E26-E31, R20).
 */
final class CheckpointVectors implements VectorSource {
    static final long TIME = 1767225600L;

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        SampleLog log = new SampleLog(Profile.PLANTS_05, 13);
        String origin = SampleLog.logId().tlogName();
        NoteSigner ca = NoteSigner.mlDsa44Cosigner(SampleLog.CA.tlogName(),
                FixedKeys.signer(SignatureAlgorithm.MLDSA44, "ca cosigner"), () -> TIME);
        NoteSigner logKey = NoteSigner.ed25519("log.example/mtc", FixedKeys.signer(SignatureAlgorithm.ED25519,
                "log note key"));
        NoteSigner witness = NoteSigner.ed25519Cosigner("witness.example/w1", FixedKeys.signer(
                SignatureAlgorithm.ED25519, "witness note key"), () -> TIME + 5);
        NoteSigner stranger = NoteSigner.ed25519("stranger.example/k", FixedKeys.signer(SignatureAlgorithm.ED25519,
                "stranger"));
        String text = new Checkpoint(origin, 13, log.hash(new Subtree(0, 13))).format();
        String note = SignedNote.sign(text, List.of(ca, logKey, witness)).format();

        VectorFile f = VectorFile.create("checkpoint_verify", Ops.CHECKPOINT_VERIFY,
                "A signed checkpoint verified against known keys: origin, size, root hash and the keys that verified");
        f.request("note", Type.STRING).request("verifier_keys", Type.STRING_LIST);
        f.output("origin", Type.STRING).output("size", Type.UINT).output("root_hash", Type.HEX)
                .output("verified_by", Type.STRING_LIST);
        VectorFile.Group g = f.group("checkpoint of the 13-entry sample log", Json.object());
        String caV = vkey(ca);
        String logV = vkey(logKey);
        String wV = vkey(witness);
        g.valid("all three keys known", Tag.of("Publishing Logs", "C15"), in(note, caV, logV, wV),
                out(origin, 13, log.hash(new Subtree(0, 13)), SampleLog.CA.tlogName(), "log.example/mtc",
                        "witness.example/w1"));
        g.valid("only the CA cosigner known: the other signatures are ignored", Tag.of("Publishing Logs", "R20"),
                in(note, caV), out(origin, 13, log.hash(new Subtree(0, 13)), SampleLog.CA.tlogName()));
        g.valid("only the Ed25519 witness cosignature known", Tag.of("Publishing Logs", "E30"), in(note, wV),
                out(origin, 13, log.hash(new Subtree(0, 13)), "witness.example/w1"));
        String empty = new Checkpoint(origin, 0, log.hash(new Subtree(0, 0))).format();
        g.valid("empty log: size 0 and the hash of the empty string", Tag.of("Publishing Logs", "E28"),
                in(SignedNote.sign(empty, List.of(ca)).format(), caV), out(origin, 0, log.hash(new Subtree(0, 0)),
                        SampleLog.CA.tlogName()));

        VectorFile.Group bad = f.group("notes that must be rejected", Json.object());
        String[] lines = note.split("\n", -1);
        String flipped = flipSignature(note, SampleLog.CA.tlogName());
        f.note(KNOWN_KEY_FAILS, "A known key's signature fails while another known key's verifies: signed-note says "
                + "clients SHOULD reject the whole note (only 'no known key verifies' is a MUST), so an implementation "
                + "may reject or accept it with the keys that verified");
        bad.acceptable("the CA cosignature has one flipped bit; the log key's signature verifies",
                Tag.of("Publishing Logs"), in(flipped, caV, logV), out(origin, 13, log.hash(new Subtree(0, 13)),
                        "log.example/mtc"), KNOWN_KEY_FAILS);
        reject(bad, "no signature from a known key", note, List.of(vkey(stranger)), "R20");
        reject(bad, "checkpoint size changed after signing", note.replaceFirst("\n13\n", "\n14\n"), List.of(caV),
                "R20");
        reject(bad, "size with a leading zero (signed)", SignedNote.sign(origin + "\n013\n" + lines[2] + "\n",
                List.of(logKey)).format(), List.of(logV), "E28");
        reject(bad, "empty origin line (signed)", SignedNote.sign("\n13\n" + lines[2] + "\n", List.of(logKey))
                .format(), List.of(logV), "E28");
        reject(bad, "no blank line before the signatures", note.replaceFirst("\n\n", "\n"), List.of(caV), "E26");
        reject(bad, "carriage return in the text", note.replaceFirst("\n13\n", "\r\n13\n"), List.of(caV), "E26");
        reject(bad, "signature line without the em dash", note.replace("\u2014 " + SampleLog.CA.tlogName(),
                "- " + SampleLog.CA.tlogName()), List.of(caV), "E26");
        reject(bad, "root hash of 31 bytes (signed)", SignedNote.sign(origin + "\n13\n"
                + java.util.Base64.getEncoder().encodeToString(new byte[31]) + "\n", List.of(logKey)).format(),
                List.of(logV), "E28");
        // appended after the original cases so their tcIds stay
        reject(bad, "the CA cosignature has one flipped bit and only the CA key is known: no known key verifies",
                flipped, List.of(caV), "R20");
        String renamed = note.replace("\u2014 log.example/mtc ", "\u2014 log.example/other ");
        reject(bad, "the log key's signature line carries another key name (its key ID matches the known key): "
                + "a signature is from a known key only if name and ID both match", renamed, List.of(logV), "R20");
        reject(bad, "the log key's signature line has the known key name but another key ID", withKeyId(note,
                "log.example/mtc"), List.of(logV), "R20");
        manySignatures(f, text, logKey, logV, origin, log.hash(new Subtree(0, 13)));
        return List.of(f);
    }

    private static final String KNOWN_KEY_FAILS = "KnownKeyFails";
    private static final String MANY_SIGNATURES = "ManySignatures";

    /** The note with the first byte of {@code name}'s signature (its key ID) changed. */
    private static String withKeyId(String note, String name) {
        String marker = "\u2014 " + name + " ";
        int at = note.indexOf(marker) + marker.length();
        int nl = note.indexOf('\n', at);
        byte[] sig = java.util.Base64.getDecoder().decode(note.substring(at, nl));
        sig[0] ^= 0x01;
        return note.substring(0, at) + java.util.Base64.getEncoder().encodeToString(sig) + note.substring(nl);
    }

    /**
     * signed-note: verifiers "SHOULD apply a maximum limit to the number of signatures in a note ... but MUST
     * accept at least up to 16 signatures". 16 signatures must verify; 101 may be refused.
     */
    private static void manySignatures(VectorFile f, String text, NoteSigner logKey, String logV, String origin,
            byte[] root) {
        f.note(MANY_SIGNATURES, "A note with more signatures than a verifier must accept (signed-note: at least 16 "
                + "MUST be accepted; verifiers SHOULD apply a limit): rejecting and accepting both conform");
        VectorFile.Group g = f.group("signature counts (signed-note: accept at least 16)", Json.object());
        for (int n : new int[] {16, 101}) {
            List<NoteSigner> signers = new java.util.ArrayList<>();
            signers.add(logKey);
            for (int i = 1; i < n; i++) {
                signers.add(NoteSigner.ed25519("extra.example/k" + i, FixedKeys.signer(SignatureAlgorithm.ED25519,
                        "extra note key " + i)));
            }
            String note = SignedNote.sign(text, signers).format();
            if (n == 16) {
                verify(note, List.of(logV));
                g.valid("16 signatures, the first from the known log key", Tag.of("Publishing Logs", "R20"),
                        in(note, logV), out(origin, 13, root, "log.example/mtc"));
            } else {
                g.acceptable(n + " signatures, the first from the known log key", Tag.of("Publishing Logs"),
                        in(note, logV), out(origin, 13, root, "log.example/mtc"), MANY_SIGNATURES);
            }
        }
    }

    private static String vkey(NoteSigner s) {
        return s.verifier().vkey().orElseThrow();
    }

    private static String flipSignature(String note, String name) {
        String marker = "\u2014 " + name + " ";
        int at = note.indexOf(marker) + marker.length() + 20;
        char c = note.charAt(at);
        char d = c == 'A' ? 'B' : 'A';
        return note.substring(0, at) + d + note.substring(at + 1);
    }

    private static ObjectNode in(String note, String... keys) {
        ObjectNode o = Json.object();
        o.put("note", note);
        ArrayNode a = o.putArray("verifier_keys");
        for (String k : keys) {
            a.add(k);
        }
        return o;
    }

    private static ObjectNode out(String origin, long size, byte[] root, String... names) {
        ObjectNode o = Json.object();
        o.put("origin", origin);
        o.set("size", Json.u64(size));
        o.put("root_hash", Json.hex(root));
        ArrayNode a = o.putArray("verified_by");
        for (String n : names) {
            a.add(n);
        }
        return o;
    }

    /** Verifies like the adapter: parse the note, verify against the vkeys, parse the checkpoint text. */
    static Checkpoint verify(String note, List<String> keys) {
        SignedNote n = SignedNote.parse(note);
        n.verify(keys.stream().map(NoteVerifier::fromVkey).toList());
        return Checkpoint.parse(n.text());
    }

    private static void reject(VectorFile.Group g, String comment, String note, List<String> keys, String must) {
        Expect.rejects("checkpoint " + comment, () -> verify(note, keys));
        ObjectNode o = Json.object();
        o.put("note", note);
        ArrayNode a = o.putArray("verifier_keys");
        keys.forEach(a::add);
        g.invalid(comment, Tag.of("Publishing Logs", must), o, Ops.KIND_INVALID, Optional.empty());
    }
}
