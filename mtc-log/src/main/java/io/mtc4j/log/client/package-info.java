/**
 * The log client: reads a C2SP tlog-tiles log (an MTC issuance log, mtc-tlog) over HTTP or from a directory and
 * trusts nothing it has not proven. {@link io.mtc4j.log.client.LogClient} verifies checkpoints (signatures,
 * acceptance policy, consistency), tiles (up to the root) and entries (against the level-0 tiles);
 * {@link io.mtc4j.log.client.HttpLogTransport} bounds every request in size and time and retries with back-off;
 * {@link io.mtc4j.log.client.HttpLogObjects} exposes a served log as {@link io.mtc4j.log.storage.LogObjects}.
 * Every failure is a {@link io.mtc4j.log.client.LogClientException} naming the check and the URL.
 */
package io.mtc4j.log.client;
