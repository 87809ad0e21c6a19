package io.mtc4j.conformance.cacmd;

import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.util.List;

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
        if (argv.isEmpty()) {
            throw new UsageException("missing sub-command");
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        switch (sub) {
            // each sub-command adds its case here: case "submit" -> { return ...; }
            case "init" -> {
                return InitCommand.run(rest, out, err);
            }
            case "serve" -> {
                return ServeCaCommand.run(rest, out, err);
            }
            case "rollover" -> {
                return RolloverCommand.run(rest, out, err);
            }
            case "submit" -> {
                return SubmitCommand.run(rest, out, err);
            }
            case "load" -> {
                return LoadCommand.run(rest, out, err);
            }
            default -> throw new UsageException("unknown sub-command '" + sub + "'");
        }
    }
}
