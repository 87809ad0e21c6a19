package io.mtc4j.ca;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The CA's signing keys, behind mtc-spec's {@link Signer} interface so that a key store or an HSM can stand in for
 * the files: the CA cosigner (ML-DSA-44; draft §"Certification Authority Cosigners": its cosigner ID is the CA ID)
 * and optionally an Ed25519 key that adds a plain signed-note signature to each checkpoint (tlog-tiles asks public
 * logs for one). Nothing here prints or logs key material; {@link #toString()} names the algorithms only.
 *
 * <p>On disk ({@link #load}): {@code DIR/keys/ca-cosigner.pk8} (PKCS#8, ML-DSA seed form) and optionally
 * {@code DIR/keys/log-ed25519.pk8} (PKCS#8, RFC 8410), each readable and writable by the owner only.
 *
 * @param caCosigner the CA cosigner's key; must be ML-DSA-44
 * @param logKey     the optional Ed25519 checkpoint key
 */
public record CaKeys(Signer caCosigner, Optional<Signer> logKey) {
    static final String DIR = "keys";
    static final String CA_COSIGNER_FILE = "ca-cosigner.pk8";
    static final String LOG_KEY_FILE = "log-ed25519.pk8";
    /** RFC 8410 §7: PrivateKeyInfo of an Ed25519 key is this prefix and the 32-byte seed. */
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * @throws IllegalArgumentException if the CA cosigner is not ML-DSA-44 or the log key is not Ed25519
     */
    public CaKeys {
        Objects.requireNonNull(caCosigner, "caCosigner");
        Objects.requireNonNull(logKey, "logKey");
        if (caCosigner.algorithm() != SignatureAlgorithm.MLDSA44) {
            throw new IllegalArgumentException("caCosigner: the CA cosigner signs with ML-DSA-44 (mtc-tlog"
                    + " §Cosigners), not " + caCosigner.algorithm());
        }
        if (logKey.isPresent() && logKey.get().algorithm() != SignatureAlgorithm.ED25519) {
            throw new IllegalArgumentException("logKey: must be Ed25519, not " + logKey.get().algorithm());
        }
    }

    /**
     * Generates fresh keys and writes them under {@code caDir/keys/} (owner-only, never overwriting).
     *
     * @param caDir      the CA directory
     * @param withLogKey whether to make the Ed25519 checkpoint key too
     * @param random     the randomness source
     * @return the keys written
     */
    static CaKeys generate(Path caDir, boolean withLogKey, SecureRandom random) {
        Path dir = caDir.resolve(DIR);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        byte[] pk8 = Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed);
        Durable.create(dir.resolve(CA_COSIGNER_FILE), pk8, true);
        Optional<Signer> logKey = Optional.empty();
        if (withLogKey) {
            random.nextBytes(seed);
            byte[] ed = Keys.ed25519SeedPkcs8(seed);
            Durable.create(dir.resolve(LOG_KEY_FILE), ed, true);
            logKey = Optional.of(Keys.signer(SignatureAlgorithm.ED25519, ed));
        }
        java.util.Arrays.fill(seed, (byte) 0);
        return new CaKeys(Keys.signer(SignatureAlgorithm.MLDSA44, pk8), logKey);
    }

    /**
     * Loads the key files of {@code caDir}, refusing a key file that its group or others may access.
     *
     * @param caDir the CA directory
     * @return the keys
     * @throws CaException naming the file and the rule
     */
    public static CaKeys load(Path caDir) {
        Path dir = caDir.resolve(DIR);
        Signer ca = read(dir.resolve(CA_COSIGNER_FILE), SignatureAlgorithm.MLDSA44);
        Path log = dir.resolve(LOG_KEY_FILE);
        Optional<Signer> logKey = Files.exists(log) ? Optional.of(read(log, SignatureAlgorithm.ED25519))
                : Optional.empty();
        return new CaKeys(ca, logKey);
    }

    private static Signer read(Path file, SignatureAlgorithm alg) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (GROUP_OR_OTHER.contains(p)) {
                    throw new CaException(file.toString(), "owner-only", "a private key file must be readable by its"
                            + " owner only (chmod 600), it is " + java.nio.file.attribute.PosixFilePermissions
                            .toString(perms));
                }
            }
            return Keys.signer(alg, Files.readAllBytes(file));
        } catch (UnsupportedOperationException e) {
            throw new CaException(file.toString(), "owner-only", "cannot check the key file's permissions");
        } catch (IOException e) {
            throw new CaException(file.toString(), "unreadable", "cannot read the key: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            if (e instanceof CaException c) {
                throw c;
            }
            throw new CaException(file.toString(), "bad-key", "not a PKCS#8 " + alg + " private key");
        }
    }

    /**
     * The signed-note verifier key of the CA's checkpoints (mtc-tlog "Cosigners": the CA cosigner's ML-DSA-44 key,
     * type 0x06, named {@code oid/1.3.6.1.4.1.<CA ID>}; it covers every issuance log of the CA): what a witness or
     * a mirror is given as {@code --log-key}.
     *
     * @param caId the CA ID
     * @return the vkey
     */
    public String caCosignerVkey(io.mtc4j.spec.tai.TrustAnchorId caId) {
        return io.mtc4j.spec.note.NoteVerifier.mlDsa44Cosignature(caId.tlogName(), caCosigner.verifier()).vkey()
                .orElseThrow();
    }

    @Override
    public String toString() {
        return "CaKeys[caCosigner=" + caCosigner.algorithm() + ", logKey=" + logKey.map(k -> "" + k.algorithm())
                .orElse("none") + "]";
    }

}
