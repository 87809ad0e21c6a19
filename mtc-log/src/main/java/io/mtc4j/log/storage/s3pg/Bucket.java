package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorageException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The objects of one bucket under one key prefix, with the conditional writes the back end relies on
 * ({@code If-None-Match: *} to create, {@code If-Match: ETag} to replace). Thread-safe (the S3 client is).
 */
final class Bucket {
    /** An object's bytes, its entity tag and its user metadata. */
    record Stored(byte[] data, String etag, Map<String, String> metadata) {
    }

    /** The outcome of a conditional write. */
    enum Put { WRITTEN, PRECONDITION_FAILED }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    Bucket(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    String name() {
        return bucket;
    }

    String fullKey(String key) {
        return prefix + key;
    }

    Optional<Stored> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(
                    GetObjectRequest.builder().bucket(bucket).key(prefix + key).build());
            return Optional.of(new Stored(r.asByteArrayUnsafe(), r.response().eTag(), r.response().metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("GET", key, e);
        } catch (RuntimeException e) {
            throw failure("GET", key, e);
        }
    }

    /** PUT without condition (the landmarks file). */
    void put(String key, byte[] data, String contentType) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(contentType).build(),
                    RequestBody.fromBytes(data));
        } catch (RuntimeException e) {
            throw failure("PUT", key, e);
        }
    }

    /**
     * PUT only if the object does not exist ({@code etag} empty: {@code If-None-Match: *}) or still has entity tag
     * {@code etag} ({@code If-Match}).
     *
     * <p>A server may refuse the condition (412) while the client is still sending the body and close the
     * connection, so that the client sees only a failed write, no status. Such an outcome without a status is
     * settled by reading the object: if its state already fails the condition (it exists; its entity tag is another)
     * the answer is {@link Put#PRECONDITION_FAILED}, which every caller settles by reading and comparing the bytes
     * (whoever wrote them); otherwise the failure stands.
     */
    Put putIf(String key, byte[] data, String contentType, Map<String, String> metadata, Optional<String> etag) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(contentType)
                .metadata(metadata);
        if (etag.isPresent()) {
            b.ifMatch(etag.get());
        } else {
            b.ifNoneMatch("*");
        }
        try {
            s3.putObject(b.build(), RequestBody.fromBytes(data));
            return Put.WRITTEN;
        } catch (S3Exception e) {
            // 412 Precondition Failed; 409 ConditionalRequestConflict when a concurrent conditional write won.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return Put.PRECONDITION_FAILED;
            }
            throw failure("PUT", key, e);
        } catch (SdkClientException e) {
            Optional<Stored> now;
            try {
                now = get(key);
            } catch (LogStorageException again) {
                e.addSuppressed(again);
                throw failure("PUT", key, e);
            }
            if (now.isPresent() && (etag.isEmpty() || !etag.get().equals(now.get().etag()))) {
                return Put.PRECONDITION_FAILED;
            }
            throw failure("PUT", key, e);
        } catch (RuntimeException e) {
            throw failure("PUT", key, e);
        }
    }

    private LogStorageException failure(String op, String key, RuntimeException e) {
        String why = e instanceof S3Exception s ? "HTTP " + s.statusCode() + " "
                + (s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode()) : e.getClass().getSimpleName();
        return new LogStorageException(op + " s3://" + bucket + "/" + prefix + key + " failed: " + why, e);
    }
}
