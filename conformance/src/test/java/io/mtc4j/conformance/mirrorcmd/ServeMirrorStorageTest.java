package io.mtc4j.conformance.mirrorcmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.logcmd.LogDirFixture;
import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.mirror.AddCheckpointRequest;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorClient;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.TestServers;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code "storage"} field of {@code mtc mirror serve}'s configuration file: a malformed location is a usage
 * error naming the field; an {@code s3pg://} location puts the copies and their pending state in S3 + PostgreSQL
 * (S3Proxy and PostgreSQL 15 of {@code .ci/services}; skipped locally without them, failed under {@code CI=true}),
 * nothing of them in DIR, and both survive a stop and a start of the command.
 */
class ServeMirrorStorageTest {
    @TempDir
    Path dir;

    @Test
    void aMalformedStorageLocationIsAUsageErrorNamingTheField() throws Exception {
        NoteSigner logKey = NoteSigner.ed25519("example.com/log", Keys.generate(SignatureAlgorithm.ED25519,
                new SecureRandom(), SigningMode.RANDOMIZED));
        Path mirrorDir = dir.resolve("mirror");
        Files.createDirectories(mirrorDir);
        Files.writeString(mirrorDir.resolve(ServeMirrorCommand.CONFIG_FILE), "{\"storage\": \"nosuch://x\", \"logs\": [\""
                + logKey.verifier().vkey().orElseThrow() + "\"]}");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        UsageException e = assertThrows(UsageException.class,
                () -> ServeMirrorCommand.run(List.of(mirrorDir.toString()), sink, sink));
        assertTrue(e.getMessage().contains("\"storage\"") && e.getMessage().contains("nosuch"), e.getMessage());
        assertFalse(Files.exists(mirrorDir.resolve("logs")), "nothing written for a refused location");
    }

    @Test
    void copiesAndPendingStateLiveInTheConfiguredS3PgStorageAcrossARestart() throws Exception {
        S3PgConfig config = TestServers.freshConfig(Duration.ofSeconds(15));
        try {
            TrustAnchorId ca = TrustAnchorId.parse("32473.1");
            SecureRandom keyRandom = new SecureRandom();
            NoteSigner caCosigner = NoteSigner.mlDsa44Cosigner(ca.tlogName(), Keys.generate(
                    SignatureAlgorithm.MLDSA44, keyRandom, SigningMode.RANDOMIZED), () -> 0);
            String origin = ca.logId(1).tlogName();
            NoteSigner logKey = NoteSigner.ed25519(origin, Keys.generate(SignatureAlgorithm.ED25519, keyRandom,
                    SigningMode.RANDOMIZED));
            List<NoteVerifier> logVerifiers = List.of(logKey.verifier());
            Path mirrorDir = dir.resolve("mirror");
            Files.createDirectories(mirrorDir);
            String location = "s3pg://" + config.bucket() + "/mirror?endpoint=" + config.endpoint() + "&region="
                    + config.region() + "&jdbc=" + URLEncoder.encode(config.jdbcUrl(), StandardCharsets.UTF_8)
                    + "&schema=" + config.schema();
            Files.writeString(mirrorDir.resolve(ServeMirrorCommand.CONFIG_FILE), "{\"storage\": \"" + location
                    + "\", \"listen\": \"127.0.0.1:0\", \"logs\": [\"" + logKey.verifier().vkey().orElseThrow()
                    + "\"]}");
            try (LogStore store = LocalDirectoryStore.open(dir.resolve("ca"))) {
                Sequencer log = Sequencer.open(store.openWriter(1), new SequencerConfig(ca, 1, Profile.PLANTS_05,
                        List.of(caCosigner, logKey)));
                List<byte[]> all = LogDirFixture.entries(700);
                log.append(all.subList(0, 300));
                LogClient source = LogClient.builder(LogTransport.of(store.objects(1).orElseThrow(), "ca"))
                        .verifiers(logVerifiers).build();
                source.update();

                MirrorProcess child = start(mirrorDir, config);
                List<NoteVerifier> mirrorKeys = child.vkeys().stream().map(NoteVerifier::fromVkey).toList();
                MirrorClient client = new MirrorClient(child.url(), Duration.ofSeconds(60));
                assertEquals(300, client.upload(source, mirrorKeys).checkpoint().size());
                log.append(all.subList(300, 700));
                source.update();
                SignedNote pending = source.checkpointNote().orElseThrow();
                assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(300, source.consistencyProof(300),
                        pending)).status());
                stop(child);

                MirrorProcess again = start(mirrorDir, config);
                assertEquals(child.vkeys(), again.vkeys());
                assertEquals(300, servedSize(again.url(), origin), "the mirror checkpoint survives the restart");
                HttpReply r = new MirrorClient(again.url(), Duration.ofSeconds(60)).addCheckpoint(
                        AddCheckpointRequest.of(300, source.consistencyProof(300), pending));
                assertEquals(409, r.status(), "the pending checkpoint survives the restart");
                assertEquals("700\n", r.text());
                assertEquals(700, new MirrorClient(again.url(), Duration.ofSeconds(60)).upload(source, mirrorKeys)
                        .checkpoint().size());
                assertEquals(700, servedSize(again.url(), origin));
                stop(again);
                assertFalse(Files.exists(mirrorDir.resolve("logs")), "nothing of the copies in DIR");
                assertTrue(Files.isDirectory(mirrorDir.resolve("keys")), "the keys stay in DIR");
            }
        } finally {
            TestServers.dropSchema(config);
        }
    }

    private static long servedSize(URI url, String origin) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/" + Mirror.originHash(origin) + "/checkpoint")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return Checkpoint.parse(SignedNote.parse(r.body()).text()).size();
    }

    /** SIGTERM, which releases the copies' leases before the process exits. */
    private static void stop(MirrorProcess c) throws InterruptedException {
        c.process().destroy();
        c.process().waitFor();
    }

    /** {@code mtc mirror serve DIR}, its S3 and PostgreSQL credentials in the environment. */
    private MirrorProcess start(Path mirrorDir, S3PgConfig config) throws IOException, InterruptedException {
        return MirrorProcess.start(mirrorDir, dir.resolve("child.stderr"), Map.of("AWS_ACCESS_KEY_ID",
                config.accessKeyId(), "AWS_SECRET_ACCESS_KEY", config.secretKey(), "PGUSER", config.pgUser(),
                "PGPASSWORD", config.pgPassword()));
    }
}
