/**
 * Sequencing an issuance log: {@link io.mtc4j.log.sequencer.Sequencer} appends batches of MTCLogEntry values,
 * writes their tiles and publishes signed checkpoints, crash-safely, over any
 * {@link io.mtc4j.log.storage.LogStorage}.
 */
package io.mtc4j.log.sequencer;
