package io.mtc4j.spec.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of the {@code mtc} CLI. Modules contribute commands through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.mtc4j.spec.cli.Command}); {@link Main} dispatches on {@link #name()}.
 */
public interface Command {
    /**
     * The word after {@code mtc}, e.g. {@code "inspect"}.
     *
     * @return the word after {@code mtc}, e.g
     */
    String name();

    /**
     * One line for {@code mtc --help}.
     *
     * @return one line for {@code mtc --help}
     */
    String summary();

    /**
     * Full usage text for {@code mtc <name> --help}.
     *
     * @return the {@code String}
     */
    String usage();

    /**
     * Runs the command.
     *
     * @return the process exit status (0 success, 1 a negative result such as an invalid certificate,
     *     2 a usage or input error)
     * @param args the arguments
     * @param out where output goes
     * @param err where error messages go
     * @throws Exception as described above
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
