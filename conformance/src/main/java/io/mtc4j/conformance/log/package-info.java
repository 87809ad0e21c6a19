/**
 * HTTP black-box checks for an MTC issuance log served per C2SP tlog-tiles and mtc-tlog
 * ({@code mtc conformance log}): checkpoint origin and CA cosignature, hash tiles against the checkpoint root,
 * entry bundles against the level-0 tiles, and the published landmarks. Usable against anyone's log; it only
 * ever sends GET requests under the given CA prefix URL.
 */
package io.mtc4j.conformance.log;
