package io.mtc4j.log.mirror;

import io.mtc4j.log.storage.KeyFiles;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The mirror's keys, in {@code DIR/keys/} (owner-only files, generated on first start, never overwritten): an
 * ML-DSA-44 key for {@code subtree/v1} cosignatures (tlog-cosignature type 0x06; what MTC certificates carry,
 * mtc-tlog §"Cosigners"), an Ed25519 key for {@code cosignature/v1} checkpoint cosignatures (type 0x04), both under
 * the mirror's name, and the secret that authenticates tickets (tlog-mirror: "The mirror MUST authenticate any
 * information it derives from a ticket"). {@code toString()} never shows key material.
 */
public final class MirrorKeys {
    static final String DIR = "keys";
    static final String MLDSA44_FILE = "mirror-mldsa44.pk8";
    static final String ED25519_FILE = "mirror-ed25519.pk8";
    static final String TICKET_FILE = "ticket-secret";

    private final String name;
    private final Signer mlDsa;
    private final NoteSigner mlDsaNote;
    private final NoteSigner ed25519Note;
    private final byte[] ticketSecret;

    private MirrorKeys(String name, Signer mlDsa, Signer ed25519, byte[] ticketSecret, LongSupplier clock) {
        this.name = name;
        this.mlDsa = mlDsa;
        this.mlDsaNote = NoteSigner.mlDsa44Cosigner(name, mlDsa, clock);
        this.ed25519Note = NoteSigner.ed25519Cosigner(name, ed25519, clock);
        this.ticketSecret = ticketSecret.clone();
    }

    /**
     * The keys in {@code dir/keys/}, generated there first if absent.
     *
     * @param dir    the mirror's directory
     * @param name   the cosigner name (for an MTC cosigner, {@code oid/1.3.6.1.4.1.<trust anchor ID>})
     * @param clock  POSIX seconds, the timestamp of checkpoint cosignatures
     * @param random the randomness source for new keys
     * @return the keys
     * @throws IOException if a key file cannot be read or written
     * @throws IllegalStateException if a key file is readable by others or is not a key of its type
     */
    public static MirrorKeys loadOrCreate(Path dir, String name, LongSupplier clock, SecureRandom random)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Path keys = dir.resolve(DIR);
        Files.createDirectories(keys);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        KeyFiles.createIfAbsent(keys.resolve(MLDSA44_FILE), Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed));
        random.nextBytes(seed);
        byte[] ed = Keys.ed25519SeedPkcs8(seed);
        KeyFiles.createIfAbsent(keys.resolve(ED25519_FILE), ed);
        random.nextBytes(seed);
        KeyFiles.createIfAbsent(keys.resolve(TICKET_FILE), seed);
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(ed, (byte) 0);
        byte[] secret = read(keys.resolve(TICKET_FILE));
        if (secret.length != 32) {
            throw new IllegalStateException(keys.resolve(TICKET_FILE) + ": must hold 32 bytes");
        }
        return new MirrorKeys(name, signer(keys.resolve(MLDSA44_FILE), SignatureAlgorithm.MLDSA44),
                signer(keys.resolve(ED25519_FILE), SignatureAlgorithm.ED25519), secret, clock);
    }

    /**
     * Keys held in memory only (tests).
     *
     * @param name    the cosigner name
     * @param mlDsa   the ML-DSA-44 key
     * @param ed25519 the Ed25519 key
     * @param secret  the 32-byte ticket secret
     * @param clock   POSIX seconds
     * @return the keys
     */
    public static MirrorKeys of(String name, Signer mlDsa, Signer ed25519, byte[] secret, LongSupplier clock) {
        if (mlDsa.algorithm() != SignatureAlgorithm.MLDSA44 || ed25519.algorithm() != SignatureAlgorithm.ED25519) {
            throw new IllegalArgumentException("the mirror's keys are ML-DSA-44 and Ed25519");
        }
        if (secret.length != 32) {
            throw new IllegalArgumentException("the ticket secret is 32 bytes");
        }
        return new MirrorKeys(name, mlDsa, ed25519, secret, clock);
    }

    private static Signer signer(Path file, SignatureAlgorithm alg) throws IOException {
        byte[] der = read(file);
        try {
            return Keys.signer(alg, der);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": not a PKCS#8 " + alg + " private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] read(Path file) throws IOException {
        Optional<String> wider = KeyFiles.widerThanOwnerOnly(file);
        if (wider.isPresent()) {
            throw new IllegalStateException(file + ": a key file must be readable by its owner only (chmod 600),"
                    + " it is " + wider.get());
        }
        return Files.readAllBytes(file);
    }

    /**
     * The cosigner name of both keys.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** The checkpoint cosigners: ML-DSA-44 subtree/v1 first, then Ed25519 cosignature/v1. */
    List<NoteSigner> checkpointSigners() {
        return List.of(mlDsaNote, ed25519Note);
    }

    /**
     * The mirror's note verifiers (what a client of the mirror trusts).
     *
     * @return the ML-DSA-44 and the Ed25519 cosignature verifiers
     */
    public List<NoteVerifier> verifiers() {
        return List.of(mlDsaNote.verifier(), ed25519Note.verifier());
    }

    /**
     * The verifier keys ({@code name+id+base64}) of {@link #verifiers()}.
     *
     * @return the vkeys
     */
    public List<String> vkeys() {
        return verifiers().stream().map(v -> v.vkey().orElseThrow()).toList();
    }

    /**
     * The MTC cosigner view of the ML-DSA-44 key, for a name of the form {@code oid/1.3.6.1.4.1.<TAI>}.
     *
     * @return the cosigner
     */
    public Cosigner cosigner() {
        return new Cosigner(io.mtc4j.spec.tai.TrustAnchorId.fromTlogName(name), mlDsa.verifier());
    }

    /**
     * draft §"Signature Format", tlog-cosignature: an ML-DSA-44 subtree/v1 signature with timestamp 0 over
     * {@code [start, end)} of {@code origin}, as a note signature line's payload after the key ID.
     */
    byte[] signSubtree(String origin, long start, long end, byte[] subtreeHash) {
        byte[] msg = io.mtc4j.spec.cosign.CosignedMessage.encodeTlog(name, 0, origin, start, end, subtreeHash);
        return new Cosignature(0, mlDsa.sign(msg)).encode();
    }

    /** The key ID of the ML-DSA-44 cosignature key. */
    int mlDsaKeyId() {
        return mlDsaNote.keyId();
    }

    byte[] ticketSecret() {
        return ticketSecret.clone();
    }

    @Override
    public String toString() {
        return "MirrorKeys[" + name + ", key material hidden]";
    }
}
