/**
 * Merkle Tree Certificates in Java's TLS stack (JSSE), draft "Use in TLS": {@link io.mtc4j.rp.tls.MtcTrustManager}
 * verifies MTC server certificates (standalone and landmark-relative, with the peer's host name or IP address) and
 * hands classic chains to the JDK's PKIX trust manager; {@link io.mtc4j.rp.tls.MtcKeyManager} serves several
 * certificates for one key, chosen by key type and SNI. The {@code trust_anchors} negotiation
 * (draft-ietf-tls-trust-anchor-ids), for which JSSE has no hook, runs on BouncyCastle's TLS API:
 * {@link io.mtc4j.rp.tls.TrustAnchorsServer} picks landmark-relative, standalone or fallback and
 * {@link io.mtc4j.rp.tls.TrustAnchorsClient} requests, verifies and retries; {@link io.mtc4j.rp.tls.TrustAnchorList}
 * is the extension's codec. {@link io.mtc4j.rp.tls.TimestampedLandmarkGroup} (draft "Timestamped Landmark Groups")
 * gives certificates their group inclusions ({@link io.mtc4j.spec.tai.TrustAnchorRange}, carried in a
 * {@link io.mtc4j.spec.tai.CertificatePropertyList}) and relying parties the version they may advertise.
 */
package io.mtc4j.rp.tls;
