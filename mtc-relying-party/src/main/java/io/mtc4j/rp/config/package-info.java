/**
 * Relying-party configuration (draft §"Relying Party Configuration"): per CA the CA ID, log hash, wire profile, CA
 * cosigner and other cosigners, cosigner policy, trusted subtrees and revoked serial ranges ({@link
 * io.mtc4j.rp.config.CaConfig}); several CAs at once ({@link io.mtc4j.rp.config.RelyingPartyConfig}); built from a
 * CA certificate ({@link io.mtc4j.rp.config.CaCertificates}) and/or a JSON file ({@link
 * io.mtc4j.rp.config.ConfigLoader}).
 */
package io.mtc4j.rp.config;
