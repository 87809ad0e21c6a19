package io.mtc4j.conformance.cli;

import io.mtc4j.conformance.AdapterLoop;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.conformance.ProcessImplementation;
import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.conformance.report.Report;
import io.mtc4j.conformance.run.Hello;
import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.conformance.run.Runner;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.vectors.VectorSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc conformance run|adapter}: runs the conformance suite against an implementation, or serves mtc4j
 * as an adapter on stdin/stdout.
 */
public final class ConformanceCommand implements Command {
    @Override
    public String name() {
        return "conformance";
    }

    @Override
    public String summary() {
        return "run the MTC conformance suite against any implementation; serve mtc4j as an adapter";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc conformance run [--impl \"<command>\"] [--vectors DIR] [--report DIR] [--seed N]",
                "                           [--trials N] [--no-properties] [--timeout-ms N]",
                "       mtc conformance adapter",
                "",
                "run      runs every vector and the randomized properties through an implementation and writes",
                "         report.json, report.md and report.html into --report (default: conformance-report).",
                "         --impl: a command speaking the line protocol on stdin/stdout (run with sh -c);",
                "         omitted: mtc4j in process. --vectors: a directory from 'mtc vectors generate'",
                "         (default: the set shipped with mtc4j). Exit 0 when nothing failed, 1 otherwise.",
                "         Sends 'hello' first and prints what the implementation says ('conformance: hello: ...').",
                "         Output: one line per vector file ('file NAME P pass F fail S skip'), one 'FAIL id ...'",
                "         line per failure, then 'conformance: P pass, F fail, S skip'. MUST ids: musts.json",
                "         (written beside the report).",
                "adapter  answers protocol requests for mtc4j: one JSON object per line on stdin, one answer per",
                "         line on stdout (the reference adapter; see README 'Test your implementation').",
                io.mtc4j.conformance.log.LogCheckCommand.USAGE,
                io.mtc4j.conformance.mirror.MirrorCheckCommand.USAGE,
                io.mtc4j.conformance.witness.WitnessCheckCommand.USAGE);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("missing sub-command (run or adapter)");
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        return switch (sub) {
            case "run" -> run(rest, out);
            case "adapter" -> {
                Args.parse(rest, Set.of(), Set.of());
                try (Implementation impl = new Mtc4jImplementation()) {
                    AdapterLoop.serve(impl, System.in, out);
                }
                yield 0;
            }
            case "log" -> io.mtc4j.conformance.log.LogCheckCommand.run(rest, out, err);
            case "mirror" -> io.mtc4j.conformance.mirror.MirrorCheckCommand.run(rest, out, err);
            case "witness" -> io.mtc4j.conformance.witness.WitnessCheckCommand.run(rest, out, err);
            default -> throw new UsageException("unknown sub-command '" + sub + "'");
        };
    }

    private static int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of("--no-properties"),
                Set.of("--impl", "--vectors", "--report", "--seed", "--trials", "--timeout-ms"));
        VectorSet set = a.value("--vectors").map(d -> VectorSet.directory(Path.of(d))).orElseGet(VectorSet::committed);
        Path reportDir = Path.of(a.value("--report").orElse("conformance-report"));
        long seed = Long.parseLong(a.value("--seed").orElse("1"));
        int trials = Integer.parseInt(a.value("--trials").orElse("200"));
        long timeout = Long.parseLong(a.value("--timeout-ms").orElse("30000"));
        try (Implementation impl = a.value("--impl").isPresent()
                ? new ProcessImplementation(a.value("--impl").get(), timeout) : new Mtc4jImplementation()) {
            out.println("conformance: " + impl.describe() + ", " + set.size() + " vectors");
            Hello hello = Hello.ask(impl);
            out.println("conformance: hello: " + hello.summary());
            List<Outcome> outcomes = new ArrayList<>(new Runner(impl, out).run(set));
            if (!a.flag("--no-properties")) {
                outcomes.addAll(new io.mtc4j.conformance.run.Properties(impl, out, seed, trials).run());
            }
            Report report = new Report(impl.describe(), hello, outcomes);
            report.write(reportDir);
            Report.Counts t = report.totals();
            out.println("conformance: " + t.pass() + " pass, " + t.fail() + " fail, " + t.skip() + " skip; report: "
                    + reportDir.resolve("report.html"));
            return t.fail() == 0 ? 0 : 1;
        }
    }
}
