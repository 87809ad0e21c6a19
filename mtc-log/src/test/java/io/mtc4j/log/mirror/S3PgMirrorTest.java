package io.mtc4j.log.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link MirrorTest} with the mirror's copies and pending states on the S3 + PostgreSQL back end
 * (S3Proxy and PostgreSQL 15 started by {@code .ci/services start}): a fresh bucket and schema per test. Skipped
 * with a message naming the missing server when they are not configured, failed under {@code CI=true}
 * ({@link TestServers}).
 */
class S3PgMirrorTest extends MirrorTest {
    private S3PgConfig config;

    @Override
    Mirror openMirror() {
        if (config == null) {
            config = TestServers.freshConfig(Duration.ofSeconds(15));
        }
        return Mirror.open(S3PgLogStore.open(config), keys,
                origin -> origin.equals(log.origin()) ? log.verifiers() : List.of());
    }

    @Test
    void nothingOfTheMirrorIsOnTheLocalDisk() throws Exception {
        log.append(300);
        assertEquals(300, client.upload(log.client(), keys.verifiers()).checkpoint().size());
        stopMirror();
        startMirror();
        assertEquals(300, mirror.progress().get(log.origin())[0]);
        assertFalse(Files.exists(tmp.resolve("mirror")), "copies and pending states are in S3 + PostgreSQL");
    }

    @Override
    void cleanUp() {
        TestServers.dropSchema(config);
    }
}
