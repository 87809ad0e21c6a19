package io.mtc4j.conformance.logcmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.log.client.Sleeper;
import io.mtc4j.spec.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc log fsck} and {@code mtc log tail} on log directories and on logs served over loopback HTTP. */
class FsckTailCommandTest {
    record Run(int rc, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run mtc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run tail(Sleeper poll, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = TailCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), poll);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fsckPassesAnHonestDirectoryAndReportsEachFinding(@TempDir Path dir) throws Exception {
        Path log = LogDirFixture.write(dir, 1, LogDirFixture.entries(600), LogDirFixture.CA_KEY);
        String ca = LogDirFixture.caPem(dir).toString();
        Run ok = mtc("log", "fsck", dir.toString(), "--log", "1", "--ca", ca);
        assertEquals(0, ok.rc(), ok.out() + ok.err());
        assertEquals(List.of("fsck: " + log + " size 600: 0 finding(s), 600 entries checked, CA signature checked"),
                ok.lines());
        assertTrue(ok.err().contains("fsck: entries 600/600"), ok.err());
        Run bar = mtc("log", "fsck", log.toString(), "--progress");
        assertEquals(0, bar.rc());
        assertTrue(bar.err().contains("\rfsck: [##############################] 100% 600/600 entries\n"), bar.err());
        assertTrue(bar.out().contains("signatures not checked (no --ca)"), bar.out());

        byte[] t = Files.readAllBytes(log.resolve("tile/0/001"));
        t[100] ^= 1;
        Files.write(log.resolve("tile/0/001"), t);
        Files.delete(log.resolve("tile/entries/002.p/88"));
        Run bad = mtc("log", "fsck", log.toString(), "--ca", ca);
        assertEquals(1, bad.rc(), bad.out());
        assertTrue(bad.lines().contains("TILE_MISMATCH tile/0/001: differs from the hashes of the entries below it"),
                bad.out());
        assertTrue(bad.lines().stream().anyMatch(l -> l.startsWith("OBJECT_MISSING tile/entries/002.p/88: ")), bad.out());
        assertTrue(bad.lines().get(bad.lines().size() - 1).startsWith("fsck: " + log + " size 600: "), bad.out());

        Run wrongCa = mtc("log", "fsck", dir.toString(), "--log", "2", "--ca", ca);
        assertEquals(2, wrongCa.rc(), "no log 2: " + wrongCa.err());
    }

    @Test
    void fsckChecksAServedLogAndItsSignature(@TempDir Path dir) throws Exception {
        LogDirFixture.write(dir, 1, LogDirFixture.entries(300), LogDirFixture.CA_KEY);
        Path other = dir.resolve("other");
        LogDirFixture.write(other, 1, LogDirFixture.entries(300), LogDirFixture.OTHER_KEY);
        String ca = LogDirFixture.caPem(dir).toString();
        try (LogDirFixture.Server s = new LogDirFixture.Server(dir)) {
            Run json = mtc("log", "fsck", s.url(), "--log", "1", "--ca", ca, "--json");
            assertEquals(0, json.rc(), json.out() + json.err());
            JsonNode j = new ObjectMapper().readTree(json.out());
            assertTrue(j.get("ok").asBoolean());
            assertEquals(s.url() + "/1", j.get("log").asText());
            assertEquals(300, j.get("tree_size").asLong());
            assertTrue(j.get("signatures_checked").asBoolean());
            assertEquals(0, j.get("findings").size());

            s.root.set(other);
            Run bad = mtc("log", "fsck", s.url() + "/1/", "--ca", ca);
            assertEquals(1, bad.rc(), bad.out());
            assertTrue(bad.lines().get(0).startsWith("CHECKPOINT_SIGNATURE checkpoint: "), bad.out());
        }
    }

    @Test
    void fsckUsageErrors(@TempDir Path dir) throws Exception {
        assertEquals(2, mtc("log", "fsck").rc());
        assertEquals(2, mtc("log", "fsck", dir.resolve("nope").toString()).rc());
        assertEquals(2, mtc("log", "fsck", dir.toString(), "--log", "0").rc());
        assertEquals(2, mtc("log", "fsck", dir.toString(), "--log", "01").rc());
        assertEquals(2, mtc("log", "fsck", "ftp://127.0.0.1/x").rc());
        assertEquals(2, mtc("log", "fsck", dir.toString(), "--ca", dir.resolve("none.pem").toString()).rc());
        Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertEquals(2, mtc("log", "fsck", dir.toString(), "--ca", dir.resolve("bad.pem").toString()).rc());
        assertEquals(2, mtc("log", "tail", dir.toString()).rc(), "tail needs --ca");
        Run help = mtc("log", "--help");
        assertTrue((help.out() + help.err()).contains("fsck DIR | URL"), help.out() + help.err());
    }

    @Test
    void tailFollowsAGrowingLogAndPrintsSerialsNamesAndAddresses(@TempDir Path dir) throws Exception {
        List<byte[]> entries = LogDirFixture.entries(700);
        Path small = dir.resolve("a");
        Path big = dir.resolve("b");
        LogDirFixture.write(small, 1, entries.subList(0, 200), LogDirFixture.CA_KEY);
        LogDirFixture.write(big, 1, entries, LogDirFixture.CA_KEY);
        String ca = LogDirFixture.caPem(dir).toString();
        try (LogDirFixture.Server s = new LogDirFixture.Server(small)) {
            List<Duration> polls = new ArrayList<>();
            Sleeper grow = d -> {
                polls.add(d);
                s.root.set(big); // the log grows between two polls
            };
            Run r = tail(grow, s.url(), "--log", "1", "--ca", ca, "--from", "0", "--to", "650", "--interval-ms", "10");
            assertEquals(0, r.rc(), r.err());
            assertEquals(List.of(Duration.ofMillis(10)), polls);
            List<String> lines = r.lines();
            assertEquals(650, lines.size());
            assertEquals("0 null_entry", lines.get(0));
            assertEquals("1 serial " + BigInteger.ONE.shiftLeft(48).or(BigInteger.ONE) + " names host1.example"
                    + " addresses -", lines.get(1));
            assertEquals("300 serial " + BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(300))
                    + " names host300.example addresses 192.0.2.44,2001:db8::12c", lines.get(300));

            s.root.set(small);
            Run json = tail(d -> s.root.set(big), s.url() + "/1", "--ca", ca, "--to", "202", "--json");
            assertEquals(0, json.rc(), json.err());
            assertEquals(2, json.lines().size(), "starts at the current size 200: " + json.out());
            JsonNode j = new ObjectMapper().readTree(json.lines().get(1));
            assertEquals(201, j.get("index").asLong());
            assertEquals("tbs_cert_entry", j.get("type").asText());
            assertEquals(BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(201)), j.get("serial").bigIntegerValue());
            assertEquals("192.0.2.201", j.get("addresses").get(0).asText());
            assertEquals("2001:db8::c9", j.get("addresses").get(1).asText());
        }
    }

    @Test
    void tailStopsOnARollbackOrABadSignature(@TempDir Path dir) throws Exception {
        List<byte[]> entries = LogDirFixture.entries(300);
        Path small = dir.resolve("a");
        Path big = dir.resolve("b");
        Path forged = dir.resolve("c");
        LogDirFixture.write(small, 1, entries.subList(0, 100), LogDirFixture.CA_KEY);
        LogDirFixture.write(big, 1, entries, LogDirFixture.CA_KEY);
        LogDirFixture.write(forged, 1, entries, LogDirFixture.OTHER_KEY);
        String ca = LogDirFixture.caPem(dir).toString();
        try (LogDirFixture.Server s = new LogDirFixture.Server(big)) {
            Run r = tail(d -> s.root.set(small), s.url(), "--log", "1", "--ca", ca, "--from", "290");
            assertEquals(1, r.rc());
            assertEquals(10, r.lines().size());
            assertTrue(r.err().startsWith("tail: rollback at " + s.url() + "/1/checkpoint: tree size 100 is smaller"
                    + " than the verified size 300"), r.err());

            s.root.set(forged);
            Run f = tail(d -> { }, s.url(), "--log", "1", "--ca", ca);
            assertEquals(1, f.rc());
            assertTrue(f.err().startsWith("tail: checkpoint-signature at " + s.url() + "/1/checkpoint"), f.err());
            assertFalse(f.out().contains("serial"));

            s.root.set(big);
            Run other = tail(d -> { }, s.url(), "--log", "2", "--ca", ca);
            assertEquals(1, other.rc());
            assertTrue(other.err().contains("http-status at " + s.url() + "/2/checkpoint"), other.err());
        }
    }

    @Test
    void theDemoLogNeedsDemoCompatibility() throws Exception {
        Path corpus = io.mtc4j.spec.testing.Interop.corpus("draft-demo-plants05");
        String ca = corpus.resolve("ca_cert.pem").toString();
        Run ok = mtc("log", "fsck", corpus.toString(), "--ca", ca, "--demo-compat");
        assertEquals(0, ok.rc(), ok.out());
        assertTrue(ok.out().endsWith("size 2036: 0 finding(s), 2036 entries checked, CA signature checked\n"), ok.out());
        Run strict = mtc("log", "fsck", corpus.toString(), "--ca", ca);
        assertEquals(1, strict.rc());
        assertTrue(strict.lines().get(0).startsWith("CHECKPOINT_SIGNATURE checkpoint: "), strict.out());
        try (LogDirFixture.Server s = new LogDirFixture.Server(corpus)) {
            Run t = tail(d -> { }, s.url(), "--ca", ca, "--demo-compat", "--from", "2034", "--to", "2036");
            assertEquals(0, t.rc(), t.err());
            assertEquals(List.of("2034 serial " + BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(2034))
                    + " names e.example addresses -", "2035 serial " + BigInteger.ONE.shiftLeft(48)
                    .or(BigInteger.valueOf(2035)) + " names e.example addresses -"), t.lines());
        }
    }

    @Test
    void aCorruptedBundleStopsTail(@TempDir Path dir) throws Exception {
        Path log = LogDirFixture.write(dir, 1, LogDirFixture.entries(300), LogDirFixture.CA_KEY);
        byte[] b = Files.readAllBytes(log.resolve("tile/entries/000"));
        b[b.length - 1] ^= 1;
        Files.write(log.resolve("tile/entries/000"), b);
        try (LogDirFixture.Server s = new LogDirFixture.Server(dir)) {
            Run r = tail(d -> { }, s.url() + "/1", "--ca", LogDirFixture.caPem(dir).toString(), "--from", "250");
            assertEquals(1, r.rc());
            assertEquals(Arrays.asList(), r.lines());
            assertTrue(r.err().startsWith("tail: leaf-hash at " + s.url() + "/1/tile/entries/000: 1 entry does not hash to tile/0/000"),
                    r.err());
        }
    }
}
