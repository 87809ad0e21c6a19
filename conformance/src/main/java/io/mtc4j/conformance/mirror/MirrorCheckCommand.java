package io.mtc4j.conformance.mirror;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code mtc conformance mirror}: the black-box checks of {@link MirrorChecker}, dispatched from ConformanceCommand. */
public final class MirrorCheckCommand {
    /** The CA ID of the checker's log key unless --ca-id says otherwise (RFC 5612's example enterprise number). */
    static final String DEFAULT_CA_ID = "32473.99";

    /** The usage lines for {@code mtc conformance --help}. */
    public static final String USAGE = String.join("\n",
            "mirror   --url U --key VKEY... [--log-number N] [--ca-id ID] [--seed S] [--json] [--report DIR]",
            "         [--timeout-ms N] | --print-log-key [--ca-id ID] [--seed S]",
            "         checks a C2SP tlog-mirror at prefix U as a black box, playing a log of its own: add-checkpoint",
            "         (unknown origin, wrong log key, bad signature, empty hash, wrong old size, old > size, 64 proof",
            "         lines, bad proof, split view, rollback), add-entries (no pending checkpoint, unknown upload_end,",
            "         start beyond the next entry, forged ticket, nothing authenticated, package with a bad proof,",
            "         misaligned package, 64 proof hashes, gzip, 202 partial, truncated package, 200 cosignatures),",
            "         the served copy (tiles, log signature kept, mirror cosignature) and sign-subtree (valid,",
            "         outside the checkpoint, not a subtree, bad proof, not mirror-signed, unknown origin). The mirror",
            "         must trust the checker's log key (print it with --print-log-key: an ML-DSA-44 MTC CA cosigner",
            "         key for the logs oid/1.3.6.1.4.1.<ID>.0.<N>); each run uses a fresh log number N (random",
            "         unless --log-number). --key: the mirror's verifier keys. One line per check ('PASS|FAIL <check>:",
            "         <detail> [<spec ref>; <MUST ids>]'), then 'mirror: P pass, F fail, W warn, S skip'; --json",
            "         prints JSON; --report writes mirror-report.json and mirror-report.html. Exit 0 when no check",
            "         failed, 1 otherwise.");

    private MirrorCheckCommand() {}

    /**
     * Runs {@code mtc conformance mirror ARGS}.
     *
     * @param argv the arguments
     * @param out  standard output
     * @param err  standard error (progress)
     * @return the exit status
     * @throws IOException if the report cannot be written
     */
    public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, Set.of("--json", "--print-log-key"), Set.of("--url", "--key", "--log-number",
                "--ca-id", "--seed", "--report", "--timeout-ms"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        String caId = a.value("--ca-id").orElse(DEFAULT_CA_ID);
        try {
            TrustAnchorId.parse(caId);
        } catch (MtcException e) {
            throw new UsageException("--ca-id: " + e.getMessage());
        }
        long seed = number(a, "--seed", 1);
        if (a.flag("--print-log-key")) {
            out.println("log-key: " + MirrorChecker.logKey(caId, seed));
            return 0;
        }
        String url = a.value("--url").orElseThrow(() -> new UsageException("--url (the mirror's prefix URL) is"
                + " required"));
        List<NoteVerifier> keys = new ArrayList<>();
        for (String k : a.values("--key")) {
            try {
                keys.add(NoteVerifier.fromVkey(k));
            } catch (MtcException e) {
                throw new UsageException("--key '" + k + "': " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new UsageException("--key VKEY (the mirror's verifier key) is required");
        }
        long logNumber = a.value("--log-number").isPresent() ? number(a, "--log-number", 1)
                : 1 + new SecureRandom().nextInt(0xffff);
        if (logNumber < 1 || logNumber > 0xffff) {
            throw new UsageException("--log-number must be 1..65535");
        }
        MirrorReport report = MirrorChecker.check(new MirrorChecker.Options(url.endsWith("/")
                ? url.substring(0, url.length() - 1) : url, keys, caId, seed, (int) logNumber,
                Duration.ofMillis(number(a, "--timeout-ms", 30_000))), a.flag("--json") ? err : new PrintStream(
                        java.io.OutputStream.nullOutputStream()));
        if (a.flag("--json")) {
            out.print(report.toJsonText());
        } else {
            report.printText(out);
        }
        if (a.value("--report").isPresent()) {
            report.write(Path.of(a.value("--report").get()));
        }
        return report.passed() ? 0 : 1;
    }

    private static long number(Args a, String flag, long dflt) {
        String v = a.value(flag).orElse(null);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, not '" + v + "'");
        }
    }
}
