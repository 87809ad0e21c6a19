package io.mtc4j.conformance.logcmd;

import io.mtc4j.conformance.cli.SubCommands;
import io.mtc4j.spec.cli.Command;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

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
        return SubCommands.dispatch(argv, Map.of("fsck", FsckCommand::run, "tail", TailCommand::run,
                "serve", ServeCommand::run), out, err);
    }
}
