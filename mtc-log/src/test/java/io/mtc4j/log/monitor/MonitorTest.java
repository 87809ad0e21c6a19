package io.mtc4j.log.monitor;

import static io.mtc4j.log.monitor.TestEntries.ip;
import static io.mtc4j.log.monitor.TestEntries.key;
import static io.mtc4j.log.monitor.TestEntries.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower on local logs: exactly once across restarts, log switches, rollbacks, evidence. */
class MonitorTest {
    static final String RULES = "[{\"name\": \"resolver\", \"dns\": [\"one.one.one.one\"], \"ip\": [\"1.1.1.1\","
            + " \"2606:4700:4700::/48\"], \"authorizedKeys\": [\"" + HexFormat.of().formatHex(key("good")) + "\"]}]";

    static List<byte[]> batch(int n, int... alertingAt) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int k = i;
            boolean bad = java.util.Arrays.stream(alertingAt).anyMatch(a -> a == k);
            out.add(bad ? spec().cn("1.1.1.1").key(key("bad" + i)).encode()
                    : i % 3 == 0 ? spec().dns("one.one.one.one").key(key("good")).encode()
                    : spec().dns("host" + i + ".example").encode());
        }
        return out;
    }

    static Monitor open(Path config, List<Alert> sink) throws Exception {
        return Monitor.open(MonitorConfig.read(config), MonitorListener.none(), List.of((a, e) -> sink.add(a)),
                Duration.ofSeconds(10));
    }

    static List<String> ids(List<Alert> l) {
        return l.stream().map(Alert::id).toList();
    }

    @Test
    void readsEachEntryOnceAndResumesExactlyAfterARestart(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, batch(300, 5, 250));
            Path config = fx.config("\"dir\": \"store\"", RULES, "");
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(config, seen)) {
                Monitor.Pass p = m.runOnce();
                assertEquals(300, p.entries());
                assertEquals(2, p.alerts());
                assertEquals(0, m.runOnce().entries());
            }
            assertEquals(List.of("resolver 1:5", "resolver 1:250"), ids(seen));
            fx.append(1, batch(10, 3));
            try (Monitor m = open(config, seen)) {
                assertEquals(10, m.runOnce().entries());
            }
            assertEquals(List.of("resolver 1:5", "resolver 1:250", "resolver 1:303"), ids(seen));
            // a crash after journaling but before the position moved: the entries are read again, nothing repeats
            Files.delete(Files.list(tmp.resolve("state/positions")).findFirst().orElseThrow());
            try (Monitor m = open(config, seen)) {
                Monitor.Pass p = m.runOnce();
                assertEquals(310, p.entries());
                assertEquals(0, p.alerts());
            }
            assertEquals(3, seen.size());
            for (Alert a : seen) {
                EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(
                        a.evidence()))), Optional.of(Files.readAllBytes(fx.caPem)), TestEntries.PROFILE);
                assertTrue(v.summary().contains("is logged"), v.summary());
                assertTrue(a.line().startsWith("ALERT resolver 1:"), a.line());
            }
        }
    }

    @Test
    void undeliveredAlertsAreDeliveredByTheNextRun(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, batch(20, 7));
            Path config = fx.config("\"dir\": \"store/1\"", RULES, "");
            try (Monitor m = Monitor.open(MonitorConfig.read(config), MonitorListener.none(), List.of((a, e) -> {
                throw new java.io.IOException("receiver down");
            }), Duration.ofSeconds(10))) {
                Monitor.Pass p = m.runOnce();
                assertEquals(1, p.alerts());
                assertTrue(p.errors().get(0).contains("receiver down"), p.errors().toString());
            }
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(config, seen)) {
                assertEquals(0, m.runOnce().alerts()); // journaled by the first run, delivered now
            }
            assertEquals(List.of("resolver 1:7"), ids(seen));
        }
    }

    @Test
    void aNewLogNumberIsAnAlertAndIsFollowed(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, batch(5));
            Path config = fx.config("\"dir\": \"store/1\"", RULES, "");
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(config, seen)) {
                m.runOnce();
                assertEquals(List.of(), seen);
                fx.append(2, batch(4, 2));
                m.runOnce();
            }
            assertEquals(List.of("log-switch 2:0", "resolver 2:2"), ids(seen));
            EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(
                    seen.get(0).evidence()))), Optional.empty(), TestEntries.PROFILE);
            assertTrue(v.summary().startsWith("log switch"), v.summary());
        }
    }

    @Test
    void aLogThatGoesBackwardsIsARollbackAlertWithEvidence(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, batch(10));
            byte[] older = Files.readAllBytes(fx.log(1).resolve("checkpoint"));
            fx.append(1, batch(10));
            Path config = fx.config("\"dir\": \"store/1\"", RULES, "");
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(config, seen)) {
                m.runOnce();
                Files.write(fx.log(1).resolve("checkpoint"), older); // the log now serves its older checkpoint
                m.runOnce();
                m.runOnce(); // still rolled back: not reported twice
            }
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).id().startsWith("rollback 1:10 @"), seen.get(0).id());
            EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(
                    seen.get(0).evidence()))), Optional.of(Files.readAllBytes(fx.caPem)), TestEntries.PROFILE);
            assertTrue(v.summary().startsWith("rollback: "), v.summary());
        }
    }

    @Test
    void aLogThatForksIsASplitViewWithAConsistencyProof(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp.resolve("a")); MonitorFixture other = new MonitorFixture(
                tmp.resolve("b"))) {
            fx.append(1, batch(10));
            other.append(1, batch(15, 4)); // the same CA signs another tree
            Path served = tmp.resolve("a/served");
            copy(fx.log(1), served);
            Path config = fx.config("\"dir\": \"served\"", RULES, "");
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(config, seen)) {
                m.runOnce();
                assertEquals(List.of(), seen);
                copy(other.log(1), served);
                m.runOnce();
            }
            assertEquals(1, seen.size(), seen.toString());
            assertTrue(seen.get(0).id().startsWith("split-view 1:10 @"), seen.get(0).id());
            EvidenceVerifier.Verified v = EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(
                    seen.get(0).evidence()))), Optional.of(Files.readAllBytes(fx.caPem)), TestEntries.PROFILE);
            assertTrue(v.summary().contains("sizes 10 and 15") && v.summary().contains("inconsistent"), v.summary());
        }
    }

    /** Replaces {@code to} with a copy of the log directory {@code from}. */
    static void copy(Path from, Path to) throws java.io.IOException {
        if (Files.exists(to)) {
            try (var s = Files.walk(to)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void tamperedEvidenceDoesNotVerify(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, batch(40, 17));
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(fx.config("\"dir\": \"store\"", RULES, ""), seen)) {
                m.runOnce();
            }
            Evidence e = Evidence.parse(Files.readAllBytes(Path.of(seen.get(0).evidence())));
            byte[] other = spec().cn("1.1.1.1").key(key("someone else")).encode();
            Evidence forged = new Evidence(e.kind(), e.origin(), e.logNumber(), e.index(), other, e.inclusionProof(),
                    e.checkpoint(), e.checkpointSource(), e.other(), e.otherSource(), e.subtreeHash(),
                    e.consistencyProof(), e.caCertificate(), e.keys(), false);
            assertThrows(MtcException.class, () -> EvidenceVerifier.verify(forged, Optional.empty(), TestEntries.PROFILE));
            Evidence moved = new Evidence(e.kind(), e.origin(), e.logNumber(), e.index() + 1, e.entry(),
                    e.inclusionProof(), e.checkpoint(), e.checkpointSource(), e.other(), e.otherSource(),
                    e.subtreeHash(), e.consistencyProof(), e.caCertificate(), e.keys(), false);
            assertThrows(MtcException.class, () -> EvidenceVerifier.verify(moved, Optional.empty(), TestEntries.PROFILE));
            EvidenceVerifier.verify(e, Optional.empty(), TestEntries.PROFILE);
        }
    }

    @Test
    void structuralAlertsNeedNoRule(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, List.of(MtcLogEntry.nullEntry(TestEntries.PROFILE).encode(), spec().dns("sub.example").ca().encode(),
                    spec().dns("long.example").days(800).encode(), spec().ips(ip("9.9.9.9")).encode()));
            List<Alert> seen = new ArrayList<>();
            try (Monitor m = open(fx.config("\"dir\": \"store\"", "[]", ", \"structural\": {\"maxValidityDays\": 398}"),
                    seen)) {
                m.runOnce();
            }
            assertEquals(List.of("ca-true 1:1", "validity 1:2"), ids(seen));
        }
    }
}
