package io.mtc4j.conformance.cacmd;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.DurationText;
import io.mtc4j.ca.bootstrap.BootstrapMode;
import io.mtc4j.ca.bootstrap.ChainValidator;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc ca init DIR [--ca-id OID] [--public-url URL] [--listen HOST:PORT] [--max-lifetime 7d]
 * [--checkpoint-interval 1s] [--landmark-interval 1h] [--storage URI] [--no-log-key]}: writes a CA instance.
 */
final class InitCommand {
    static final String USAGE = String.join("\n",
            "       mtc ca init DIR [--ca-id OID] [--public-url URL] [--listen HOST:PORT] [--max-lifetime 7d]",
            "                   [--checkpoint-interval 1s] [--landmark-interval 1h] [--storage URI] [--no-log-key]",
            "                   [--bootstrap-roots roots.pem]",
            "",
            "init     writes a CA instance into DIR (empty or absent): DIR/ca.json (the one configuration file),",
            "         DIR/keys/ (the ML-DSA-44 CA cosigner key and an Ed25519 checkpoint key, PKCS#8, owner-only;",
            "         --no-log-key omits the latter), DIR/ca.pem (the CA certificate: RFC 9925 unsigned, the MTC CA",
            "         extension, minSerial/maxSerial, the prefix URL) and DIR/state.json (current log 1).",
            "         --ca-id defaults to 32473.1 (the documentation PEN); --public-url to",
            "         http://127.0.0.1:8080/log (its path is where 'mtc ca serve' serves the logs); --storage to",
            "         DIR/log. --bootstrap-roots makes a bootstrap-mode CA: it copies the trusted roots (PEM) to",
            "         DIR/bootstrap-roots.pem, and the CA then only converts chains that validate to them (README",
            "         'Bootstrap from an existing CA'). Prints 'ca: DIR', 'ca-id: OID', 'ca.pem: PATH'",
            "         (and 'bootstrap-roots: PATH (N roots)').");

    private InitCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws java.io.IOException {
        Args a = Args.parse(argv, Set.of("--no-log-key"), Set.of("--ca-id", "--public-url", "--listen",
                "--max-lifetime", "--checkpoint-interval", "--landmark-interval", "--storage", "--bootstrap-roots"));
        if (a.positional().size() != 1) {
            throw new UsageException("init takes one DIR, got " + a.positional());
        }
        Path dir = Path.of(a.positional().get(0));
        CaConfig c;
        try {
            TrustAnchorId id = TrustAnchorId.parse(a.value("--ca-id").orElse("32473.1"));
            CaConfig d = CaConfig.defaults(id);
            c = new CaConfig(id, a.value("--public-url").orElse(d.publicUrl()), a.value("--listen").orElse(d.listen()),
                    duration(a, "--max-lifetime", d.maxLifetime()),
                    duration(a, "--checkpoint-interval", d.checkpointInterval()),
                    duration(a, "--landmark-interval", d.landmarkInterval()), a.value("--storage").orElse(d.storage()),
                    d.poolMaxRequests(), d.maxLogNumber());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] roots = null;
        try {
            if (a.value("--bootstrap-roots").isPresent()) {
                Path f = Path.of(a.value("--bootstrap-roots").get());
                roots = Files.readAllBytes(f);
                ChainValidator.of(ChainValidator.readCertificates(roots, f.toString())); // before anything is written
            }
            CertificationAuthority.init(dir, c, !a.flag("--no-log-key"), new SecureRandom(), Instant.now());
        } catch (CaException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("--bootstrap-roots: no such file " + e.getFile());
        }
        int rootCount = roots == null ? 0 : BootstrapMode.init(dir, roots);
        out.println("ca: " + dir);
        out.println("ca-id: " + c.caId());
        out.println("ca.pem: " + dir.resolve(CertificationAuthority.CA_PEM));
        if (roots != null) {
            out.println("bootstrap-roots: " + dir.resolve(BootstrapMode.ROOTS_FILE) + " (" + rootCount + " roots)");
        }
        return 0;
    }

    private static Duration duration(Args a, String flag, Duration dflt) {
        try {
            return a.value(flag).map(DurationText::parse).orElse(dflt);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }
}
