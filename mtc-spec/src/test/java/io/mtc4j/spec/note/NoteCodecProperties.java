package io.mtc4j.spec.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(format(x)) == x and format(parse(s)) == s for notes, checkpoints, vkeys; fuzzed parsers throw only MtcParseException. */
class NoteCodecProperties {
    @Provide
    Arbitrary<String> keyNames() {
        return Arbitraries.strings().withChars("abcxyz0189./-_:").ofMinLength(1).ofMaxLength(30)
                .withoutEdgeCases();
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars("abc XYZ 09 \u2014+=/\u00e9\u4e2d").ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<NoteSignature> signatures() {
        return Combinators.combine(keyNames(), Arbitraries.integers(), Arbitraries.bytes().array(byte[].class).ofMinSize(1)
                .ofMaxSize(100)).as(NoteSignature::new);
    }

    @Provide
    Arbitrary<SignedNote> notes() {
        Arbitrary<String> text = Arbitraries.oneOf(lines(), Arbitraries.just("")).list().ofMinSize(1).ofMaxSize(6)
                .map(ls -> String.join("\n", ls) + "\n").filter(t -> !t.equals("\n"));
        return Combinators.combine(text, signatures().list().ofMinSize(1).ofMaxSize(20)).as(SignedNote::new);
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        return Combinators.combine(lines(), Arbitraries.longs(), Arbitraries.bytes().array(byte[].class).ofSize(32),
                lines().list().ofMaxSize(3)).as(Checkpoint::new);
    }

    @Provide
    Arbitrary<Vkey> vkeys() {
        return Combinators.combine(keyNames(), Arbitraries.integers(), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)).as(Vkey::new).withoutEdgeCases();
    }

    @Property(tries = 2000)
    void signedNoteRoundTrip(@ForAll("notes") SignedNote n) {
        String s = n.format();
        assertEquals(n, SignedNote.parse(s));
        assertEquals(s, SignedNote.parse(s.getBytes(StandardCharsets.UTF_8)).format());
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), n.bytes());
    }

    @Property(tries = 2000)
    void checkpointRoundTrip(@ForAll("checkpoints") Checkpoint c) {
        String s = c.format();
        assertEquals(c, Checkpoint.parse(s));
        assertEquals(s, Checkpoint.parse(s).format());
    }

    @Property(tries = 2000)
    void vkeyRoundTrip(@ForAll("vkeys") Vkey k) {
        String s = k.format();
        assertEquals(k, Vkey.parse(s));
        assertEquals(s, Vkey.parse(s).format());
    }

    @Property(tries = 2000)
    void cosignatureRoundTrip(@ForAll long ts, @ForAll boolean ed) {
        long t = ts & Long.MAX_VALUE;
        SignatureAlgorithm a = ed ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.MLDSA44;
        byte[] sig = new byte[a.fixedSignatureLength()];
        sig[(int) (t % sig.length)] = (byte) t;
        Cosignature c = new Cosignature(t, sig);
        assertEquals(c, Cosignature.parse(a, c.encode()));
        assertArrayEquals(c.encode(), Cosignature.parse(a, c.encode()).encode());
    }

    @Provide
    Arbitrary<String> mutatedNotes() {
        return Combinators.combine(notes().map(SignedNote::format), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of('\n', ' ', '+', '=', '\u2014', 'A', '\t', '\u0000', '/', '\ud83d')
                , Arbitraries.integers().between(0, 2)).as(NoteCodecProperties::mutate);
    }

    @Provide
    Arbitrary<String> mutatedCheckpoints() {
        return Combinators.combine(checkpoints().map(Checkpoint::format), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of('\n', '0', '9', '-', '=', 'A', '\t', ' '), Arbitraries.integers().between(0, 2))
                .as(NoteCodecProperties::mutate);
    }

    @Provide
    Arbitrary<String> mutatedVkeys() {
        return Combinators.combine(vkeys().map(Vkey::format), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of('+', 'A', 'f', 'F', '=', ' ', '\n'), Arbitraries.integers().between(0, 2))
                .as(NoteCodecProperties::mutate);
    }

    static String mutate(String s, int pos, char c, int kind) {
        if (s.isEmpty()) {
            return String.valueOf(c);
        }
        int p = pos % s.length();
        switch (kind) {
            case 0:
                return s.substring(0, p) + c + s.substring(p + 1);
            case 1:
                return s.substring(0, p) + s.substring(p + 1);
            default:
                return s.substring(0, p) + c + s.substring(p);
        }
    }

    private static void expectOnlyParseErrors(Runnable r) {
        try {
            r.run();
        } catch (MtcParseException e) {
            assertTrue(e.getMessage().startsWith(e.field() + ": ") && !e.rule().isEmpty(), e.getMessage());
        }
    }

    @Property(tries = 10000)
    void mutatedNotesThrowOnlyParseExceptions(@ForAll("mutatedNotes") String s) {
        expectOnlyParseErrors(() -> assertEquals(s, SignedNote.parse(s).format()));
    }

    @Property(tries = 10000)
    void randomNoteBytesThrowOnlyParseExceptions(@ForAll byte[] b) {
        expectOnlyParseErrors(() -> SignedNote.parse(b));
    }

    @Property(tries = 10000)
    void mutatedCheckpointsThrowOnlyParseExceptions(@ForAll("mutatedCheckpoints") String s) {
        expectOnlyParseErrors(() -> assertEquals(s, Checkpoint.parse(s).format()));
    }

    @Property(tries = 10000)
    void mutatedVkeysThrowOnlyParseExceptions(@ForAll("mutatedVkeys") String s) {
        expectOnlyParseErrors(() -> {
            Vkey k = Vkey.parse(s);
            assertEquals(s, k.format());
            NoteVerifier v = k.verifier();
            assertEquals(k.keyId(), v.keyId());
        });
    }

    @Property(tries = 10000)
    void randomStringsThrowOnlyParseExceptions(@ForAll String s) {
        expectOnlyParseErrors(() -> Checkpoint.parse(s));
        expectOnlyParseErrors(() -> Vkey.parse(s));
        expectOnlyParseErrors(() -> SignedNote.parse(s));
    }

    @Property(tries = 10000)
    void randomCosignaturesThrowOnlyParseExceptions(@ForAll byte[] b, @ForAll boolean ed) {
        expectOnlyParseErrors(() -> Cosignature.parse(ed ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.MLDSA44, b));
    }

    @Property(tries = 100)
    void verifyNeverThrowsOnForeignSignatures(@ForAll("notes") SignedNote n) {
        NoteVerifier v = NoteVerifier.fromVkey(NoteTest.EXAMPLE_VKEY);
        List<NoteSignature> sigs = n.signatures().stream()
                .map(s -> new NoteSignature(v.name(), v.keyId(), s.signature())).toList();
        try {
            new SignedNote(n.text(), sigs).verify(List.of(v));
        } catch (NoteVerificationException e) {
            assertTrue(e.getMessage().contains("does not verify"));
        }
    }
}
