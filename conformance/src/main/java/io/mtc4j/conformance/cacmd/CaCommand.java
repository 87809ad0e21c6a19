package io.mtc4j.conformance.cacmd;

import io.mtc4j.conformance.cli.CommandGroup;
import java.util.Map;

/** {@code mtc ca init|serve|rollover|submit|load}: create, run, operate and use a Merkle Tree CA (mtc-ca). */
public final class CaCommand extends CommandGroup {
    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public CaCommand() {
        super("ca",
                "create (init), run (serve), roll over (rollover), submit to (submit) and load (load) a Merkle Tree CA",
                String.join("\n",
                        "usage: mtc ca <sub-command> ...",
                        InitCommand.USAGE,
                        ServeCaCommand.USAGE,
                        RolloverCommand.USAGE,
                        SubmitCommand.USAGE,
                        LoadCommand.USAGE),
                Map.of("init", InitCommand::run, "serve", ServeCaCommand::run, "rollover", RolloverCommand::run,
                        "submit", SubmitCommand::run, "load", LoadCommand::run));
    }
}
