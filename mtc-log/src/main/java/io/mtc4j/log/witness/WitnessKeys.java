package io.mtc4j.log.witness;

import io.mtc4j.log.storage.KeyFiles;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The witness's name and its two private keys (tlog-cosignature §"Format"): an Ed25519 key for
 * {@code cosignature/v1} checkpoint cosignatures (type 0x04) and an ML-DSA-44 key for {@code subtree/v1}
 * cosignatures of checkpoints and subtrees (type 0x06; mtc-tlog §"Cosigners": a cosigner whose signatures go in
 * standalone certificates uses ML-DSA-44 and an {@code oid/} name). The two keys are distinct, so no key signs two
 * message formats (draft §"Cosigners", K3). {@code toString()} hides the keys.
 */
public final class WitnessKeys {
    /** The key files under the witness directory. */
    static final String KEY_DIR = "keys";
    static final String ED25519_FILE = "cosignature-v1.ed25519.pk8";
    static final String MLDSA44_FILE = "subtree-v1.mldsa44.pk8";

    private final String name;
    private final Signer ed25519;
    private final Signer mlDsa44;
    private final NoteVerifier ed25519Verifier;
    private final NoteVerifier mlDsa44Verifier;

    /**
     * The keys of the witness named {@code name}.
     *
     * @param name    the cosigner name (a schema-less URL or {@code oid/<OID>}; tlog-cosignature §"Format")
     * @param ed25519 the Ed25519 key
     * @param mlDsa44 the ML-DSA-44 key
     */
    public WitnessKeys(String name, Signer ed25519, Signer mlDsa44) {
        Objects.requireNonNull(name, "name");
        if (ed25519.algorithm() != SignatureAlgorithm.ED25519 || mlDsa44.algorithm() != SignatureAlgorithm.MLDSA44) {
            throw new IllegalArgumentException("the witness needs an Ed25519 and an ML-DSA-44 key");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("witness name: cosigner_name<1..2^8-1> allows at most 255 bytes");
        }
        this.name = name;
        this.ed25519 = ed25519;
        this.mlDsa44 = mlDsa44;
        this.ed25519Verifier = NoteVerifier.ed25519Cosignature(name, ed25519.verifier());
        this.mlDsa44Verifier = NoteVerifier.mlDsa44Cosignature(name, mlDsa44.verifier());
    }

    /**
     * Loads the keys of {@code dir}/keys, generating them (owner-only files, durably) on first use.
     *
     * @param dir    the witness directory
     * @param name   the witness name
     * @param random the randomness for new keys
     * @return the keys
     * @throws UncheckedIOException if the files cannot be read or written
     * @throws IllegalArgumentException naming a key file group or others may read, or one that is not a key
     */
    public static WitnessKeys loadOrCreate(Path dir, String name, SecureRandom random) {
        Path keys = dir.resolve(KEY_DIR);
        try {
            Files.createDirectories(keys);
            Signer ed = loadOrCreate(keys.resolve(ED25519_FILE), SignatureAlgorithm.ED25519, random);
            Signer ml = loadOrCreate(keys.resolve(MLDSA44_FILE), SignatureAlgorithm.MLDSA44, random);
            return new WitnessKeys(name, ed, ml);
        } catch (IOException e) {
            throw new UncheckedIOException("witness keys in " + keys + ": " + e.getMessage(), e);
        }
    }

    private static Signer loadOrCreate(Path file, SignatureAlgorithm alg, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] pk8 = alg == SignatureAlgorithm.ED25519 ? Keys.ed25519SeedPkcs8(seed) : Keys.mlDsaSeedPkcs8(alg, seed);
            Arrays.fill(seed, (byte) 0);
            KeyFiles.createIfAbsent(file, pk8);
            Arrays.fill(pk8, (byte) 0);
        }
        Optional<String> wider = KeyFiles.widerThanOwnerOnly(file);
        if (wider.isPresent()) {
            throw new IllegalArgumentException(file + ": a private key file must be readable by its owner only"
                    + " (chmod 600), it is " + wider.get());
        }
        try {
            return Keys.signer(alg, Files.readAllBytes(file));
        } catch (MtcException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a PKCS#8 " + alg + " private key", e);
        }
    }

    /**
     * The cosigner name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The checkpoint cosigners, each timestamping with {@code clock} (POSIX seconds): Ed25519 then ML-DSA-44.
     *
     * @param clock the clock
     * @return the two note signers
     */
    List<NoteSigner> checkpointCosigners(LongSupplier clock) {
        return List.of(NoteSigner.ed25519Cosigner(name, ed25519, clock), NoteSigner.mlDsa44Cosigner(name, mlDsa44,
                clock));
    }

    /**
     * The witness's own verifiers (tlog-witness §"sign-subtree": the reference checkpoint must carry one of them).
     *
     * @return the Ed25519 and ML-DSA-44 cosignature verifiers
     */
    public List<NoteVerifier> verifiers() {
        return List.of(ed25519Verifier, mlDsa44Verifier);
    }

    /**
     * The verifier keys to publish ({@code vkey: } lines of {@code mtc witness serve}).
     *
     * @return the Ed25519 (type 0x04) and ML-DSA-44 (type 0x06) vkeys
     */
    public List<String> vkeys() {
        List<String> out = new ArrayList<>();
        for (NoteVerifier v : verifiers()) {
            out.add(v.vkey().orElseThrow());
        }
        return out;
    }

    /**
     * tlog-cosignature §"ML-DSA-44 signed message": the signature line on subtree {@code [start, end)} of
     * {@code origin}, with timestamp 0 (tlog-witness §"sign-subtree": "the timestamp MUST be zero").
     *
     * @param origin the log origin
     * @param start  the subtree's start
     * @param end    the subtree's end
     * @param hash   the subtree hash
     * @return the signature line's content
     */
    NoteSignature signSubtree(String origin, long start, long end, byte[] hash) {
        byte[] message = CosignedMessage.encodeTlog(name, 0, origin, start, end, hash);
        return new NoteSignature(name, mlDsa44Verifier.keyId(), new Cosignature(0, mlDsa44.sign(message)).encode());
    }

    @Override
    public String toString() {
        return "WitnessKeys[" + name + ", key material hidden]";
    }
}
