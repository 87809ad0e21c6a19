package io.mtc4j.conformance.logcmd;

import io.mtc4j.conformance.cli.CommandGroup;
import java.util.Map;

/** {@code mtc log serve|fsck|tail}: run, check and follow issuance logs (mtc-log). */
public final class LogCommand extends CommandGroup {
    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public LogCommand() {
        super("log", "serve, check (fsck) and follow (tail) MTC issuance logs",
                String.join("\n",
                        "usage: mtc log <sub-command> ...",
                        ServeCommand.USAGE,
                        String.join("\n", FsckCommand.USAGE),
                        String.join("\n", TailCommand.USAGE)),
                Map.of("fsck", FsckCommand::run, "tail", TailCommand::run, "serve", ServeCommand::run));
    }
}
