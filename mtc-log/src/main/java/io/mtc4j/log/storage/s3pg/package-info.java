/**
 * The S3-compatible object storage plus PostgreSQL back end of issuance-log storage ("s3pg"), for a CA that
 * outgrows one machine: {@link io.mtc4j.log.storage.s3pg.S3PgLogStore} (opened from an {@code s3pg://} storage URI,
 * see {@link io.mtc4j.log.storage.s3pg.S3PgConfig}), the leader lease that lets exactly one process sequence a log,
 * the durable {@link io.mtc4j.log.storage.s3pg.PendingPool} front ends submit to, and the
 * {@link io.mtc4j.log.storage.s3pg.PoolSequencer} that drains it. The crash-ordering argument is in
 * {@code S3PgLogStorage}.
 */
package io.mtc4j.log.storage.s3pg;
