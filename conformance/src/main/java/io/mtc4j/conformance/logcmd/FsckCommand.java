package io.mtc4j.conformance.logcmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mtc4j.log.fsck.Finding;
import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code mtc log fsck DIR | URL [--log N] [--ca ca.pem] [--profile P] [--json] [--progress]}: checks a whole log
 * with mtc-log's {@link LogFsck} (tiles against bundles against the checkpoint, every entry parsed, the landmarks,
 * and with {@code --ca} the CA cosigner's checkpoint signature and the log's origin), reading a directory or,
 * through the log client's HTTP transport, a served log.
 */
final class FsckCommand {
    static final List<String> USAGE = List.of(
            "fsck DIR | URL [--log N] [--ca ca.pem [--demo-compat]] [--profile P] [--json] [--progress]",
            "         checks a whole issuance log: every entry bundle and entry (parsed as an MTCLogEntry), every",
            "         hash tile recomputed from the entries, the root against the checkpoint, the landmarks; with",
            "         --ca the CA cosigner's checkpoint signature (key from the CA certificate) and, with --log, the",
            "         origin. DIR/URL is the log (where 'checkpoint' is); with --log N it is the CA prefix and the",
            "         log is DIR/N or URL/N. A local DIR without a checkpoint whose subdirectories 1, 2, ... hold logs",
            "         (a CA's log/ directory) is checked log by log, as with --log N each.",
            "         One line per finding ('<KIND> <object>: <message>'), then 'fsck: ...' per log.",
            "         Progress on stderr (a bar on a terminal or with --progress). Exit 0 clean, 1 on findings.",
            "         --demo-compat: accept the demo generator's untimestamped checkpoint signature instead;",
            "         --timeout-ms N: the connect and per-request deadline (default 30000).");

    private FsckCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("--json", "--progress", "--demo-compat"), Set.of("--ca", "--log", "--profile",
                "--timeout-ms"));
        String arg = LogTarget.positional(a, "DIR or URL");
        Profile profile = LogTarget.profile(a);
        Optional<LogTarget.Ca> ca = a.value("--ca").isPresent()
                ? Optional.of(LogTarget.ca(a.value("--ca").get(), profile, a.flag("--demo-compat"))) : Optional.empty();
        List<Integer> logs = a.value("--log").isEmpty() ? caPrefixLogs(arg) : List.of();
        if (logs.isEmpty()) {
            return check(LogTarget.resolve(arg, a, TailCommand.timeout(a)), ca, profile, a, out, err) ? 0 : 1;
        }
        // a CA's log directory (mtc-tlog: log N at <prefix>/N): every log in it, as with --log N each
        boolean ok = true;
        for (int n : logs) {
            ok &= check(LogTarget.resolve(arg, OptionalInt.of(n), TailCommand.timeout(a)), ca, profile, a, out, err);
        }
        return ok ? 0 : 1;
    }

    /**
     * The log numbers of a local directory that is a CA's log prefix rather than one log: it has no checkpoint of
     * its own and holds subdirectories named 1..65535 in canonical decimal with a checkpoint each, ascending.
     */
    static List<Integer> caPrefixLogs(String arg) throws java.io.IOException {
        Path dir = Path.of(arg);
        if (arg.startsWith("http://") || arg.startsWith("https://") || !Files.isDirectory(dir)
                || Files.exists(dir.resolve("checkpoint"))) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("[1-9][0-9]{0,4}") && Integer.parseInt(name) <= 0xffff
                        && Files.isRegularFile(p.resolve("checkpoint"))) {
                    out.add(Integer.parseInt(name));
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** Checks one log and prints its findings and summary; true when clean. */
    private static boolean check(LogTarget target, Optional<LogTarget.Ca> ca, Profile profile, Args a,
            PrintStream out, PrintStream err) throws Exception {
        LogFsck fsck = LogFsck.of(profile, LogTarget.verifiers(ca));
        if (ca.isPresent() && target.logNumber().isPresent()) {
            fsck = fsck.withOrigin(ca.get().origin(target.logNumber().getAsInt()));
        }
        FsckReport report = fsck.check(target.objects(), new Progress(err, "fsck", a.flag("--progress")));
        String summary = "fsck: " + target.where() + report.checkpoint().map(c -> " size " + c.size()).orElse("")
                + ": " + report.findings().size() + " finding(s), " + report.entriesChecked() + " entries checked, "
                + (report.signaturesChecked() ? "CA signature checked" : "signatures not checked (no --ca)");
        if (a.flag("--json")) {
            out.println(json(target, report));
        } else {
            for (Finding f : report.findings()) {
                out.println(f);
            }
            out.println(summary);
        }
        return report.ok();
    }

    private static String json(LogTarget target, FsckReport r) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("log", target.where());
        o.put("ok", r.ok());
        r.checkpoint().ifPresent(c -> {
            o.put("origin", c.origin());
            o.put("tree_size", c.size());
        });
        o.put("entries_checked", r.entriesChecked());
        o.put("signatures_checked", r.signaturesChecked());
        List<Object> fs = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind().name());
            m.put("object", f.object());
            m.put("message", f.message());
            fs.add(m);
        }
        o.put("findings", fs);
        return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
    }
}
