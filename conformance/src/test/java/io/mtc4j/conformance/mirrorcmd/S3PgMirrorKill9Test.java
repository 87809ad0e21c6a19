package io.mtc4j.conformance.mirrorcmd;

import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link MirrorKill9Test} with the copies and their pending states in S3 + PostgreSQL ({@code "storage"} in
 * {@code mirror.json}; S3Proxy and PostgreSQL 15 of {@code .ci/services}, skipped locally without them, failed under
 * {@code CI=true}): the same SIGKILLs at random points, the same checks on the copy as the bucket holds it. Leases of
 * five seconds (a restart waits for a killed child's leases to expire; long enough that a loaded machine's late
 * renewal does not depose the clean last run). 10 trials by default.
 */
class S3PgMirrorKill9Test extends MirrorKill9Test {
    private S3PgConfig config;

    @Override
    void configure(Path mirrorDir) throws Exception {
        config = TestServers.freshConfig(Duration.ofSeconds(5));
        String location = "s3pg://" + config.bucket() + "?endpoint=" + config.endpoint() + "&region="
                + config.region() + "&jdbc=" + URLEncoder.encode(config.jdbcUrl(), StandardCharsets.UTF_8)
                + "&schema=" + config.schema() + "&lease=PT5S";
        Files.writeString(mirrorDir.resolve(ServeMirrorCommand.CONFIG_FILE), "{\"storage\": \"" + location + "\"}");
    }

    @Override
    Map<String, String> childEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", config.accessKeyId(), "AWS_SECRET_ACCESS_KEY", config.secretKey(),
                "PGUSER", config.pgUser(), "PGPASSWORD", config.pgPassword());
    }

    @Override
    LogStore openCopies() {
        return S3PgLogStore.open(config);
    }

    @Override
    int defaultTrials() {
        return 10;
    }

    @AfterEach
    void dropSchema() {
        TestServers.dropSchema(config);
    }
}
