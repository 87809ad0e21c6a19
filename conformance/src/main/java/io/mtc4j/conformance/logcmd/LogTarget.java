package io.mtc4j.conformance.logcmd;

import io.mtc4j.log.client.HttpLogObjects;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Verifier;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Where {@code mtc log fsck|tail} read a log: a log directory ({@code DIR/checkpoint}) or the URL under which
 * {@code checkpoint} is served; with {@code --log N}, DIR or URL is the CA's prefix and the log is {@code <it>/N}
 * (mtc-tlog §"Serving Issuance Logs"). Both are read through mtc-log's client transports (bounded, retried).
 *
 * @param where     the log's directory or URL, for messages
 * @param objects   the log's objects (for fsck)
 * @param transport the same log as a client transport (for the log client)
 * @param logNumber the log number, if {@code --log} was given
 */
record LogTarget(String where, LogObjects objects, LogTransport transport, OptionalInt logNumber) {
    /** Resolves the positional DIR or URL and {@code --log}. */
    static LogTarget resolve(String arg, Args a, Duration timeout) {
        OptionalInt log = OptionalInt.empty();
        if (a.value("--log").isPresent()) {
            String v = a.value("--log").get();
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 0xffff || !Integer.toString(n).equals(v)) {
                throw new UsageException("--log must be a log number 1..65535 (draft §\"Issuance Logs\"), not '" + v + "'");
            }
            log = OptionalInt.of(n);
        }
        return resolve(arg, log, timeout);
    }

    /** As {@link #resolve(String, Args, Duration)} with the log number given: {@code arg} is then the CA prefix. */
    static LogTarget resolve(String arg, OptionalInt log, Duration timeout) {
        String suffix = log.isPresent() ? "/" + log.getAsInt() : "";
        if (arg.startsWith("http://") || arg.startsWith("https://")) {
            HttpLogTransport t;
            try {
                String prefix = HttpLogTransport.normalize(arg) + suffix;
                t = HttpLogTransport.builder(prefix).connectTimeout(timeout).requestTimeout(timeout).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return new LogTarget(t.prefix(), new HttpLogObjects(t), t, log);
        }
        Path dir = Path.of(arg + suffix);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no such log directory " + dir + " (give DIR or an http(s) URL)");
        }
        DirectoryLogObjects o = new DirectoryLogObjects(dir);
        return new LogTarget(dir.toString(), o, LogTransport.of(o, dir.toString()), log);
    }

    /** The positional DIR or URL, exactly one. */
    static String positional(Args a, String what) {
        if (a.positional().size() != 1) {
            throw new UsageException(a.positional().isEmpty() ? "missing " + what
                    : "unexpected argument '" + a.positional().get(1) + "'");
        }
        return a.positional().get(0);
    }

    /** {@code --profile}, default the current draft profile. */
    static Profile profile(Args a) {
        try {
            return Profile.fromName(a.value("--profile").orElse(Profile.current().wireName()));
        } catch (MtcParseException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The CA of a {@code --ca} certificate: its ID and its cosigner's checkpoint key. */
    record Ca(TrustAnchorId id, NoteVerifier cosigner) {
        /** The origin of log {@code n} of this CA (mtc-tlog: the log ID as a tlog name). */
        String origin(int n) {
            return id.logId(n).tlogName();
        }
    }

    /**
     * Reads the CA certificate (PEM or DER): the CA cosigner's key and name give the checkpoint verifier
     * (mtc-tlog §"Cosigners": ML-DSA-44 {@code subtree/v1} under {@code oid/1.3.6.1.4.1.<CA ID>}); with
     * {@code demoCompat}, the demo generator's untimestamped signature instead.
     */
    static Ca ca(String file, Profile profile, boolean demoCompat) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("--ca: no such file " + file);
        }
        CaConfig config;
        try {
            config = CaCertificates.fromCaCertificate(CaCertificate.parse(profile, CaCertificates.certificateBytes(bytes)));
        } catch (MtcException | IllegalArgumentException e) {
            throw new UsageException("--ca " + file + ": not a usable MTC CA certificate: " + e.getMessage());
        }
        Verifier key = config.caCosigner().verifier();
        if (demoCompat) {
            // the draft authors' generator: no cosignature timestamp (MTC-NOTES §8 item 6); see NoteVerifier
            return new Ca(config.caId(), NoteVerifier.demoGeneratorCompat(profile, config.caId().tlogName(), key));
        }
        if (key.algorithm() != SignatureAlgorithm.MLDSA44) {
            throw new UsageException("--ca " + file + ": the CA cosigner key is " + key.algorithm().wireName()
                    + "; mtc-tlog requires ML-DSA-44 checkpoint cosignatures");
        }
        return new Ca(config.caId(), NoteVerifier.mlDsa44Cosignature(config.caId().tlogName(), key));
    }

    /** The checkpoint verifiers of an optional CA. */
    static List<NoteVerifier> verifiers(java.util.Optional<Ca> ca) {
        return ca.map(c -> List.of(c.cosigner())).orElse(List.of());
    }
}
