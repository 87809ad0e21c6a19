package io.mtc4j.spec.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.GeneratorConfig;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteTest {
    static final String EXAMPLE_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String EXAMPLE_NOTE = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YE"
            + "q6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    static final String COSIGNED_CHECKPOINT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            + "\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo"
            + "+zyWE+xeMcTOAYQ8=\n\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dl"
            + "rDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

    /** signed-note §"Verifier keys" example: the vkey verifies the example note, and its key ID recomputes. */
    @Test
    void signedNoteSpecExample() {
        NoteVerifier v = NoteVerifier.fromVkey(EXAMPLE_VKEY);
        assertEquals(0x530d903a, v.keyId());
        Vkey k = Vkey.parse(EXAMPLE_VKEY);
        assertEquals(Cosignature.TYPE_ED25519, k.type());
        assertEquals(0x530d903a, Cosignature.keyId(k.name(), k.type(), k.publicKey()));
        assertEquals(EXAMPLE_VKEY, k.format());
        assertEquals(EXAMPLE_VKEY, v.vkey().orElseThrow());
        SignedNote note = SignedNote.parse(EXAMPLE_NOTE.getBytes(StandardCharsets.UTF_8));
        assertEquals("This is an example message.\n", note.text());
        assertEquals(EXAMPLE_NOTE, note.format());
        assertEquals(List.of(note.signatures().get(0)), note.verify(List.of(v)));
        // the same note with a changed text fails
        SignedNote tampered = new SignedNote("This is an example message!\n", note.signatures());
        assertThrows(NoteVerificationException.class, () -> tampered.verify(List.of(v)));
        // a key with the same name but another ID is unknown: ignored, so nothing verifies
        Vkey other = new Vkey(k.name(), k.keyId() ^ 1, k.type(), k.publicKey());
        NoteVerificationException e = assertThrows(NoteVerificationException.class,
                () -> note.verify(List.of(other.verifier())));
        assertTrue(e.getMessage().contains("no signature from a known key"));
    }

    /** tlog-cosignature example: the checkpoint parses, the witness line is key ID 8d66cf3f + ts + 64 B. */
    @Test
    void cosignatureSpecExampleParses() {
        SignedNote note = SignedNote.parse(COSIGNED_CHECKPOINT);
        assertEquals(COSIGNED_CHECKPOINT, note.format());
        Checkpoint c = Checkpoint.parse(note.text());
        assertEquals("example.com/behind-the-sofa", c.origin());
        assertEquals(20852163L, c.size());
        assertEquals("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", Base64.getEncoder().encodeToString(c.rootHash()));
        assertEquals(note.text(), c.format());
        NoteSignature w = note.signatures().get(1);
        assertEquals("witness.example.com/w1", w.keyName());
        assertEquals(0x8d66cf3f, w.keyId());
        Cosignature cs = Cosignature.parse(SignatureAlgorithm.ED25519, w.signature());
        assertEquals(1679315147L, cs.timestamp());
        assertEquals(64, cs.signature().length);
        assertArrayEquals(w.signature(), cs.encode());
        assertEquals("cosignature/v1\ntime 1679315147\n" + note.text(),
                new String(Cosignature.ed25519Message(1679315147L, note.textBytes()), StandardCharsets.UTF_8));
    }

    /**
     * Interop: the generator's checkpoint parses and every signature verifies with the key from config.json,
     * through the explicitly named demo-generator compatibility mode (no timestamp; placeholder key IDs for
     * non-ML-DSA-44 cosigners). The spec-conformant ML-DSA-44 cosignature verifier does not accept it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"draft-demo-plants05", "draft-demo-plants02"})
    void demoGeneratorCheckpointVerifies(String corpus) throws Exception {
        Path dir = Interop.corpus(corpus);
        GeneratorConfig config = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.DETERMINISTIC);
        byte[] bytes = Files.readAllBytes(dir.resolve("checkpoint"));
        SignedNote note = SignedNote.parse(bytes);
        assertArrayEquals(bytes, note.bytes());
        Checkpoint cp = Checkpoint.parse(note.text());
        assertEquals(config.logId().tlogName(), cp.origin());
        assertEquals(4, note.signatures().size());
        List<NoteVerifier> compat = new ArrayList<>();
        for (SubtreeSigner s : config.cosigners()) {
            NoteVerifier v = NoteVerifier.demoGeneratorCompat(config.profile(), s.id().tlogName(), s.signer().verifier());
            compat.add(v);
            NoteSignature sig = note.signatures().stream().filter(n -> n.keyName().equals(v.name())).findFirst().orElseThrow();
            assertEquals(sig.keyId(), v.keyId(), "demo key ID for " + s.id());
            assertTrue(v.verify(note.textBytes(), sig.signature()), s.id().toString());
            assertFalse(v.vkey().isPresent());
        }
        assertEquals(note.signatures(), note.verify(compat));
        if (config.profile() == Profile.PLANTS_05) {
            // the CA cosigner's ML-DSA-44 key ID is tlog-cosignature's, but the signature lacks the timestamp
            SubtreeSigner ca = config.cosigners().get(0);
            NoteVerifier spec = NoteVerifier.mlDsa44Cosignature(ca.id().tlogName(), ca.signer().verifier());
            assertEquals(note.signatures().get(0).keyId(), spec.keyId());
            assertThrows(NoteVerificationException.class, () -> note.verify(List.of(spec)));
        }
        // reproduce: the compat signer with the same keys writes signatures the compat verifiers accept
        List<NoteSigner> signers = config.cosigners().stream()
                .map(s -> NoteSigner.demoGeneratorCompat(config.profile(), s.id().tlogName(), s.signer())).toList();
        SignedNote again = SignedNote.sign(note.text(), signers);
        assertEquals(4, again.verify(compat).size());
        for (int i = 0; i < 4; i++) {
            assertEquals(note.signatures().get(i).keyId(), again.signatures().get(i).keyId());
        }
    }

    @Test
    void everyKindSignsAndVerifies() {
        SecureRandom r = new SecureRandom();
        Signer ed = Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.DETERMINISTIC);
        Signer ml = Keys.generate(SignatureAlgorithm.MLDSA44, r, SigningMode.DETERMINISTIC);
        Signer ec = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r, SigningMode.DETERMINISTIC);
        String text = new Checkpoint("oid/1.3.6.1.4.1.32473.1.0.1", 2036, new byte[32]).format();
        List<NoteSigner> signers = List.of(
                NoteSigner.ed25519("log.example/a", ed),
                NoteSigner.ed25519Cosigner("witness.example/w", ed, () -> 1679315147L),
                NoteSigner.mlDsa44Cosigner("oid/1.3.6.1.4.1.32473.1", ml, () -> 1700000000L),
                NoteSigner.mlDsa44Cosigner("oid/1.3.6.1.4.1.32473.3", ml, () -> 0L),
                NoteSigner.demoGeneratorCompat(Profile.PLANTS_05, "oid/1.3.6.1.4.1.32473.2.1", ec));
        SignedNote note = SignedNote.sign(text, signers);
        SignedNote reparsed = SignedNote.parse(note.format());
        assertEquals(note, reparsed);
        List<NoteVerifier> verifiers = signers.stream().map(NoteSigner::verifier).toList();
        assertEquals(5, reparsed.verify(verifiers).size());
        for (int i = 0; i < 4; i++) {
            NoteVerifier fromVkey = NoteVerifier.fromVkey(verifiers.get(i).vkey().orElseThrow());
            assertEquals(verifiers.get(i).keyId(), fromVkey.keyId());
            assertEquals(List.of(note.signatures().get(i)), note.verify(List.of(fromVkey)));
        }
        assertEquals(1679315147L, Cosignature.parse(SignatureAlgorithm.ED25519, note.signatures().get(1).signature()).timestamp());
        // one bad known signature rejects the whole note (signed-note: clients SHOULD reject)
        List<NoteSignature> sigs = new ArrayList<>(note.signatures());
        byte[] bad = sigs.get(2).signature();
        bad[100] ^= 1;
        sigs.set(2, new NoteSignature(sigs.get(2).keyName(), sigs.get(2).keyId(), bad));
        assertThrows(NoteVerificationException.class, () -> new SignedNote(text, sigs).verify(verifiers));
        // a cosignature verifier does not accept a text that is not a checkpoint
        assertEquals("Checkpoint", assertThrows(MtcParseException.class, () -> SignedNote.sign("hello\n", List.of(signers.get(2)))).field());
        assertFalse(verifiers.get(1).verify("hello\n".getBytes(StandardCharsets.UTF_8), note.signatures().get(1).signature()));
        // adding a witness cosignature
        SignedNote plus = SignedNote.sign(text, List.of(signers.get(0))).withSignature(signers.get(1));
        assertEquals(2, plus.verify(verifiers).size());
        assertTrue(signers.get(2).toString().contains("hidden"));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.ed25519("a", ml));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.mlDsa44Cosigner("a", ed, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign(text,
                List.of(NoteSigner.mlDsa44Cosigner("a", ml, () -> -1L))));
    }

    /** signed-note: verifiers MUST accept at least 16 signatures; unknown keys are ignored. */
    @Test
    void acceptsManySignaturesAndIgnoresUnknown() {
        Signer ed = Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(), SigningMode.RANDOMIZED);
        List<NoteSigner> signers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signers.add(NoteSigner.ed25519("k" + i, ed));
        }
        SignedNote note = SignedNote.sign("text\n", signers);
        SignedNote parsed = SignedNote.parse(note.format());
        assertEquals(20, parsed.signatures().size());
        assertEquals(1, parsed.verify(List.of(signers.get(19).verifier())).size());
        assertEquals(20, parsed.verify(signers.stream().map(NoteSigner::verifier).toList()).size());
        StringBuilder many = new StringBuilder("t\n\n");
        for (int i = 0; i <= SignedNote.MAX_SIGNATURES; i++) {
            many.append(note.signatures().get(0).line()).append('\n');
        }
        assertThrows(MtcParseException.class, () -> SignedNote.parse(many.toString()));
    }

    @Test
    void strictParsing() {
        String[][] cases = {
            {"no blank line\n\u2014 a AAAAAAE=\n", "SignedNote"},
            {"text\n\n", "SignedNote.signatures"},
            {"text\n\n\u2014 a AAAAAAE=", "SignedNote.signatures"},
            {"text\n\n- a AAAAAAE=\n", "SignedNote.signature"},
            {"text\n\n\u2014 aAAAAAAE=\n", "SignedNote.signature"},
            {"text\n\n\u2014 a+b AAAAAAE=\n", "SignedNote.signature.keyName"},
            {"text\n\n\u2014  AAAAAAE=\n", "SignedNote.signature.keyName"},
            {"text\n\n\u2014 a AAAAAA==\n", "SignedNote.signature"},
            {"text\n\n\u2014 a AAAAAAE\n", "SignedNote.signature"},
            {"text\n\n\u2014 a AAAAAAF=\n", "SignedNote.signature"},
            {"te\txt\n\n\u2014 a AAAAAAE=\n", "SignedNote"},
            {"text\r\n\n\u2014 a AAAAAAE=\n", "SignedNote"},
            {"text\n\n\u2014 a AAAAAAE=\n\u2014 b AAAAAAE= \n", "SignedNote.signature"},
        };
        for (String[] c : cases) {
            MtcParseException e = assertThrows(MtcParseException.class, () -> SignedNote.parse(c[0]), c[0]);
            assertEquals(c[1], e.field(), c[0]);
        }
        assertThrows(MtcParseException.class, () -> SignedNote.parse(new byte[] {'a', '\n', '\n', (byte) 0xff}));
        // text may contain empty lines; the last blank line separates
        SignedNote n = SignedNote.parse("a\n\nb\n\n\u2014 a AAAAAAE=\n");
        assertEquals("a\n\nb\n", n.text());
        assertEquals("SignedNote.text", assertThrows(MtcParseException.class,
                () -> new SignedNote("x", n.signatures())).field());
        assertThrows(IllegalArgumentException.class, () -> new SignedNote("x\n", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NoteSignature("a", 1, new byte[0]));
        assertEquals("NoteSignature[a, 00000000, 1 bytes]", n.signatures().get(0).toString());
    }

    @Test
    void checkpointRules() {
        String root = Base64.getEncoder().encodeToString(new byte[32]);
        String[][] cases = {
            {"o\n1\n", "Checkpoint"},
            {"\n1\n" + root + "\n", "Checkpoint.origin"},
            {"o\n01\n" + root + "\n", "Checkpoint.size"},
            {"o\n-1\n" + root + "\n", "Checkpoint.size"},
            {"o\n\n" + root + "\n", "Checkpoint.size"},
            {"o\n18446744073709551616\n" + root + "\n", "Checkpoint.size"},
            {"o\n123456789012345678901\n" + root + "\n", "Checkpoint.size"},
            {"o\n1\nAAAA\n", "Checkpoint.root_hash"},
            {"o\n1\n" + root.replace('=', 'A') + "\n", "Checkpoint.root_hash"},
            {"o\n1\n" + root + "\n\n", "Checkpoint.extension"},
            {"o\n1\n" + root, "Checkpoint"},
        };
        for (String[] c : cases) {
            MtcParseException e = assertThrows(MtcParseException.class, () -> Checkpoint.parse(c[0]), c[0]);
            assertEquals(c[1], e.field(), c[0]);
        }
        Checkpoint max = Checkpoint.parse("o\n18446744073709551615\n" + root + "\next a\n");
        assertEquals(-1L, max.size());
        assertEquals(List.of("ext a"), max.extensions());
        assertEquals("o\n18446744073709551615\n" + root + "\next a\n", max.format());
        assertEquals(0, Checkpoint.parse("o\n0\n" + root + "\n").size());
        assertTrue(max.toString().contains("18446744073709551615"));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("", 0, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 0, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 0, new byte[32], List.of("")));
    }

    @Test
    void vkeyRules() {
        String[][] cases = {
            {"a+530d903a", "vkey"},
            {"a+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "vkey.id"},
            {"a+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "vkey.id"},
            {" a+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "vkey.name"},
            {"a+530d903a+AQ==", "vkey.key"},
            {"a+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2", "vkey.key"},
        };
        for (String[] c : cases) {
            MtcParseException e = assertThrows(MtcParseException.class, () -> Vkey.parse(c[0]), c[0]);
            assertEquals(c[1], e.field(), c[0]);
        }
        Vkey k = Vkey.parse(EXAMPLE_VKEY);
        assertEquals("vkey.type", assertThrows(MtcParseException.class,
                () -> new Vkey(k.name(), k.keyId(), 0x05, k.publicKey()).verifier()).field());
        // type 0x02 (ECDSA) is supported; its key material is a DER SPKI, which 32 raw Ed25519 bytes are not
        assertTrue(assertThrows(MtcParseException.class,
                () -> new Vkey(k.name(), k.keyId(), 0x02, k.publicKey()).verifier()).field()
                .startsWith("vkey.key.SubjectPublicKeyInfo"));
        assertEquals("vkey.key", assertThrows(MtcParseException.class,
                () -> new Vkey(k.name(), k.keyId(), 0x01, new byte[31]).verifier()).field());
        // tlog-cosignature: for 0x04 and 0x06 the key ID MUST be the computed one
        assertEquals("vkey.id", assertThrows(MtcParseException.class,
                () -> new Vkey(k.name(), k.keyId(), 0x04, k.publicKey()).verifier()).field());
        int id4 = Cosignature.keyId(k.name(), 0x04, k.publicKey());
        assertEquals(id4, new Vkey(k.name(), id4, 0x04, k.publicKey()).verifier().keyId());
        assertEquals("Vkey[example.com/foo, 530d903a, type 1]", k.toString());
        assertEquals(k.hashCode(), Vkey.parse(EXAMPLE_VKEY).hashCode());
    }

    @Test
    void cosignatureRules() {
        byte[] b = new byte[8 + 64];
        b[0] = (byte) 0x80; // 2^63
        assertEquals("timestamped_signature.timestamp",
                assertThrows(MtcParseException.class, () -> Cosignature.parse(SignatureAlgorithm.ED25519, b)).field());
        assertThrows(MtcParseException.class, () -> Cosignature.parse(SignatureAlgorithm.MLDSA44, new byte[8 + 64]));
        assertThrows(MtcParseException.class, () -> Cosignature.parse(SignatureAlgorithm.ED25519, new byte[8 + 65]));
        assertThrows(IllegalArgumentException.class, () -> Cosignature.parse(SignatureAlgorithm.MLDSA65, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> new Cosignature(-1, new byte[64]));
        Cosignature c = Cosignature.parse(SignatureAlgorithm.MLDSA44, new byte[8 + 2420]);
        assertEquals(new Cosignature(0, new byte[2420]), c);
        assertEquals(c.hashCode(), new Cosignature(0, new byte[2420]).hashCode());
        assertEquals("Cosignature[timestamp=0, 2420-byte signature]", c.toString());
    }
}
