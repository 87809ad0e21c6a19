/**
 * Storage of issuance logs: {@link io.mtc4j.log.storage.LogStorage} (the writer's operations) and
 * {@link io.mtc4j.log.storage.LogObjects} (what readers GET), with a local-directory back end and an
 * S3-compatible object storage plus PostgreSQL back end.
 *
 * <p>Durability: every write method returns once what it wrote is durable. The local directory acknowledges an
 * appended batch once its write-ahead record is synced and publishes it a moment later, in the order a static
 * reader needs: every tile synced and renamed into place, its directory synced, and only then the checkpoint (and
 * landmarks file) that refers to it. So the directory, served byte for byte by any static web server, is a valid
 * tlog-tiles log at every instant, also after a power loss and before the writer reopens; the writer's own reads
 * (and {@link io.mtc4j.log.storage.LocalDirectoryStore#objects} while it is open) already answer with the
 * acknowledged batches, and {@link io.mtc4j.log.storage.LogStorage#publishAppended} waits for the publication.
 */
package io.mtc4j.log.storage;
