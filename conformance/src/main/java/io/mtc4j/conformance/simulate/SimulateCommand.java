package io.mtc4j.conformance.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.rp.simulate.DelayDistribution;
import io.mtc4j.rp.simulate.Durations;
import io.mtc4j.rp.simulate.Rate;
import io.mtc4j.rp.simulate.Simulation;
import io.mtc4j.rp.simulate.SimulationParameters;
import io.mtc4j.rp.simulate.SimulationProgress;
import io.mtc4j.rp.simulate.SimulationResult;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code mtc simulate}: the deployment simulator of issue 19 ({@link Simulation}) — how often a client gets the
 * landmark-relative certificate and what a handshake's certificate costs in bytes, for the draft's parameters or
 * any others, one run or a sweep of one parameter with a PNG chart.
 */
public final class SimulateCommand implements Command {
    static final Set<String> VALUED = Set.of("--rate", "--checkpoint-interval", "--landmark-interval", "--lifetime",
            "--renew-at", "--rp-delay", "--subscriber-delay", "--no-trust-anchors-share", "--cosigners", "--duration",
            "--seed", "--sweep", "--out", "--max-active-landmarks", "--subject-key", "--handshakes");
    static final Set<String> FLAGS = Set.of("--json", "--drop-old", "--progress");

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "simulate a deployment: landmark-relative share and certificate bytes per handshake";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc simulate [--rate 4.4M/h] [--checkpoint-interval 2s] [--landmark-interval 1h] [--lifetime 7d]",
                "         [--renew-at 0.75] [--rp-delay SPEC] [--no-trust-anchors-share 0.0] [--cosigners 1] [--duration 30d]",
                "         [--seed N] [--sweep NAME=FROM..TO[:STEPS]] [--json] [--out DIR]",
                "         [--max-active-landmarks N] [--drop-old] [--subscriber-delay SPEC] [--subject-key ALG]",
                "         [--handshakes N] [--progress]",
                "",
                "Simulates a Merkle Tree Certificates CA (one log) and its TLS subscribers and clients over simulated time,",
                "on mtc4j's own landmark allocation, covering subtrees, certificate encoder and TLS selection rule. The",
                "defaults are the draft's Size Estimates: 4.4M certificates/hour, a checkpoint every 2s, hourly landmarks,",
                "7-day lifetime (max_active_landmarks derived: 169), renewal at 75% keeping the old certificate until it",
                "expires, one ML-DSA-44 cosignature, clients that update at once (fixed:0), a month measured after a",
                "warm-up of one lifetime and one landmark interval.",
                "  --rate R                 issuance rate, <number>[k|M|G]/<s|m|h|d>",
                "  --checkpoint-interval D  time between checkpoints (D: <number><ms|s|m|h|d|w>, e.g. 2s, 1h, 7d)",
                "  --landmark-interval D    time_between_landmarks",
                "  --lifetime D             maximum certificate lifetime",
                "  --max-active-landmarks N instead of ceil(lifetime / landmark interval) + 1",
                "  --renew-at F             subscribers renew after this share of the lifetime, in (0, 1]",
                "  --drop-old               subscribers drop the old certificate once the new one is issued",
                "  --subscriber-delay SPEC  landmark allocation -> landmark-relative certificate deployed (default fixed:0)",
                "  --rp-delay SPEC          landmark allocation -> client holds its trusted subtrees (default fixed:0)",
                "                           SPEC: fixed:1h | exp:6h (mean) | lognormal:6h,1.0 (median, sigma) |",
                "                           mix:70%:1h,25%:1d,5%:never | csv:FILE (one delay per line; seconds or D)",
                "  --no-trust-anchors-share F  clients sending no trust_anchors (served standalone), in [0, 1]",
                "  --cosigners N            ML-DSA-44 subtree signatures in a standalone certificate (1..16)",
                "  --subject-key ALG        subject key: " + String.join(", ", SignatureAlgorithm.names())
                        + " (default ecdsa_p256_sha256)",
                "  --duration D             measured span of simulated time",
                "  --seed N                 seed of every random choice (default 1): same seed, same output",
                "  --handshakes N           handshakes sampled (default 1000000)",
                "  --sweep NAME=FROM..TO[:STEPS]  vary one flag (NAME without dashes) over STEPS values (default 8);",
                "                           prints one row (or JSON object) per step and draws a PNG into --out",
                "  --json                   one JSON object (with --sweep an array of them)",
                "  --out DIR                also write the result as simulate.json, simulate.md and the chart simulate.png",
                "                           (with --sweep: sweep-NAME.json, sweep-NAME.md and the chart sweep-NAME.png;",
                "                           default DIR '.')",
                "  --progress               progress bar on stderr even when it is not a terminal",
                "Output: a Markdown table of the measured figures (shares of handshakes served a landmark-relative",
                "certificate, a standalone one or none; certificate bytes per handshake, mean/p50/p99; median and",
                "largest inclusion proofs; the relying party's state). Exit 0, or 2 naming a bad parameter.");
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, FLAGS, VALUED);
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String flag : VALUED) {
            a.value(flag).ifPresent(v -> values.put(flag, v));
        }
        SimulationParameters base = parameters(values, a.flag("--drop-old"));
        ProgressLine progress = new ProgressLine(err, a.flag("--progress"));
        ObjectMapper json = new ObjectMapper();
        if (a.value("--sweep").isEmpty()) {
            SimulationResult r = Simulation.run(base, progress);
            progress.finish();
            String text = a.flag("--json") ? json.writeValueAsString(Report.json(r, null, null))
                    : Report.markdown(r);
            out.println(text);
            if (a.value("--out").isPresent()) {
                Path dir = Files.createDirectories(Path.of(a.value("--out").get()));
                Files.writeString(dir.resolve("simulate.json"), json.writeValueAsString(Report.json(r, null, null)) + "\n",
                        StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("simulate.md"), Report.markdown(r) + "\n", StandardCharsets.UTF_8);
                SweepChart.writeSingle(r, dir.resolve("simulate.png"));
                err.println("simulate: chart " + dir.resolve("simulate.png"));
            }
            return 0;
        }
        SweepSpec sweep = SweepSpec.parse(a.value("--sweep").get());
        List<SimulationParameters> steps = new ArrayList<>();
        for (String v : sweep.values()) {
            Map<String, String> m = new LinkedHashMap<>(values);
            String flag = "--" + sweep.name();
            if (flag.equals("--rp-delay") || flag.equals("--subscriber-delay")) {
                DelayDistribution d = distribution(values.getOrDefault(flag, "fixed:0"), flag);
                try {
                    v = d.withLocation(Durations.parseMillis(v, "--sweep")).spec();
                } catch (UnsupportedOperationException e) {
                    throw new MtcParseException("--sweep", flag + " " + d.spec() + ": " + e.getMessage()
                            + "; sweep a fixed, exp or lognormal delay");
                }
            }
            m.put(flag, v);
            steps.add(parameters(m, a.flag("--drop-old")));
        }
        List<SimulationResult> results = new ArrayList<>();
        SweepProgress sp = new SweepProgress(progress, steps.size());
        for (SimulationParameters s : steps) {
            results.add(Simulation.run(s, sp));
            sp.next();
        }
        progress.finish();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            objects.add(Report.json(results.get(i), sweep.name(), sweep.values().get(i)));
        }
        out.println(a.flag("--json") ? json.writeValueAsString(objects) : Report.sweepMarkdown(sweep, results));
        Path dir = Files.createDirectories(Path.of(a.value("--out").orElse(".")));
        Path png = dir.resolve("sweep-" + sweep.name() + ".png");
        SweepChart.write(sweep, results, png);
        Files.writeString(dir.resolve("sweep-" + sweep.name() + ".json"), json.writeValueAsString(objects) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sweep-" + sweep.name() + ".md"), Report.sweepMarkdown(sweep, results) + "\n",
                StandardCharsets.UTF_8);
        err.println("simulate: chart " + png);
        return 0;
    }

    /** The parameters from flag values, each parsed by its own rule; absent flags take the draft's defaults. */
    static SimulationParameters parameters(Map<String, String> v, boolean dropOld) {
        SimulationParameters d = SimulationParameters.draftDefaults();
        return new SimulationParameters(
                v.containsKey("--rate") ? Rate.parse(v.get("--rate"), "--rate") : d.rate(),
                duration(v, "--checkpoint-interval", d.checkpointIntervalMillis()),
                duration(v, "--landmark-interval", d.landmarkIntervalMillis()),
                duration(v, "--lifetime", d.lifetimeMillis()),
                v.containsKey("--max-active-landmarks")
                        ? OptionalLong.of(integer(v.get("--max-active-landmarks"), "--max-active-landmarks"))
                        : OptionalLong.empty(),
                v.containsKey("--renew-at") ? fraction(v.get("--renew-at"), "--renew-at") : d.renewAt(),
                !dropOld,
                v.containsKey("--subscriber-delay") ? distribution(v.get("--subscriber-delay"), "--subscriber-delay")
                        : d.subscriberDelay(),
                v.containsKey("--rp-delay") ? distribution(v.get("--rp-delay"), "--rp-delay") : d.rpDelay(),
                v.containsKey("--no-trust-anchors-share")
                        ? fraction(v.get("--no-trust-anchors-share"), "--no-trust-anchors-share") : d.noTrustAnchorsShare(),
                v.containsKey("--cosigners") ? (int) integer(v.get("--cosigners"), "--cosigners") : d.cosigners(),
                v.containsKey("--subject-key") ? subjectKey(v.get("--subject-key")) : d.subjectKey(),
                duration(v, "--duration", d.durationMillis()),
                v.containsKey("--seed") ? integer(v.get("--seed"), "--seed") : d.seed(),
                v.containsKey("--handshakes") ? (int) integer(v.get("--handshakes"), "--handshakes") : d.handshakes());
    }

    static DelayDistribution distribution(String text, String flag) {
        return DelayDistribution.parse(text, flag);
    }

    private static long duration(Map<String, String> v, String flag, long dflt) {
        return v.containsKey(flag) ? Durations.parseMillis(v.get(flag), flag) : dflt;
    }

    private static SignatureAlgorithm subjectKey(String name) {
        try {
            return SignatureAlgorithm.fromName(name);
        } catch (MtcParseException e) {
            throw new MtcParseException("--subject-key", "unknown algorithm '" + name + "'; known: "
                    + String.join(", ", SignatureAlgorithm.names()));
        }
    }

    private static long integer(String text, String flag) {
        String t = text.strip();
        if (!t.matches("-?[0-9]{1,18}")) {
            throw new MtcParseException(flag, "'" + text + "' is not an integer");
        }
        return Long.parseLong(t);
    }

    private static double fraction(String text, String flag) {
        String t = text.strip();
        if (!t.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?")) {
            throw new MtcParseException(flag, "'" + text + "' is not a decimal number");
        }
        return Double.parseDouble(t);
    }

    /** Progress over the steps of a sweep: each step's progress is a slice of the whole. */
    private static final class SweepProgress implements SimulationProgress {
        private final SimulationProgress inner;
        private final int steps;
        private int step;

        SweepProgress(SimulationProgress inner, int steps) {
            this.inner = inner;
            this.steps = steps;
        }

        @Override
        public void progress(long done, long total) {
            inner.progress(step * 1000L + done * 1000 / Math.max(1, total), steps * 1000L);
        }

        void next() {
            step++;
        }
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f %%", share * 100);
    }
}
