package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests against a Debian tool (certbot, openssl): run it when installed; otherwise skip with a message locally, and
 * fail under {@code CI=true}, where {@code .ci/run} installs it.
 */
public final class ExternalTool {
    private ExternalTool() {}

    /**
     * Whether {@code command} runs and exits 0 (within a minute).
     *
     * @param command the command and its arguments, e.g. {@code openssl version}
     * @return whether it ran
     */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Requires the tool {@code name}, probed by running {@code probe}: fails the test under {@code CI=true} and
     * skips it otherwise when the tool is missing.
     *
     * @param name the Debian package, e.g. {@code openssl}
     * @param probe a command that exits 0 when the tool is installed, e.g. {@code openssl version}
     */
    public static void require(String name, String... probe) {
        if (runs(probe)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but " + name + " is not installed (.ci/run installs it with apt-get install -y " + name + ")");
        }
        Assumptions.assumeTrue(false, name + " is not installed (apt-get install -y " + name + "); skipping");
    }
}
