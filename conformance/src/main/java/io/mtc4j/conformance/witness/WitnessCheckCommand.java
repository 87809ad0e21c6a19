package io.mtc4j.conformance.witness;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.note.Vkey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code mtc conformance witness}: the black-box checks of {@link WitnessChecker}. */
public final class WitnessCheckCommand {
    /** The usage lines for {@code mtc conformance --help}. */
    public static final String USAGE = String.join("\n",
            "witness  --url U --key VKEY... [--origin O] [--json] [--report DIR] [--timeout-ms N]",
            "         --print-log-keys [--origin O]",
            "         checks a C2SP tlog-witness at prefix URL U as a log would, and attacks it: split views, a",
            "         rollback, bad and oversized consistency proofs, wrong old sizes, an unknown origin, a wrong log",
            "         key, 64 proof lines, a size-0 checkpoint without the empty hash, subtrees outside the",
            "         checkpoint, simultaneous first checkpoints. --key: the witness's verifier keys (Ed25519",
            "         cosignature/v1, type 0x04; ML-DSA-44 subtree/v1, type 0x06). The witness must trust the",
            "         simulated log's keys, printed by --print-log-keys (origin O and O/race; default O",
            "         " + WitnessChecker.DEFAULT_ORIGIN + "); a fresh O runs every check, a used one skips those",
            "         needing a fresh record. One line per check ('PASS|FAIL|WARN|SKIP <check>: <detail> [<spec ref>",
            "         (MUST ids)]'), then 'witness: P pass, F fail, W warn, S skip'; --json prints JSON instead;",
            "         --report writes witness-report.json and witness-report.html. Exit 0 when no check failed.");

    private WitnessCheckCommand() {}

    /**
     * Runs {@code mtc conformance witness ARGS}.
     *
     * @param argv the arguments
     * @param out  standard output
     * @param err  standard error (progress)
     * @return the exit status
     * @throws IOException if the report cannot be written
     */
    public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, Set.of("--json", "--print-log-keys"), Set.of("--url", "--key", "--origin",
                "--report", "--timeout-ms"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        String origin = a.value("--origin").orElse(WitnessChecker.DEFAULT_ORIGIN);
        if (origin.isEmpty() || origin.contains(" ") || origin.contains("+") || origin.contains("\n")) {
            throw new UsageException("--origin must be a note key name: non-empty, no spaces or '+'");
        }
        if (a.flag("--print-log-keys")) {
            WitnessChecker.logKeys(origin).forEach(out::println);
            return 0;
        }
        URI url;
        try {
            url = URI.create(a.value("--url").orElseThrow(() -> new UsageException("--url (the witness prefix URL)"
                    + " is required")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: " + e.getMessage());
        }
        List<String> keys = a.values("--key");
        if (keys.isEmpty()) {
            throw new UsageException("--key VKEY (the witness's verifier key) is required");
        }
        for (String k : keys) {
            try {
                Vkey.parse(k).verifier();
            } catch (MtcException e) {
                throw new UsageException("--key " + k + ": " + e.getMessage());
            }
        }
        long timeout;
        try {
            timeout = Long.parseLong(a.value("--timeout-ms").orElse("30000"));
        } catch (NumberFormatException e) {
            timeout = -1;
        }
        if (timeout <= 0) {
            throw new UsageException("--timeout-ms needs a positive integer");
        }
        WitnessReport report = WitnessChecker.check(new WitnessChecker.Options(url, keys, origin,
                Duration.ofMillis(timeout)), a.flag("--json") ? err : out);
        if (a.flag("--json")) {
            out.print(report.toJsonText());
        } else {
            out.println(report.summary());
        }
        if (a.value("--report").isPresent()) {
            Path dir = Path.of(a.value("--report").get());
            report.write(dir);
            if (!a.flag("--json")) {
                out.println("report: " + dir.resolve("witness-report.html"));
            }
        }
        return report.passed() ? 0 : 1;
    }
}
