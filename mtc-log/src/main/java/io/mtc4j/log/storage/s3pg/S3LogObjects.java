package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LogObjects;
import java.util.Optional;

/** The read side of one log in the bucket: {@code <prefix><N>/<key>}; keys that are not tlog-tiles objects are absent. */
final class S3LogObjects implements LogObjects {
    private final Bucket bucket;
    private final long logNumber;

    S3LogObjects(Bucket bucket, long logNumber) {
        this.bucket = bucket;
        this.logNumber = logNumber;
    }

    static String key(long logNumber, String objectKey) {
        return logNumber + "/" + objectKey;
    }

    @Override
    public Optional<byte[]> read(String key) {
        if (!DirectoryLogObjects.isObjectKey(key)) {
            return Optional.empty();
        }
        return bucket.get(key(logNumber, key)).map(Bucket.Stored::data);
    }

    @Override
    public String toString() {
        return "S3LogObjects[s3://" + bucket.name() + "/" + bucket.fullKey(logNumber + "/") + "]";
    }
}
