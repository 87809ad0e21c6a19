package io.mtc4j.conformance.bootstrapcmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.bootstrap.BootstrapCheck;
import io.mtc4j.ca.bootstrap.ChainValidator;
import io.mtc4j.conformance.cli.CommandGroup;
import io.mtc4j.conformance.rpcmd.TrustedSubtreesOut;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.LandmarkUpdateException;
import io.mtc4j.rp.subtrees.LandmarkUpdater;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc bootstrap check --log URL --ca ca.pem --roots roots.pem [--from N] [--json] [--out FILE]}: the landmark
 * distributor's agreement check of a bootstrap-mode CA's issuance log (issue 16). One round:
 * <ol>
 *   <li>mtc-relying-party's {@link LandmarkUpdater} fetches and validates the landmarks and the cosigned checkpoint
 *       (consistent with the state trusted before);</li>
 *   <li>{@link BootstrapCheck} reads, through mtc-log's client, every entry from where the last round stopped up
 *       to that checkpoint, with its bootstrap element and issuers, re-validates the chain to {@code --roots} and
 *       re-applies the conversion rules;</li>
 *   <li>if every entry agrees, the round's validated trusted subtrees are written to {@code --out} (the file of
 *       {@code mtc verify --trusted-subtrees} and the landmark updater): the push to relying parties. Otherwise
 *       each finding is printed and nothing new is written; exit 1.</li>
 * </ol>
 * Incremental: {@code FILE.bootstrap-check} remembers the first index not yet agreed; {@code --from} overrides it.
 */
public final class BootstrapCommand extends CommandGroup {
    static final String USAGE = String.join("\n",
            "usage: mtc bootstrap check --log URL --ca ca.pem --roots roots.pem [--from N] [--json]",
            "                           [--out trusted-subtrees.json] [--profile NAME]",
            "",
            "check    the distributor's agreement check of a bootstrap-mode CA's log (README 'Bootstrap from an",
            "         existing CA'). --log is the log's URL (the CA's prefix URL and the log number, e.g.",
            "         http://127.0.0.1:8080/log/1). Re-validates every entry's bootstrap chain to --roots and",
            "         re-applies the conversion rules; prints 'finding: entry N: FIELD [RULE]: bootstrap X | log Y' for",
            "         each disagreement. Only when every entry up to the cosigned checkpoint agrees does it write the",
            "         landmarks' validated trusted subtrees to --out (default trusted-subtrees.json) and print",
            "         'agreed: ...' and 'trusted-subtrees: FILE'; otherwise 'withheld: ...' and exit 1. Remembers",
            "         where it stopped in FILE.bootstrap-check (--from N starts at entry N). Progress on stderr.");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public BootstrapCommand() {
        super("bootstrap", "check that a bootstrap-mode CA's log agrees with its bootstrap certificates (check)",
                USAGE, Map.of("check", BootstrapCommand::check));
    }

    static int check(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, Set.of("--json"), Set.of("--log", "--ca", "--roots", "--from", "--out",
                "--profile"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("check takes no positional arguments, got " + a.positional());
        }
        String url = HttpLogTransport.normalize(a.value("--log").orElseThrow(() -> new UsageException(
                "missing --log URL")));
        int log = logNumber(url);
        Path caFile = Path.of(a.value("--ca").orElseThrow(() -> new UsageException("missing --ca ca.pem")));
        Path rootsFile = Path.of(a.value("--roots").orElseThrow(() -> new UsageException("missing --roots FILE")));
        Path outFile = Path.of(a.value("--out").orElse("trusted-subtrees.json"));
        Path stateFile = Path.of(outFile + ".bootstrap-check");
        Profile profile = a.value("--profile").map(Profile::fromName).orElse(Profile.current());
        boolean json = a.flag("--json");
        CaConfig ca;
        ChainValidator roots;
        try {
            ca = CaCertificates.read(caFile, profile);
            roots = ChainValidator.of(ChainValidator.readCertificates(Files.readAllBytes(rootsFile),
                    rootsFile.toString()));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file " + e.getFile());
        } catch (CaException e) {
            throw new UsageException(e.getMessage());
        }
        LogTransport transport = HttpLogTransport.of(url);

        TrustedSubtreesOut states = TrustedSubtreesOut.read(outFile);
        Optional<LandmarkState> previous = states.state(ca.caId(), log);
        LandmarkState next;
        try {
            next = LandmarkUpdater.of(ca, log, transport).updateOnce(previous);
        } catch (LandmarkUpdateException e) {
            err.println("refused: " + e.reason().label() + ": " + e.getMessage());
            return 2;
        }
        long to = next.checkpoint().size();
        long from = a.value("--from").map(BootstrapCommand::index).orElseGet(() -> readState(stateFile));
        if (from > to) {
            throw new UsageException("--from " + from + " is beyond the checkpoint's size " + to);
        }
        BootstrapCheck.Outcome o;
        try {
            LogClient client = client(ca, log, transport);
            Progress p = new Progress(err, from, to);
            o = new BootstrapCheck(roots, ca.caId(), profile).check(client, transport, from, to, p::entry);
            p.done();
        } catch (LogClientException e) {
            err.println("error: reading the log: " + e.getMessage());
            return 2;
        }
        boolean agreed = o.agrees();
        writeState(stateFile, o.firstDisagreement());
        if (agreed) {
            states.replace(next);
        }
        List<Long> landmarks = next.window().landmarks();
        String range = landmarks.isEmpty() ? "none" : landmarks.get(0) + ".." + landmarks.get(landmarks.size() - 1);
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("log", url).put("from", from).put("to", to).put("agreed", agreed)
                    .put("firstDisagreement", o.firstDisagreement());
            ArrayNode fs = n.putArray("findings");
            for (BootstrapCheck.Finding f : o.findings()) {
                fs.addObject().put("entry", f.index()).put("field", f.field()).put("rule", f.rule())
                        .put("bootstrap", f.bootstrap()).put("log", f.log());
            }
            ArrayNode ls = n.putArray("landmarks");
            landmarks.forEach(ls::add);
            n.put("emitted", agreed);
            if (agreed) {
                n.put("trustedSubtrees", outFile.toString());
            }
            out.println(JSON.writeValueAsString(n));
        } else {
            for (BootstrapCheck.Finding f : o.findings()) {
                out.println("finding: " + f.text());
            }
            if (agreed) {
                out.println("agreed: entries [" + from + ", " + to + ") of " + url + ", landmarks " + range);
                out.println("trusted-subtrees: " + outFile);
            } else {
                out.println("withheld: landmarks " + range + " (" + o.findings().size() + " findings; first"
                        + " disagreement at entry " + o.firstDisagreement() + ")");
            }
        }
        return agreed ? 0 : 1;
    }

    /** mtc-tlog: the log URL ends with its log number. */
    static int logNumber(String url) {
        String last = url.substring(url.lastIndexOf('/') + 1);
        if (!last.matches("[1-9][0-9]{0,4}") || Integer.parseInt(last) > 0xffff) {
            throw new UsageException("--log: the URL must end with the log number (1..65535), e.g."
                    + " http://127.0.0.1:8080/log/1; got " + url);
        }
        return Integer.parseInt(last);
    }

    private static long index(String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--from: not an entry index: " + s);
        }
    }

    /** The state file: the first entry index not yet agreed, as one decimal line. */
    static long readState(Path f) {
        try {
            String s = Files.readString(f, StandardCharsets.US_ASCII).strip();
            if (!s.matches("0|[1-9][0-9]{0,18}")) {
                throw new UsageException(f + ": not an entry index: " + s);
            }
            return Long.parseLong(s);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeState(Path f, long next) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, next + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A log client verifying checkpoints with the CA's ML-DSA-44 cosigner keys (mtc-tlog §"Cosigners"). */
    private static LogClient client(CaConfig ca, int log, LogTransport transport) {
        List<NoteVerifier> keys = new ArrayList<>();
        for (Cosigner c : ca.cosigners().values()) {
            if (c.verifier().algorithm() == SignatureAlgorithm.MLDSA44) {
                keys.add(NoteVerifier.mlDsa44Cosignature(c.id().tlogName(), c.verifier()));
            }
        }
        LogClient client = LogClient.builder(transport).verifiers(keys).origin(ca.caId().logId(log).tlogName())
                .build();
        client.update();
        return client;
    }

    /** Progress on stderr, at most every two seconds. */
    private static final class Progress {
        private final PrintStream err;
        private final long from;
        private final long to;
        private final long start = System.nanoTime();
        private long last = System.nanoTime();
        private long done;

        Progress(PrintStream err, long from, long to) {
            this.err = err;
            this.from = from;
            this.to = to;
            err.println("checking: entries [" + from + ", " + to + ")");
        }

        void entry(long index) {
            done = index + 1 - from;
            long now = System.nanoTime();
            if (now - last >= 2_000_000_000L) {
                last = now;
                report(now);
            }
        }

        void done() {
            report(System.nanoTime());
        }

        private void report(long now) {
            double s = Math.max(1e-9, (now - start) / 1e9);
            err.printf("progress: %d/%d entries checked (%.0f/s)%n", done, to - from, done / s);
        }
    }
}
