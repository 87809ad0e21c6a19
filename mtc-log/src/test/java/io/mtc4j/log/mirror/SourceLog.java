package io.mtc4j.log.mirror;

import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.spec.note.NoteVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A CA's issuance log in a directory (TestCa keys from a seed), the log a mirror copies in these tests. */
final class SourceLog implements AutoCloseable {
    final TestCa ca;
    final LogStore store;
    final Sequencer sequencer;
    final Random rnd;

    SourceLog(Path dir, long seed) {
        this.ca = new TestCa(seed);
        this.store = LocalDirectoryStore.open(dir);
        this.sequencer = Sequencer.open(store.openWriter(TestCa.LOG_NUMBER), ca.config());
        this.rnd = new Random(seed);
    }

    String origin() {
        return sequencer.origin();
    }

    List<NoteVerifier> verifiers() {
        return ca.verifiers();
    }

    void append(int n) {
        int left = n;
        while (left > 0) {
            int k = Math.min(left, 300);
            sequencer.append(TestCa.entries(rnd, k));
            left -= k;
        }
    }

    LogObjects objects() {
        return store.objects(TestCa.LOG_NUMBER).orElseThrow();
    }

    /** A client of the log at its current checkpoint. */
    LogClient client() {
        LogClient c = LogClient.builder(LogTransport.of(objects(), "source")).verifiers(verifiers()).build();
        c.update();
        return c;
    }

    @Override
    public void close() {
        store.close();
    }
}
