/**
 * RFC 6125 host matching against subjectAltName dNSName and iPAddress entries ({@link
 * io.mtc4j.rp.host.HostMatcher}), with a strict textual IP parser that never resolves names ({@link
 * io.mtc4j.spec.names.IpAddresses}).
 */
package io.mtc4j.rp.host;
