package io.mtc4j.conformance.monitorcmd;

import io.mtc4j.log.client.Sleeper;
import io.mtc4j.log.monitor.AlertSink;
import io.mtc4j.log.monitor.Evidence;
import io.mtc4j.log.monitor.EvidenceVerifier;
import io.mtc4j.log.monitor.ExecSink;
import io.mtc4j.log.monitor.Finding;
import io.mtc4j.log.monitor.Monitor;
import io.mtc4j.log.monitor.MonitorConfig;
import io.mtc4j.log.monitor.MonitorListener;
import io.mtc4j.log.monitor.WebhookSink;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc monitor --config monitor.json [--once] [--json]} follows MTC issuance logs and alerts on
 * certificates for watched names and addresses (mtc-log's {@link Monitor}); {@code mtc monitor verify EVIDENCE}
 * checks an alert's evidence bundle offline.
 */
public final class MonitorCommand implements Command {
    static final List<String> USAGE = List.of(
            "usage: mtc monitor --config monitor.json [--once] [--json] [--progress] [--timeout-ms N]",
            "       mtc monitor verify EVIDENCE [--ca ca.pem] [--profile P]",
            "  Follows the configured issuance logs (README \"Monitor your names and addresses\"): verifies each",
            "  checkpoint, reads every entry once, checks it against the watch rules and prints one line per alert:",
            "  'ALERT <rule> <log number>:<index> <reason>; <entry> evidence <file>' (--json: one JSON object per",
            "  line). Resumes where the last run stopped (the state directory). --once reads every log up to its",
            "  current checkpoint and exits: 0 nothing alerted, 1 something alerted, 2 a log could not be read or",
            "  checked. Without --once it polls every pollSeconds. A progress bar (entries/s, ETA) goes to stderr",
            "  when it is a terminal or with --progress.",
            "  verify: checks an evidence bundle (the entry's inclusion proof and the signed checkpoint, or both",
            "  checkpoints of a split view or rollback) offline; --ca pins the CA certificate. Exit 0 verified,",
            "  1 not.");

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public String summary() {
        return "watch MTC issuance logs for your DNS names and IP addresses; verify alert evidence";
    }

    @Override
    public String usage() {
        return String.join("\n", USAGE);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (!argv.isEmpty() && argv.get(0).equals("verify")) {
            return verify(argv.subList(1, argv.size()), out, err);
        }
        return monitor(argv, out, err, Sleeper.system());
    }

    /** {@code mtc monitor --config ...}, waiting between passes with {@code sleeper}. */
    static int monitor(List<String> argv, PrintStream out, PrintStream err, Sleeper sleeper) throws Exception {
        Args a = Args.parse(argv, Set.of("--once", "--json", "--progress"), Set.of("--config", "--timeout-ms"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        String file = a.value("--config").orElseThrow(() -> new UsageException("--config monitor.json is required"));
        Duration timeout = Duration.ofMillis(millis(a));
        MonitorConfig config;
        try {
            config = MonitorConfig.read(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("--config: no such file " + file);
        } catch (MtcParseException e) {
            err.println("monitor: " + file + ": " + e.getMessage());
            return 2;
        }
        boolean json = a.flag("--json");
        int[] delivered = {0};
        List<AlertSink> sinks = new ArrayList<>();
        sinks.add((alert, evidence) -> {
            out.println(json ? alert.json() : alert.line());
            out.flush();
            delivered[0]++;
        });
        config.webhook().ifPresent(w -> sinks.add(new WebhookSink(w.url(), w.attempts(), Sleeper.system(), timeout)));
        if (!config.exec().isEmpty()) {
            sinks.add(new ExecSink(config.exec()));
        }
        ProgressBar progress = new ProgressBar(err, a.flag("--progress") || System.console() != null);
        long[] authorized = {0};
        MonitorListener listener = new MonitorListener() {
            @Override
            public void progress(String origin, long done, long total) {
                progress.update(origin, done, total);
            }

            @Override
            public void authorized(int logNumber, long index, Finding f) {
                authorized[0]++;
                if (json) {
                    out.println("{\"type\":\"authorized\",\"rule\":\"" + f.rule() + "\",\"log\":" + logNumber
                            + ",\"index\":" + index + "}");
                }
            }

            @Override
            public void note(String message) {
                err.println("monitor: " + message);
            }

            @Override
            public void error(String message) {
                progress.clear();
                err.println("monitor: error: " + message);
            }
        };
        try (Monitor m = Monitor.open(config, listener, sinks, timeout)) {
            if (!a.flag("--once")) {
                m.run(sleeper);
                return 0;
            }
            Monitor.Pass p = m.runOnce();
            progress.clear();
            err.println("monitor: read " + p.entries() + " entries; " + delivered[0] + " alert(s); " + authorized[0]
                    + " authorized match(es); state " + config.state());
            return delivered[0] > 0 ? 1 : p.errors().isEmpty() ? 0 : 2;
        } catch (MtcException e) {
            err.println("monitor: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("monitor: interrupted");
            return 1;
        }
    }

    private static long millis(Args a) {
        String v = a.value("--timeout-ms").orElse("30000");
        try {
            long ms = Long.parseLong(v);
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout-ms needs a positive integer, not '" + v + "'");
        }
    }

    /** {@code mtc monitor verify EVIDENCE [--ca ca.pem]}. */
    static int verify(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, Set.of(), Set.of("--ca", "--profile"));
        if (a.positional().size() != 1) {
            throw new UsageException(a.positional().isEmpty() ? "missing EVIDENCE" : "unexpected argument '"
                    + a.positional().get(1) + "'");
        }
        Profile profile;
        try {
            profile = Profile.fromName(a.value("--profile").orElse(Profile.current().wireName()));
        } catch (MtcParseException e) {
            throw new UsageException(e.getMessage());
        }
        Path file = Path.of(a.positional().get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such evidence file " + file);
        }
        Optional<byte[]> ca = Optional.empty();
        if (a.value("--ca").isPresent()) {
            Path p = Path.of(a.value("--ca").get());
            if (!Files.isRegularFile(p)) {
                throw new UsageException("--ca: no such file " + p);
            }
            ca = Optional.of(Files.readAllBytes(p));
        }
        try {
            EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(file)), ca, profile);
            out.println("VERIFIED " + v.summary());
            v.facts().forEach(f -> out.println("  " + f));
            return 0;
        } catch (MtcException | IllegalArgumentException e) {
            out.println("NOT VERIFIED " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
