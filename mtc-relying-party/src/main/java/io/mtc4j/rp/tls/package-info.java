/**
 * Merkle Tree Certificates in Java's TLS stack (JSSE), draft "Use in TLS": {@link io.mtc4j.rp.tls.MtcTrustManager}
 * verifies MTC server certificates (standalone and landmark-relative, with the peer's host name or IP address) and
 * hands classic chains to the JDK's PKIX trust manager; {@link io.mtc4j.rp.tls.MtcKeyManager} serves several
 * certificates for one key, chosen by key type and SNI.
 */
package io.mtc4j.rp.tls;
