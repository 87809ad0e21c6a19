package io.mtc4j.conformance.log;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.log.CheckResult.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For logs of random sizes built by mtc4j: the intact log passes, and any one flipped bit in any hash tile or
 * entry bundle the checkpoint's size needs is caught by a tiles-* or entries-* check (and by nothing else).
 */
class LogCheckProperties {
    private static FakeLogServer server;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @BeforeContainer
    static void start() throws IOException {
        server = new FakeLogServer();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    private static String lines(LogReport r) {
        return r.results().stream().map(CheckResult::line).collect(Collectors.joining("\n"));
    }

    @Property(tries = 12)
    void anyFlippedTileOrBundleBitIsCaught(@ForAll @IntRange(min = 1, max = 1100) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int pick, @ForAll @IntRange(min = 0, max = 7) int bit) {
        String ca = "/p" + NEXT.incrementAndGet();
        String caUrl = server.base() + ca;
        List<Long> landmarks = size >= 3 ? List.of(0L, (long) size / 3, (long) size) : List.of(0L, (long) size);
        TestLog log = TestLog.of(TestLog.sampleEntries(size), caUrl, landmarks);
        log.serve(server, ca + "/1", pick % 2 == 0);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        LogReport intact = LogChecker.check(log.caPem(), LogChecker.Options.of(caUrl), quiet);
        assertTrue(intact.passed(), () -> "size " + size + "\n" + lines(intact));
        assertTrue(intact.results().stream().noneMatch(c -> c.status() == Status.WARN), () -> lines(intact));

        List<String> paths = log.tiles.keySet().stream().sorted().toList();
        String path = paths.get(pick % paths.size());
        FakeLogServer.Resource res = server.get(ca + "/1/" + path);
        byte[] b = res.body();
        int offset = (pick / paths.size()) % b.length;
        b[offset] ^= (byte) (1 << bit);
        server.put(ca + "/1/" + path, new FakeLogServer.Resource(200, b, res.contentType(), res.gzip()));

        LogReport broken = LogChecker.check(log.caPem(), LogChecker.Options.of(caUrl), quiet);
        String where = "size " + size + ", " + path + " byte " + offset + " bit " + bit + "\n" + lines(broken);
        assertFalse(broken.passed(), where);
        assertTrue(broken.results().stream().filter(c -> c.status() == Status.FAIL)
                .allMatch(c -> c.check().startsWith("tiles-") || c.check().startsWith("entries-")
                        || c.check().equals("landmarks-subtrees")), where);
    }
}
