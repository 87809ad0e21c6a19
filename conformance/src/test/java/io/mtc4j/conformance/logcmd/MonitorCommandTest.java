package io.mtc4j.conformance.logcmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc monitor} and {@code mtc monitor verify} through the CLI dispatcher, on a log served over loopback. */
class MonitorCommandTest {
    private static FsckTailCommandTest.Run mtc(String... args) {
        return FsckTailCommandTest.mtc(args);
    }

    @Test
    void theIssuesConfigShapeWorksAsWrittenOverHttp(@TempDir Path tmp) throws Exception {
        Path ca = tmp.resolve("ca");
        LogDirFixture.write(ca, 1, LogDirFixture.entries(40), LogDirFixture.CA_KEY);
        LogDirFixture.caPem(tmp);
        try (LogDirFixture.Server server = new LogDirFixture.Server(ca)) {
            Files.writeString(tmp.resolve("monitor.json"), "{\"logs\": [{\"url\": \"" + server.url() + "/1\", \"ca\":"
                    + " \"ca.pem\"}], \"state\": \"state\", \"rules\": [{\"name\": \"resolver\", \"dns\":"
                    + " [\"host7.example\"], \"ip\": [\"192.0.2.0/28\", \"2001:db8::/120\"], \"authorizedKeys\": [\""
                    + "00".repeat(32) + "\"]}]}");
            String config = tmp.resolve("monitor.json").toString();
            FsckTailCommandTest.Run r = mtc("monitor", "--config", config, "--once", "--progress");
            assertEquals(1, r.rc(), r.err());
            // entries 3, 6, 9, 12, 15 have 192.0.2.i (i < 16) and 2001:db8::i; 18..39 only 2001:db8::i (i < 256)
            List<String> lines = r.lines();
            assertTrue(lines.contains(lines.stream().filter(l -> l.startsWith("ALERT resolver 1:7 dns host7.example"))
                    .findFirst().orElse("missing host7")), r.out());
            assertEquals(14, lines.size(), r.out()); // 13 multiples of 3 in 3..39, and entry 7
            assertTrue(lines.stream().allMatch(l -> l.startsWith("ALERT resolver 1:")), r.out());
            assertTrue(r.err().contains("entries/s") && r.err().contains("ETA"), r.err());
            assertTrue(r.err().contains("monitor: read 40 entries; 14 alert(s)"), r.err());
            // resumes: nothing new, nothing repeated
            FsckTailCommandTest.Run again = mtc("monitor", "--config", config, "--once");
            assertEquals(0, again.rc(), again.err());
            assertEquals("", again.out());
            // every evidence bundle verifies offline, pinned to the CA certificate
            String evidence = lines.get(0).substring(lines.get(0).lastIndexOf(" evidence ") + 10);
            FsckTailCommandTest.Run v = mtc("monitor", "verify", evidence, "--ca", tmp.resolve("ca.pem").toString());
            assertEquals(0, v.rc(), v.out());
            assertTrue(v.out().startsWith("VERIFIED entry 1:"), v.out());
            Path forged = tmp.resolve("forged.json");
            Files.writeString(forged, Files.readString(Path.of(evidence)).replaceFirst("\"index\" : (\\d+)",
                    "\"index\" : 1"));
            FsckTailCommandTest.Run bad = mtc("monitor", "verify", forged.toString());
            assertEquals(1, bad.rc(), bad.out());
            assertTrue(bad.out().startsWith("NOT VERIFIED"), bad.out());
        }
    }

    @Test
    void jsonLinesAndConfigErrors(@TempDir Path tmp) throws Exception {
        Path ca = tmp.resolve("ca");
        LogDirFixture.write(ca, 1, LogDirFixture.entries(10), LogDirFixture.CA_KEY);
        LogDirFixture.caPem(tmp);
        Files.writeString(tmp.resolve("m.json"), "{\"logs\": [{\"dir\": \"ca\", \"ca\": \"ca.pem\"}], \"state\": \"s\","
                + " \"rules\": [{\"name\": \"doc\", \"ip\": [\"192.0.2.6\"]}]}");
        FsckTailCommandTest.Run r = mtc("monitor", "--config", tmp.resolve("m.json").toString(), "--once", "--json");
        assertEquals(1, r.rc(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.lines().get(0));
        assertEquals("alert", o.get("type").asText());
        assertEquals("doc", o.get("rule").asText());
        assertEquals(6, o.get("index").asInt());
        assertEquals(1, r.lines().size());
        Files.writeString(tmp.resolve("bad.json"), "{\"logs\": [{\"dir\": \"ca\", \"ca\": \"ca.pem\"}], \"state\": \"s\","
                + " \"rules\": [{\"name\": \"doc\", \"ip\": [\"192.0.2.6/33\"]}]}");
        FsckTailCommandTest.Run bad = mtc("monitor", "--config", tmp.resolve("bad.json").toString(), "--once");
        assertEquals(2, bad.rc());
        assertTrue(bad.err().contains("rules[0].ip[0]"), bad.err());
        Files.writeString(tmp.resolve("bad2.json"), "{\"logs\": [], \"state\": \"s\", \"rulez\": []}");
        FsckTailCommandTest.Run bad2 = mtc("monitor", "--config", tmp.resolve("bad2.json").toString(), "--once");
        assertEquals(2, bad2.rc());
        assertTrue(bad2.err().contains("rulez: unknown field"), bad2.err());
    }
}
