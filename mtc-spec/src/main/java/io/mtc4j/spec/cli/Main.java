package io.mtc4j.spec.cli;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/** Entry point of the {@code mtc} command line: {@code mtc <command> [args]}. */
public final class Main {
    private Main() {}

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * The line {@code mtc --version} prints: mtc4j's version, the draft revision and wire profiles it implements, and
     * the Java runtime.
     *
     * @return for example {@code mtc 0.1.0 (draft-ietf-plants-merkle-tree-certs d7362d6; profiles davidben-09 ..
     *         plants-05, default plants-05; Java 17.0.2)}
     */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> profiles = Profile.names();
        return "mtc " + p.getProperty("version", "(unknown version)") + " (draft-ietf-plants-merkle-tree-certs "
                + Profile.DRAFT_REVISION + "; profiles " + profiles.get(0) + " .. " + profiles.get(profiles.size() - 1)
                + ", default " + Profile.current().wireName() + "; Java " + Runtime.version() + ")";
    }

    /**
     * Runs the CLI and returns the exit status (for tests).
     *
     * @param args the arguments
     * @param out where output goes
     * @param err where error messages go
     * @return the {@code int}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Command> commands = new ArrayList<>();
        ServiceLoader.load(Command.class).forEach(commands::add);
        commands.sort(Comparator.comparing(Command::name));
        if (!args.isEmpty() && args.get(0).equals("--version")) {
            out.println(version());
            return 0;
        }
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            out.println("usage: mtc <command> [options]");
            out.println();
            for (Command c : commands) {
                out.printf("  %-13s %s%n", c.name(), c.summary());
            }
            out.println();
            out.println("mtc <command> --help shows a command's options; mtc --version prints the version.");
            return args.isEmpty() ? 2 : 0;
        }
        for (Command c : commands) {
            if (c.name().equals(args.get(0))) {
                List<String> rest = args.subList(1, args.size());
                if (rest.contains("--help") || rest.contains("-h")) {
                    out.println(c.usage());
                    return 0;
                }
                try {
                    return c.run(rest, out, err);
                } catch (UsageException e) {
                    err.println("mtc " + c.name() + ": " + e.getMessage());
                    err.println(c.usage());
                    return 2;
                } catch (MtcException e) {
                    err.println("mtc " + c.name() + ": error: " + e.getMessage());
                    return 2;
                } catch (java.io.IOException e) {
                    err.println("mtc " + c.name() + ": I/O error: " + e.getMessage());
                    return 2;
                } catch (Exception e) {
                    err.println("mtc " + c.name() + ": internal error: " + e);
                    return 3;
                }
            }
        }
        err.println("mtc: unknown command '" + args.get(0) + "' (mtc --help lists them)");
        return 2;
    }
}
