package io.mtc4j.conformance.log;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc conformance log}: the HTTP black-box checks of {@link LogChecker}, dispatched from
 * {@code ConformanceCommand}.
 */
public final class LogCheckCommand {
    /** The usage lines for {@code mtc conformance --help}. */
    public static final String USAGE = String.join("\n",
            "log      --url U --ca ca.pem [--log N] [--json] [--report DIR] [--demo-compat] [--max-entries N]",
            "         [--max-active-landmarks N] [--previous CHECKPOINT] [--profile P] [--timeout-ms N]",
            "         checks an MTC issuance log served per C2SP tlog-tiles/mtc-tlog at <U>/<N> (U: the CA prefix",
            "         URL; N: the log number, default 1): checkpoint origin and CA cosignature (key from --ca),",
            "         hash tiles against the checkpoint root, entry bundles against the level-0 tiles, and",
            "         <U>/<N>/landmarks. Only GETs under U are sent. One line per check",
            "         ('PASS|FAIL|WARN|SKIP <check>: <detail> [<spec ref>]'), then 'log: P pass, F fail, W warn,",
            "         S skip'; --json prints JSON instead; --report writes log-report.json and log-report.md.",
            "         --demo-compat accepts the draft authors' generator's checkpoint signature (no timestamp) and",
            "         says so. --previous: an earlier checkpoint file of this log, checked to be consistent with",
            "         the current tree. Progress goes to stderr. Exit 0 when no check failed, 1 otherwise.");

    private LogCheckCommand() {}

    /** Runs {@code mtc conformance log ARGS}. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, Set.of("--json", "--demo-compat"), Set.of("--url", "--ca", "--log", "--report",
                "--max-entries", "--max-active-landmarks", "--profile", "--timeout-ms", "--previous"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        String url = a.value("--url").orElseThrow(() -> new UsageException("--url (the CA prefix URL) is required"));
        String caFile = a.value("--ca").orElseThrow(() -> new UsageException("--ca (the CA certificate) is required"));
        Profile profile;
        try {
            profile = Profile.fromName(a.value("--profile").orElse(Profile.current().wireName()));
        } catch (MtcParseException e) {
            throw new UsageException(e.getMessage());
        }
        LogChecker.Options o = new LogChecker.Options(url, 1, profile, a.flag("--demo-compat"),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                Duration.ofMillis(number(a, "--timeout-ms", 30_000)), java.util.Optional.empty());
        try {
            long log = number(a, "--log", 1);
            if (log < 1 || log > 0xffff) {
                throw new UsageException("--log must be 1..65535 (draft §\"Issuance Logs\"), not " + log);
            }
            o = o.withLogNumber((int) log);
            if (a.value("--max-entries").isPresent()) {
                o = o.withMaxEntries(number(a, "--max-entries", 0));
            }
            if (a.value("--max-active-landmarks").isPresent()) {
                o = o.withMaxActiveLandmarks(number(a, "--max-active-landmarks", 0));
            }
            LogChecker.normalizePrefix(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] ca = readFile("--ca", caFile);
        if (a.value("--previous").isPresent()) {
            o = o.withPreviousCheckpoint(new String(readFile("--previous", a.value("--previous").get()),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        LogReport report = LogChecker.check(ca, o, err);
        if (a.flag("--json")) {
            out.print(report.toJsonText());
        } else {
            report.printText(out);
        }
        if (a.value("--report").isPresent()) {
            Path dir = Path.of(a.value("--report").get());
            report.write(dir);
            if (!a.flag("--json")) {
                out.println("report: " + dir.resolve("log-report.md"));
            }
        }
        return report.passed() ? 0 : 1;
    }

    private static byte[] readFile(String option, String file) throws IOException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException(option + ": no such file " + file);
        }
    }

    private static long number(Args a, String name, long dflt) {
        String v = a.value(name).orElse(null);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || (name.equals("--timeout-ms") && n == 0)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a " + (name.equals("--timeout-ms") ? "positive" : "non-negative")
                    + " integer, not '" + v + "'");
        }
    }
}
