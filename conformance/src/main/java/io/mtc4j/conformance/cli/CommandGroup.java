package io.mtc4j.conformance.cli;

import io.mtc4j.conformance.cli.SubCommands.SubCommand;
import io.mtc4j.spec.cli.Command;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command of the {@code mtc} CLI made of sub-commands, {@code mtc <name> <sub-command> ARGS}: its name, help
 * texts and sub-commands are fixed when it is made, and {@link #run} hands the arguments to the sub-command the
 * first one names ({@link SubCommands#dispatch}).
 */
public abstract class CommandGroup implements Command {
    private final String name;
    private final String summary;
    private final String usage;
    private final Map<String, SubCommand> subs;

    /**
     * Makes the command.
     *
     * @param name    the word after {@code mtc}
     * @param summary one line for {@code mtc --help}
     * @param usage   the full usage text
     * @param subs    the sub-commands by name
     */
    protected CommandGroup(String name, String summary, String usage, Map<String, SubCommand> subs) {
        this.name = Objects.requireNonNull(name, "name");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.subs = Map.copyOf(subs);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final String usage() {
        return usage;
    }

    @Override
    public final int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return SubCommands.dispatch(argv, subs, out, err);
    }
}
