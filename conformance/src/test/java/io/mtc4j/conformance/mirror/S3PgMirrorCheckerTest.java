package io.mtc4j.conformance.mirror;

import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import java.time.Duration;

/**
 * {@link MirrorCheckerTest} with the mirror's copies and pending states in S3 + PostgreSQL (S3Proxy and PostgreSQL
 * 15 of {@code .ci/services}): every black-box check and attack of {@code mtc conformance mirror} on that back end.
 * Skipped locally without the servers, failed under {@code CI=true} ({@link TestServers}).
 */
class S3PgMirrorCheckerTest extends MirrorCheckerTest {
    private S3PgConfig config;

    @Override
    Mirror openMirror() {
        config = TestServers.freshConfig(Duration.ofSeconds(15));
        return Mirror.open(S3PgLogStore.open(config), keys, MirrorCheckerTest::trusted);
    }

    @Override
    void cleanUp() {
        TestServers.dropSchema(config);
    }
}
