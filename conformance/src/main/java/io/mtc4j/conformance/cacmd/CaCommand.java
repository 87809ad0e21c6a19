package io.mtc4j.conformance.cacmd;

import io.mtc4j.conformance.cli.SubCommands;
import io.mtc4j.spec.cli.Command;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code mtc ca init|serve|rollover|submit|load}: create, run, operate and use a Merkle Tree CA (mtc-ca). */
public final class CaCommand implements Command {
    @Override
    public String name() {
        return "ca";
    }

    @Override
    public String summary() {
        return "create (init), run (serve), roll over (rollover), submit to (submit) and load (load) a Merkle Tree CA";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc ca <sub-command> ...",
                InitCommand.USAGE,
                ServeCaCommand.USAGE,
                RolloverCommand.USAGE,
                SubmitCommand.USAGE,
                LoadCommand.USAGE);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return SubCommands.dispatch(argv, Map.of("init", InitCommand::run, "serve", ServeCaCommand::run,
                "rollover", RolloverCommand::run, "submit", SubmitCommand::run, "load", LoadCommand::run), out, err);
    }
}
