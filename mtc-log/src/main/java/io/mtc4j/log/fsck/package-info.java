/**
 * Checking a whole issuance log: {@link io.mtc4j.log.fsck.LogFsck} reads a log through
 * {@link io.mtc4j.log.storage.LogObjects} and returns an {@link io.mtc4j.log.fsck.FsckReport} of typed
 * {@link io.mtc4j.log.fsck.Finding}s; the {@code mtc log fsck} command is built on it.
 */
package io.mtc4j.log.fsck;
