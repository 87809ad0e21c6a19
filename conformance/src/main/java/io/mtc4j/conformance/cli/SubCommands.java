package io.mtc4j.conformance.cli;

import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code mtc <command> <sub-command> ARGS}: runs the sub-command the first argument names. */
public final class SubCommands {
    private SubCommands() {}

    /** One sub-command, run with the arguments after its name. */
    @FunctionalInterface
    public interface SubCommand {
        /**
         * Runs the sub-command.
         *
         * @param rest the arguments after the sub-command's name
         * @param out standard output
         * @param err standard error
         * @return the exit status
         * @throws Exception as the command's {@code run}
         */
        int run(List<String> rest, PrintStream out, PrintStream err) throws Exception;
    }

    /**
     * Runs {@code subs.get(argv[0])} with the remaining arguments.
     *
     * @param argv the command's arguments, the sub-command's name first
     * @param subs the sub-commands by name
     * @param out standard output
     * @param err standard error
     * @return the sub-command's exit status
     * @throws UsageException if the name is missing or unknown
     * @throws Exception as the sub-command
     */
    public static int dispatch(List<String> argv, Map<String, SubCommand> subs, PrintStream out, PrintStream err)
            throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("missing sub-command");
        }
        SubCommand sub = subs.get(argv.get(0));
        if (sub == null) {
            throw new UsageException("unknown sub-command '" + argv.get(0) + "'");
        }
        return sub.run(argv.subList(1, argv.size()), out, err);
    }
}
