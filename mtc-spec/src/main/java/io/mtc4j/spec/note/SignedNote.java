package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcParseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note (signed-note §"Format"): a UTF-8 text ending in a newline, a blank line, then one or more
 * signature lines {@code — <name> base64(keyID || sig)}. The text ends at the last blank line. No ASCII control
 * characters other than newline are allowed anywhere.
 *
 * <p>{@link #parse(byte[])} is strict: {@code format(parse(b)) == b} for every accepted input. It accepts at
 * most {@link #MAX_SIGNATURES} signatures (the spec requires accepting at least 16).
 *
 * @param text       the note text, including its final newline
 * @param signatures the signature lines in order (at least one)
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** U+2014, the em dash that starts a signature line. */
    public static final String EM_DASH = "\u2014";
    /** The most signatures {@link #parse} accepts (signed-note: verifiers MUST accept at least 16). */
    public static final int MAX_SIGNATURES = 100;

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param text the note text, including its final newline
     * @param signatures the signature lines in order (at least one)
     */
    public SignedNote {
        checkText("SignedNote.text", text);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note has at least one signature");
        }
    }

    /**
     * Parses a signed note from its bytes (strict UTF-8).
     *
     * @param note the signed note
     * @return the parsed value
     */
    public static SignedNote parse(byte[] note) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(note)).toString();
        } catch (CharacterCodingException e) {
            throw new MtcParseException("SignedNote", "not valid UTF-8", e);
        }
        return parse(s);
    }

    /**
     * Parses a signed note.
     *
     * @param note the signed note
     * @return the parsed value
     */
    public static SignedNote parse(String note) {
        checkChars("SignedNote", note);
        int sep = note.lastIndexOf("\n\n");
        if (sep < 0) {
            throw new MtcParseException("SignedNote", "no blank line between text and signatures");
        }
        String text = note.substring(0, sep + 1);
        String sigs = note.substring(sep + 2);
        if (sigs.isEmpty()) {
            throw new MtcParseException("SignedNote.signatures", "at least one signature line is required");
        }
        if (!sigs.endsWith("\n")) {
            throw new MtcParseException("SignedNote.signatures", "every signature line ends in a newline");
        }
        String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new MtcParseException("SignedNote.signatures", "more than " + MAX_SIGNATURES + " signatures");
        }
        List<NoteSignature> out = new ArrayList<>();
        for (String line : lines) {
            out.add(parseLine(line));
        }
        return new SignedNote(text, out);
    }

    private static NoteSignature parseLine(String line) {
        String field = "SignedNote.signature";
        if (!line.startsWith(EM_DASH + " ")) {
            throw new MtcParseException(field, "line must start with U+2014 and a space");
        }
        String rest = line.substring(2);
        int sp = rest.indexOf(' ');
        if (sp < 0) {
            throw new MtcParseException(field, "missing space between key name and signature");
        }
        String name = rest.substring(0, sp);
        String b64 = rest.substring(sp + 1);
        checkKeyName(field + ".keyName", name);
        byte[] payload = strictBase64(field, b64);
        if (payload.length < 5) {
            throw new MtcParseException(field, "must hold a 4-byte key ID and a non-empty signature");
        }
        int id = ByteBuffer.wrap(payload).getInt();
        return new NoteSignature(name, id, Arrays.copyOfRange(payload, 4, payload.length));
    }

    /** Standard base64 with padding; rejects anything that does not re-encode identically. */
    static byte[] strictBase64(String field, String b64) {
        byte[] out;
        try {
            out = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(field, "not standard base64", e);
        }
        if (!Base64.getEncoder().encodeToString(out).equals(b64)) {
            throw new MtcParseException(field, "not canonical standard base64");
        }
        return out;
    }

    /**
     * The note as text.
     *
     * @return the note as text
     */
    public String format() {
        StringBuilder b = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            b.append(s.line()).append('\n');
        }
        return b.toString();
    }

    /**
     * The note as UTF-8 bytes.
     *
     * @return the note as UTF-8 bytes
     */
    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The text as UTF-8 bytes (what Ed25519 note signatures sign).
     *
     * @return the text as UTF-8 bytes (what Ed25519 note signatures sign)
     */
    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs {@code text} with each signer, in order.
     *
     * @param text the note text, including its final newline
     * @param signers the signers
     * @return the {@code SignedNote}
     */
    public static SignedNote sign(String text, List<? extends NoteSigner> signers) {
        checkText("SignedNote.text", text);
        List<NoteSignature> sigs = new ArrayList<>();
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        for (NoteSigner s : signers) {
            sigs.add(new NoteSignature(s.name(), s.keyId(), s.sign(t)));
        }
        return new SignedNote(text, sigs);
    }

    /**
     * This note with one more signature by {@code signer} appended (e.g. a witness cosignature).
     *
     * @param signer the signer
     * @return this note with one more signature by {@code signer} appended (e.g
     */
    public SignedNote withSignature(NoteSigner signer) {
        List<NoteSignature> sigs = new ArrayList<>(signatures);
        sigs.add(new NoteSignature(signer.name(), signer.keyId(), signer.sign(textBytes())));
        return new SignedNote(text, sigs);
    }

    /**
     * Verifies the note against the known keys (signed-note §"Signatures"): signatures whose (name, key ID)
     * matches no known key are ignored; every signature from a known key must verify (otherwise the whole note
     * is rejected, as the spec recommends); at least one must verify.
     *
     * @return the signatures that verified, in note order
     * @throws NoteVerificationException if a known key's signature fails or none verifies
     * @param known the known values
     */
    public List<NoteSignature> verify(List<? extends NoteVerifier> known) {
        byte[] t = textBytes();
        List<NoteSignature> ok = new ArrayList<>();
        for (NoteSignature s : signatures) {
            for (NoteVerifier v : known) {
                if (v.name().equals(s.keyName()) && v.keyId() == s.keyId()) {
                    if (!v.verify(t, s.signature())) {
                        throw new NoteVerificationException("signature by " + s.keyName() + " (key ID "
                                + String.format("%08x", s.keyId()) + ") does not verify");
                    }
                    ok.add(s);
                    break;
                }
            }
        }
        if (ok.isEmpty()) {
            throw new NoteVerificationException("no signature from a known key");
        }
        return List.copyOf(ok);
    }

    static void checkKeyName(String field, String name) {
        Objects.requireNonNull(name, field);
        if (name.isEmpty()) {
            throw new MtcParseException(field, "key name must be non-empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
                throw new MtcParseException(field, "key name must not contain spaces or '+'");
            }
        }
    }

    static void checkText(String field, String text) {
        Objects.requireNonNull(text, field);
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new MtcParseException(field, "text must be non-empty and end in a newline");
        }
        checkChars(field, text);
    }

    private static void checkChars(String field, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new MtcParseException(field, "control character U+" + String.format("%04X", (int) c)
                        + " (only newline is allowed)");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new MtcParseException(field, "unpaired surrogate (not valid UTF-8)");
                }
            }
        }
    }

}
