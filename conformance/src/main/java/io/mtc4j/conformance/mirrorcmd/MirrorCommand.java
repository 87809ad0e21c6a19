package io.mtc4j.conformance.mirrorcmd;

import io.mtc4j.conformance.cli.SubCommands;
import io.mtc4j.spec.cli.Command;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code mtc mirror serve}: run a C2SP tlog-mirror (mtc-log's {@code io.mtc4j.log.mirror}). */
public final class MirrorCommand implements Command {
    @Override
    public String name() {
        return "mirror";
    }

    @Override
    public String summary() {
        return "run a tlog-mirror: keep a served, cosigned copy of issuance logs";
    }

    @Override
    public String usage() {
        return String.join("\n", "usage: mtc mirror <sub-command> ...", ServeMirrorCommand.USAGE);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return SubCommands.dispatch(argv, Map.of("serve", ServeMirrorCommand::run), out, err);
    }
}
