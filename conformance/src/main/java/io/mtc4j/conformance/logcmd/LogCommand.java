package io.mtc4j.conformance.logcmd;

import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.util.List;

/** {@code mtc log serve|fsck|tail}: run, check and follow issuance logs (mtc-log). */
public final class LogCommand implements Command {
    @Override
    public String name() {
        return "log";
    }

    @Override
    public String summary() {
        return "serve, check (fsck) and follow (tail) MTC issuance logs";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc log <sub-command> ...",
                ServeCommand.USAGE,
                String.join("\n", FsckCommand.USAGE),
                String.join("\n", TailCommand.USAGE));
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("missing sub-command");
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        switch (sub) {
            // each sub-command adds its case here: case "serve" -> { return ...; }
            case "fsck" -> {
                return FsckCommand.run(rest, out, err);
            }
            case "tail" -> {
                return TailCommand.run(rest, out, err);
            }
            case "serve" -> {
                return ServeCommand.run(rest, out, err);
            }
            default -> throw new UsageException("unknown sub-command '" + sub + "'");
        }
    }
}
