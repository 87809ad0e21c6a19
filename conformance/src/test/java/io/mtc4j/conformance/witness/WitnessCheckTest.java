package io.mtc4j.conformance.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.log.witness.BrokenWitnesses;
import io.mtc4j.log.witness.DirectoryWitnessStore;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.log.witness.Witness;
import io.mtc4j.log.witness.WitnessConfig;
import io.mtc4j.log.witness.WitnessKeys;
import io.mtc4j.log.witness.WitnessServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code mtc conformance witness} against mtc4j's witness over loopback HTTP: it passes every check (and again on
 * a used origin, skipping what needs a fresh record); each deliberately broken witness fails the check of its bug.
 */
class WitnessCheckTest {
    private static final String ORIGIN = "example.com/conformance-test";

    @TempDir
    Path dir;

    private WitnessReport check(Function<DirectoryWitnessStore, Witness> make, String origin) throws Exception {
        try (DirectoryWitnessStore store = DirectoryWitnessStore.open(dir.resolve("w"));
                WitnessServer server = WitnessServer.start(make.apply(store), WitnessConfig.defaults()
                        .withListen("127.0.0.1:0"), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8))) {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            WitnessKeys keys = keys();
            return WitnessChecker.check(new WitnessChecker.Options(server.url(), keys.vkeys(), origin,
                    Duration.ofSeconds(60)), new PrintStream(progress, true, StandardCharsets.UTF_8));
        }
    }

    private WitnessKeys keys() {
        return WitnessKeys.loadOrCreate(dir.resolve("w"), "oid/1.3.6.1.4.1.32473.3", new SecureRandom());
    }

    private Witness good(DirectoryWitnessStore store) {
        return new Witness(TrustedLogs.of(WitnessChecker.logKeys(ORIGIN)), keys(), store,
                () -> System.currentTimeMillis() / 1000);
    }

    @Test
    void mtc4jsWitnessPassesEveryCheckAndAgainOnAUsedOrigin() throws Exception {
        WitnessReport first = check(this::good, ORIGIN);
        assertTrue(first.passed(), first.results().toString());
        assertEquals(0, first.totals().get(CheckResult.Status.SKIP), first.results().toString());
        assertTrue(first.results().size() >= 28, "every check ran: " + first.results().size());
        for (String c : List.of("size-zero-empty-hash", "unknown-origin", "wrong-log-key", "bad-log-signature",
                "rollback-old-above-size", "rollback-older-checkpoint", "wrong-old-size-below", "proof-lines-64",
                "bad-consistency-proof", "oversized-consistency-proof", "split-view-same-size",
                "split-view-extension", "sign-subtree", "sign-subtree-outside-checkpoint", "race-first-checkpoints",
                "recorded-before-answer", "monitoring-checkpoint")) {
            assertEquals(CheckResult.Status.PASS, first.result(c).orElseThrow().status(), c);
        }
        assertTrue(first.result("wrong-log-key").orElseThrow().line().matches(
                "PASS wrong-log-key: .* \\[tlog-witness §add-checkpoint \\(K11\\)\\]"), "greppable line");
        WitnessReport again = check(this::good, ORIGIN);
        assertTrue(again.passed(), again.results().toString());
        assertEquals(CheckResult.Status.SKIP, again.result("size-zero-empty-hash").orElseThrow().status());
        assertEquals(CheckResult.Status.SKIP, again.result("race-first-checkpoints").orElseThrow().status());
        again.write(dir.resolve("report"));
        assertTrue(Files.readString(dir.resolve("report/witness-report.html")).contains("wrong-log-key"));
        assertTrue(Files.readString(dir.resolve("report/witness-report.json")).contains("\"passed\" : true"));
    }

    @ParameterizedTest
    @EnumSource(BrokenWitnesses.Bug.class)
    void everyBrokenWitnessFailsTheCheckOfItsBug(BrokenWitnesses.Bug bug) throws Exception {
        WitnessReport r = check(store -> BrokenWitnesses.witness(bug, TrustedLogs.of(WitnessChecker.logKeys(ORIGIN)),
                keys(), store, () -> System.currentTimeMillis() / 1000), ORIGIN);
        assertTrue(!r.passed(), bug + " passed: " + r.results());
        String expected = switch (bug) {
            case SKIPS_CONSISTENCY_CHECK -> "bad-consistency-proof";
            case RECORDS_AFTER_ANSWERING -> "recorded-before-answer";
            case TRUSTS_ANY_LOG_SIGNATURE -> "wrong-log-key";
        };
        assertEquals(CheckResult.Status.FAIL, r.result(expected).orElseThrow().status(), r.results().toString());
    }
}
