package io.mtc4j.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command with sub-commands refuses a missing or unknown one the same way, through {@link SubCommands}. */
class SubCommandsTest {
    @Test
    void aMissingOrUnknownSubCommandIsAUsageError() {
        for (String command : List.of("ca", "log", "tls", "rp")) {
            String[] missing = CliRun.run(command);
            assertEquals("2", missing[0], command + ": " + missing[1] + missing[2]);
            assertTrue(missing[2].contains("missing sub-command"), command + ": " + missing[2]);
            String[] unknown = CliRun.run(command, "bogus");
            assertEquals("2", unknown[0], command + ": " + unknown[1] + unknown[2]);
            assertTrue(unknown[2].contains("unknown sub-command 'bogus'"), command + ": " + unknown[2]);
        }
    }
}
