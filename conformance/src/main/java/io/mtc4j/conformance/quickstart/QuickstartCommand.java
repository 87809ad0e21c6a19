package io.mtc4j.conformance.quickstart;

import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc quickstart [--dir DIR]}: the one-minute tour of the whole system (issue 11 §8, the README's first
 * command). See {@link Tour} for the steps. Exit status 0 only if every check passed; the last line is always
 * {@code dir: <PATH>}.
 */
public final class QuickstartCommand implements Command {
    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public QuickstartCommand() {}

    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String summary() {
        return "one-minute tour: run a CA on loopback, issue for a DNS name and an IP address, verify both certificates";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc quickstart [--dir DIR]",
                "",
                "Starts a Merkle Tree CA on 127.0.0.1 (embedded storage, 1 s checkpoints, a landmark every 2 s) in DIR",
                "(default: a new temporary directory), issues certificates for www.example.test and 192.0.2.1 through",
                "its intake API, verifies the standalone certificates as a relying party, waits for the landmark, builds",
                "the trusted subtrees from the live log (landmarks, cosigned checkpoint, consistency proofs), verifies",
                "the landmark-relative certificates, checks the log with fsck and prints the certificate sizes.",
                "DIR then holds ca.pem, trusted-subtrees.json, log/ and <name>.standalone.pem / <name>.landmark.pem",
                "(with <name>.key.pem, the subject's private key) for each name; try:",
                "  mtc verify --ca DIR/ca.pem --trusted-subtrees DIR/trusted-subtrees.json --host www.example.test \\",
                "      DIR/www.example.test.*.pem",
                "  mtc inspect DIR/www.example.test.landmark.pem        mtc log fsck DIR/log",
                "Exit status 0 only if every check passed; the last line is 'dir: <PATH>'.");
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--dir"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("quickstart takes no positional arguments, got " + a.positional());
        }
        Path dir;
        if (a.value("--dir").isPresent()) {
            dir = Path.of(a.value("--dir").get()).toAbsolutePath();
            if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
                throw new UsageException("--dir " + dir + " must be a new or empty directory");
            }
        } else {
            dir = Files.createTempDirectory("mtc-quickstart-").toAbsolutePath();
        }
        boolean ok = new Tour(dir, out, err).run();
        out.println("dir: " + dir);
        out.flush();
        return ok ? 0 : 1;
    }
}
