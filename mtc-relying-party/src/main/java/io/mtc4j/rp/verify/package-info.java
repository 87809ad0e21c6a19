/**
 * Certificate verification: draft §"Verifying Certificate Signatures" step by step and the rest of TLS server
 * path validation ({@link io.mtc4j.rp.verify.MtcVerifier}), with a stable {@link io.mtc4j.rp.verify.Step} for every
 * check and a {@link io.mtc4j.rp.verify.VerificationResult} naming the failed step or the trust path and cosigners.
 */
package io.mtc4j.rp.verify;
