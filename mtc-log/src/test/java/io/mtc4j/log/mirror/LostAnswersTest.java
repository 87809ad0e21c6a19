package io.mtc4j.log.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.storage.ForwardingStorage;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.SignedNote;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A back end that makes a write durable and then fails to say so (an S3 + PostgreSQL commit whose answer is lost on
 * the network): the mirror reads the state back, so the pending checkpoint is acknowledged once it is durable and a
 * retried upload finds its commit and gets the mirror's signatures, without a rewind or a second view.
 */
class LostAnswersTest {
    @TempDir
    Path tmp;

    SourceLog log;
    MirrorKeys keys;
    LosingStore store;
    Mirror mirror;
    MirrorServer server;
    MirrorClient client;

    @BeforeEach
    void start() throws Exception {
        log = new SourceLog(tmp.resolve("ca"), 11);
        keys = MirrorTest.keys(3);
        store = new LosingStore(LocalDirectoryStore.open(tmp.resolve("mirror")));
        startMirror();
    }

    void startMirror() {
        mirror = Mirror.open(store, keys, origin -> origin.equals(log.origin()) ? log.verifiers() : List.of());
        server = MirrorServer.start(mirror, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withAccessLog(false), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        client = new MirrorClient(server.url(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
        mirror.close();
        log.close();
    }

    @Test
    void aPendingCheckpointWrittenWithItsAnswerLostIsAcknowledged() throws Exception {
        log.append(20);
        LogClient c = log.client();
        store.loseNext = "replaceWriterState";
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), c.checkpointNote()
                .orElseThrow())).status(), "durable, so acknowledged");
        assertEquals(null, store.loseNext, "the answer was lost");
        log.append(10);
        c = log.client();
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(20, c.consistencyProof(20), c.checkpointNote()
                .orElseThrow())).status(), "the next compare-and-swap expects what is stored");
        server.close();
        mirror.close();
        store = new LosingStore(LocalDirectoryStore.open(tmp.resolve("mirror")));
        startMirror();
        HttpReply r = client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), c.checkpointNote()
                .orElseThrow()));
        assertEquals(409, r.status());
        assertEquals("30\n", r.text(), "the pending checkpoint survives");
    }

    @Test
    void aCommitWithItsAnswerLostIsFoundByTheRetry() throws Exception {
        log.append(300);
        LogClient c = log.client();
        store.loseNext = "commit";
        MirrorException e = assertThrows(MirrorException.class, () -> client.upload(c, keys.verifiers()));
        assertEquals(500, e.status());
        assertEquals(300, mirror.progress().get(log.origin())[0], "committed: the mirror knows it");
        MirrorClient.Result again = client.upload(c, keys.verifiers());
        assertEquals(300, again.checkpoint().size());
        SignedNote served = SignedNote.parse(mirror.copy(log.origin()).orElseThrow().read("checkpoint")
                .orElseThrow());
        assertEquals(2, served.verify(keys.verifiers()).size());
        assertEquals(again.cosignatures().stream().map(NoteSignature::line).toList(),
                served.verify(keys.verifiers()).stream().map(NoteSignature::line).toList(),
                "the retry answers with the signatures committed, not new ones");
    }

    /** A store whose writers perform the named write, then throw as if its answer were lost. */
    static final class LosingStore implements LogStore {
        private final LogStore real;
        volatile String loseNext;

        LosingStore(LogStore real) {
            this.real = real;
        }

        void lose(String what) {
            if (what.equals(loseNext)) {
                loseNext = null;
                throw new LogStorageException(what + ": the answer was lost (test)");
            }
        }

        @Override
        public List<Long> logNumbers() {
            return real.logNumbers();
        }

        @Override
        public Optional<LogObjects> objects(long logNumber) {
            return real.objects(logNumber);
        }

        @Override
        public LogStorage openWriter(long logNumber) {
            return new Losing(real.openWriter(logNumber));
        }

        @Override
        public void close() {
            real.close();
        }

        /** The writer: forwards, losing the chosen answer. */
        final class Losing extends ForwardingStorage {
            Losing(LogStorage w) {
                super(w);
            }

            @Override
            public void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
                real.commit(fromSize, toSize, rootHash, checkpoint);
                lose("commit");
            }

            @Override
            public void replaceWriterState(Optional<byte[]> expected, byte[] data) {
                real.replaceWriterState(expected, data);
                lose("replaceWriterState");
            }
        }
    }
}
