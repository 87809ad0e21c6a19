package io.mtc4j.log.witness;

import io.mtc4j.log.storage.DurableFiles;
import io.mtc4j.log.storage.Kill9Child;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link WitnessKill9Test}: a witness on the directory {@code DIR} for the log
 * {@link WitnessKill9Test#ORIGIN}, serving HTTP on a free loopback port. Prints {@code witness <URL>} once ready,
 * then serves until killed. With {@code CRASH_STEP > 0} it halts ({@link Runtime#halt}, like a crash) just before
 * its {@code CRASH_STEP}-th file-system step of the record, after printing {@code crash <step>}.
 *
 * <p>Arguments: {@code DIR CRASH_STEP}.
 */
public final class WitnessKill9Child {
    /** The exit status of an injected crash. */
    public static final int CRASH_EXIT = Kill9Child.CRASH_EXIT;

    private WitnessKill9Child() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long crashStep = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DurableFiles files = Kill9Child.crashing(crashStep, new AtomicLong(), out);
        DirectoryWitnessStore store = DirectoryWitnessStore.open(dir, files);
        Witness w = new Witness(TrustedLogs.of(List.of(SimulatedLog.vkey(WitnessKill9Test.ORIGIN))),
                WitnessKeys.loadOrCreate(dir, "witness.example/kill9", new SecureRandom()), store,
                () -> System.currentTimeMillis() / 1000);
        WitnessServer server = WitnessServer.start(w, WitnessConfig.defaults().withListen("127.0.0.1:0"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        out.println("witness " + server.url());
        server.join();
    }
}
