package io.mtc4j.conformance.cacmd;

import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code mtc ca rollover DIR --reason TEXT}: moves the CA to its next log after a log failure. */
final class RolloverCommand {
    static final String USAGE = String.join("\n",
            "       mtc ca rollover DIR --reason TEXT",
            "",
            "rollover moves the CA in DIR (stopped) to its next issuance log after a declared log failure (draft",
            "         'Log Failures'); the reason is recorded in DIR/state.json. The old log is never appended to",
            "         again. Refused above the CA certificate's maxSerial. Prints 'log: N', the new current log.");

    private RolloverCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of(), Set.of("--reason"));
        if (a.positional().size() != 1) {
            throw new UsageException("rollover takes one DIR, got " + a.positional());
        }
        String reason = a.value("--reason").orElseThrow(() -> new UsageException("missing --reason TEXT"));
        try {
            int log = CertificationAuthority.rollover(Path.of(a.positional().get(0)), reason, Instant.now());
            out.println("log: " + log);
            return 0;
        } catch (CaException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
