/**
 * Storage of issuance logs: {@link io.mtc4j.log.storage.LogStorage} (the writer's operations) and
 * {@link io.mtc4j.log.storage.LogObjects} (what readers GET), with a local-directory back end and an
 * S3-compatible object storage plus PostgreSQL back end.
 */
package io.mtc4j.log.storage;
