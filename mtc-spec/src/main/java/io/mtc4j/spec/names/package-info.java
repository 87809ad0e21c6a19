/**
 * Strict text syntax of the host identities certificates name: DNS names ({@link io.mtc4j.spec.names.DnsNames})
 * and IP addresses ({@link io.mtc4j.spec.names.IpAddresses}), parsed by hand and never resolved. Shared by the CA's
 * intake policy and the relying party's host matching.
 */
package io.mtc4j.spec.names;
