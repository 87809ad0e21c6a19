/**
 * A Merkle Tree certification authority (draft §"Issuance Logs", §"Certification Authority Cosigners"): validated
 * {@link io.mtc4j.ca.IssuanceRequest}s become entries of the CA's issuance log, and each entry becomes a standalone
 * and a landmark-relative certificate.
 */
package io.mtc4j.ca;
