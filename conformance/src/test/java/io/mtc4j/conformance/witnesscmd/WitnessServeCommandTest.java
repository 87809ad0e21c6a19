package io.mtc4j.conformance.witnesscmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.witness.SimulatedLog;
import io.mtc4j.log.witness.WitnessClient;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc witness serve} in a child JVM: prints its vkeys and {@code witness: <URL>}, cosigns, stops on SIGTERM. */
class WitnessServeCommandTest {
    private static final String ORIGIN = "example.com/serve-test";

    @TempDir
    Path dir;

    @Test
    void servesPrintsItsKeysAndStopsOnSigterm() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "witness", "serve",
                dir.resolve("w").toString(), "--listen", "127.0.0.1:0", "--log-key", SimulatedLog.vkey(ORIGIN))
                .redirectError(dir.resolve("stderr").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<NoteVerifier> keys = new ArrayList<>();
            String line = out.readLine();
            while (line != null && line.startsWith("vkey: ")) {
                keys.add(NoteVerifier.fromVkey(line.substring("vkey: ".length())));
                line = out.readLine();
            }
            assertEquals(2, keys.size(), "an Ed25519 and an ML-DSA-44 key");
            assertTrue(line != null && line.startsWith("witness: http://127.0.0.1:"), line + " "
                    + Files.readString(dir.resolve("stderr")));
            WitnessClient c = new WitnessClient(URI.create(line.substring("witness: ".length())),
                    Duration.ofSeconds(60));
            SimulatedLog log = SimulatedLog.main(ORIGIN);
            HttpReply r = c.addCheckpoint(log.addCheckpointBody(0, 9));
            assertEquals(200, r.status(), r.toString());
            SignedNote cosigned = SignedNote.parse(new String(log.note(9), StandardCharsets.UTF_8) + r.text());
            assertEquals(2, cosigned.verify(keys).size());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.readString(dir.resolve("stderr")).contains("\"event\":\"stopped\""), "graceful stop");
            assertTrue(Files.exists(dir.resolve("w/checkpoints/" + io.mtc4j.log.witness.CosignedCheckpoint
                    .originHash(ORIGIN))), "the record");
        } finally {
            p.destroyForcibly();
        }
    }
}
