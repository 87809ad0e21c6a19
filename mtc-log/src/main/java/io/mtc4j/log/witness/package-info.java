/**
 * A C2SP tlog-witness: {@link io.mtc4j.log.witness.Witness} answers {@code add-checkpoint}, {@code sign-subtree}
 * and the monitoring checkpoint for the logs of {@link io.mtc4j.log.witness.TrustedLogs}, cosigning with the
 * {@link io.mtc4j.log.witness.WitnessKeys} (Ed25519 {@code cosignature/v1}, ML-DSA-44 {@code subtree/v1}) only
 * after a {@link io.mtc4j.log.witness.WitnessStore} has durably recorded the new view in one atomic
 * check-and-persist; {@link io.mtc4j.log.witness.WitnessServer} serves it over HTTP.
 */
package io.mtc4j.log.witness;
