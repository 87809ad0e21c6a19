package io.mtc4j.conformance.acmecmd;

import io.mtc4j.conformance.cli.CommandGroup;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.ca.DurationText;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code mtc acme certonly}: an ACME (RFC 8555) client for Merkle Tree Certificates (issue 12). */
public final class AcmeCommand extends CommandGroup {
    static final String USAGE = String.join("\n",
            "usage: mtc acme certonly --server URL (--name N | --ip A)... --http-01-port P --out DIR",
            "                         [--alternate-wait DURATION]",
            "  Obtains one certificate for every --name (DNS) and --ip (IPv4/IPv6, RFC 8738) from the ACME server",
            "  whose directory URL is --server (mtc ca serve prints it as 'acme: <URL>'): account, order, http-01",
            "  challenges answered on 127.0.0.1:P, finalize with a CSR for a new P-256 key, then the standalone",
            "  certificate as application/pem-certificate-chain-with-properties (its trust anchor ID in a CERTIFICATE",
            "  PROPERTIES block). Writes DIR/<name>.key.pem (owner-only), DIR/<name>.standalone.pem and, once the",
            "  acme-optional-alternate is ready, DIR/<name>.landmark.pem; DIR/acme-account/key.pem is the account",
            "  key, reused by later runs. The landmark-relative certificate is fetched after the standalone files are",
            "  written, once, or until --alternate-wait (e.g. 30s; default 0s) runs out; if pending, the line",
            "  'landmark: pending ...' gives its URL. Exit status 0 once the standalone certificate is written.");

    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public AcmeCommand() {
        super("acme",
                "ACME client: obtain a Merkle Tree Certificate (certonly) from an ACME server such as mtc ca serve",
                USAGE, Map.of("certonly", AcmeCommand::certonly));
    }

    static int certonly(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--server", "--name", "--ip", "--http-01-port", "--out",
                "--alternate-wait"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("certonly takes no positional arguments, got " + a.positional());
        }
        URI server = URI.create(a.value("--server").orElseThrow(() -> new UsageException("--server URL is required")));
        List<Certonly.Identifier> ids = new ArrayList<>();
        a.values("--name").forEach(n -> ids.add(new Certonly.Identifier("dns", n)));
        a.values("--ip").forEach(n -> ids.add(new Certonly.Identifier("ip", n)));
        if (ids.isEmpty()) {
            throw new UsageException("at least one --name or --ip is required");
        }
        String portText = a.value("--http-01-port").orElseThrow(() -> new UsageException("--http-01-port P is"
                + " required"));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--http-01-port must be 1..65535, got '" + portText + "'");
        }
        Path outDir = Path.of(a.value("--out").orElseThrow(() -> new UsageException("--out DIR is required")));
        Duration wait = a.value("--alternate-wait").map(AcmeCommand::duration).orElse(Duration.ZERO);
        try {
            new Certonly(server, ids, port, outDir, out).run(wait);
            return 0;
        } catch (AcmeClient.AcmeException | java.io.IOException e) {
            err.println("mtc acme certonly: " + e.getMessage());
            return 1;
        }
    }

    private static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (RuntimeException e) {
            throw new UsageException("--alternate-wait: " + e.getMessage());
        }
    }
}
