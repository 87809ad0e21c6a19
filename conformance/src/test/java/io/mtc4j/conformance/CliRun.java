package io.mtc4j.conformance;

import io.mtc4j.spec.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the {@code mtc} CLI in-process for tests. */
public final class CliRun {
    private CliRun() {}

    /**
     * Runs {@code mtc args...}.
     *
     * @param args the arguments
     * @return the exit status (as text), stdout and stderr
     */
    public static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }
}
