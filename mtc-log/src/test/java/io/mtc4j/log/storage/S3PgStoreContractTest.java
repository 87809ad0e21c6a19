package io.mtc4j.log.storage;

import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The storage contract for the s3pg back end, against PostgreSQL and S3Proxy: each location is a fresh bucket and
 * PostgreSQL schema, named by an {@code s3pg://} URI; credentials come from the test servers' variables mapped onto
 * the names the back end reads ({@code AWS_ACCESS_KEY_ID}, ..., {@code PGPASSWORD}). In this package because
 * JUnit runs the contract's package-private test methods only in subclasses of the same package.
 */
class S3PgStoreContractTest extends LogStoreContract {
    private final List<S3PgConfig> made = new ArrayList<>();

    @Override
    protected String freshLocation() {
        S3PgConfig c = TestServers.freshConfig(Duration.ofSeconds(15));
        made.add(c);
        return "s3pg://" + c.bucket() + "?endpoint=" + c.endpoint() + "&region=" + c.region() + "&jdbc="
                + URLEncoder.encode(c.jdbcUrl(), StandardCharsets.UTF_8) + "&schema=" + c.schema();
    }

    @Override
    protected LogStore openStore(String location) {
        S3PgConfig t = made.get(made.size() - 1);
        return S3PgLogStore.open(S3PgConfig.fromUri(location, Map.of("AWS_ACCESS_KEY_ID", t.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", t.secretKey(), "PGUSER", t.pgUser(), "PGPASSWORD", t.pgPassword())));
    }

    @Override
    protected void cleanUp() {
        made.forEach(TestServers::dropSchema);
        made.clear();
    }
}
