package io.mtc4j.spec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsUsageAndFails() {
        assertEquals(2, run());
        assertTrue(out().contains("usage: mtc <command>"));
        assertTrue(out().contains("inspect"), "inspect is registered through ServiceLoader");
    }

    @Test
    void versionPrintsTheVersionDraftAndProfiles() {
        assertEquals(0, run("--version"));
        String v = out().strip();
        assertTrue(v.matches("mtc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(draft-ietf-plants-merkle-tree-certs d7362d6; profiles"
                + " davidben-09 \\.\\. plants-05, default plants-05; Java .+\\)"), v);
        assertEquals("", err());
    }

    @Test
    void helpListsCommandsAndSucceeds() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("inspect"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"));
    }

    @Test
    void commandHelpPrintsItsUsage() {
        assertEquals(0, run("inspect", "--help"));
        assertTrue(out().contains("inspect"));
    }

    @Test
    void errorsAreMappedToExitStatuses() {
        assertEquals(2, run("inspect", "--no-such-option"));
        assertTrue(err().contains("unknown option --no-such-option"), err());
        assertEquals(2, run("inspect", "/no/such/file.pem"));
        assertTrue(err().startsWith("mtc inspect: "), err());
    }

    @Test
    void argsParsesFlagsValuesAndPositionals() {
        Args a = Args.parse(List.of("--json", "--profile", "plants-04", "a.pem", "--time=5", "--time", "7", "b.pem"),
                Set.of("--json"), Set.of("--profile", "--time"));
        assertTrue(a.flag("--json"));
        assertEquals("plants-04", a.value("--profile").orElseThrow());
        assertEquals("7", a.value("--time").orElseThrow());
        assertEquals(List.of("5", "7"), a.values("--time"));
        assertEquals(List.of("a.pem", "b.pem"), a.positional());
        assertTrue(a.value("--host").isEmpty());
        assertEquals(List.of(), a.values("--host"));
        assertTrue(!a.flag("--verbose"));
    }

    @Test
    void argsRejectsUnknownAndMissingValues() {
        assertEquals("unknown option --x",
                assertThrows(UsageException.class, () -> Args.parse(List.of("--x"), Set.of(), Set.of())).getMessage());
        assertEquals("--profile needs a value", assertThrows(UsageException.class,
                () -> Args.parse(List.of("--profile"), Set.of(), Set.of("--profile"))).getMessage());
        assertEquals("unknown option --json", assertThrows(UsageException.class,
                () -> Args.parse(List.of("--json=1"), Set.of("--json"), Set.of())).getMessage());
        assertEquals(List.of("-", "--"), Args.parse(List.of("-", "--"), Set.of(), Set.of()).positional());
    }
}
