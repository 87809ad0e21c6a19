package io.mtc4j.conformance.tlscmd;

import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.rp.tls.ServerCredential;
import io.mtc4j.rp.tls.TrustAnchorsServer;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import io.mtc4j.spec.tai.CertificatePropertyList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * What {@code mtc tls serve --cert-dir DIR} reads: {@code <name>.standalone.pem} and {@code <name>.landmark.pem} (as
 * {@code mtc ca submit} and {@code mtc quickstart} name them), their PKCS#8 private keys, an optional classic
 * fallback chain {@code fallback.pem}, and the landmarks the landmark-relative certificates belong to:
 * {@code trusted-subtrees.json} (written by {@code mtc rp update} and {@code mtc quickstart}) or a {@code landmarks}
 * file. A certificate file may start with a {@code CERTIFICATE PROPERTIES} block (TAI §6.4
 * {@code application/pem-certificate-chain-with-properties}): its trust anchor group inclusions, e.g. the versions of a
 * timestamped landmark group, and {@code trust_anchor_negotiation} then take part in the selection. Keys: either one key for every certificate ({@code *.key} or {@code *key.pem}; the fallback is for it too),
 * or one per name, {@code <name>.key.pem} or {@code <name>.key} beside that name's certificates (as
 * {@code mtc quickstart} leaves them); the server then picks a name's certificates by the client's server_name.
 *
 * @param identities each name's certification paths and key (one identity when the directory has one key)
 * @param notes what was skipped and why
 */
record CertDir(List<TrustAnchorsServer.Identity> identities, List<String> notes) {
    static CertDir read(Path dir, Profile profile) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--cert-dir: no such directory " + dir);
        }
        List<Path> standalone = new ArrayList<>();
        List<Path> landmark = new ArrayList<>();
        List<Path> keys = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(".standalone.pem")) {
                    standalone.add(p);
                } else if (n.endsWith(".landmark.pem")) {
                    landmark.add(p);
                } else if (n.endsWith(".key") || n.endsWith("key.pem")) {
                    keys.add(p);
                }
            }
        }
        standalone.sort(null);
        landmark.sort(null);
        keys.sort(null);
        if (keys.isEmpty()) {
            throw new UsageException("--cert-dir " + dir + ": needs a PKCS#8 private key (*.key or *key.pem)");
        }
        List<String> notes = new ArrayList<>();
        Optional<Landmarks> lm = landmarks(dir);
        List<TrustAnchorsServer.Identity> identities = new ArrayList<>();
        if (keys.size() == 1) {
            List<ServerCredential> creds = credentials(profile, standalone, landmark, lm, notes);
            Path fallback = dir.resolve("fallback.pem");
            if (Files.exists(fallback)) {
                creds.add(ServerCredential.classic(CertificateReader.readAll(fallback)));
            }
            if (creds.isEmpty()) {
                throw new UsageException("--cert-dir " + dir + ": no usable certificate (" + String.join("; ", notes)
                        + ")");
            }
            identities.add(new TrustAnchorsServer.Identity(creds, privateKey(keys.get(0))));
        } else {
            for (Path k : keys) {
                String n = k.getFileName().toString();
                String name = n.endsWith(".key.pem") ? n.substring(0, n.length() - ".key.pem".length())
                        : n.endsWith(".key") ? n.substring(0, n.length() - ".key".length()) : "";
                if (name.isEmpty()) {
                    throw new UsageException("--cert-dir " + dir + ": with several keys, each must be named "
                            + "<name>.key.pem or <name>.key after its certificates; " + n + " is not");
                }
                List<ServerCredential> creds = credentials(profile, named(standalone, name + ".standalone.pem"),
                        named(landmark, name + ".landmark.pem"), lm, notes);
                if (creds.isEmpty()) {
                    notes.add("skipped " + n + ": no usable " + name + ".standalone.pem or " + name
                            + ".landmark.pem");
                    continue;
                }
                identities.add(new TrustAnchorsServer.Identity(creds, privateKey(k)));
            }
            if (identities.isEmpty()) {
                throw new UsageException("--cert-dir " + dir + ": no usable certificate (" + String.join("; ", notes)
                        + ")");
            }
        }
        return new CertDir(identities, notes);
    }

    private static List<Path> named(List<Path> files, String fileName) {
        return files.stream().filter(p -> p.getFileName().toString().equals(fileName)).toList();
    }

    /** Landmark-relative paths first (those with a landmark), then standalone ones. */
    private static List<ServerCredential> credentials(Profile profile, List<Path> standalone, List<Path> landmark,
            Optional<Landmarks> lm, List<String> notes) throws IOException {
        List<ServerCredential> creds = new ArrayList<>();
        for (Path p : landmark) {
            byte[] der = CertificateReader.read(p);
            MtcCertificate c = parse(profile, der, p);
            Subtree s = new Subtree(c.proof().start(), c.proof().end());
            OptionalLong number = lm.isEmpty() ? OptionalLong.empty() : lm.get().landmarkOf(s);
            if (number.isEmpty()) {
                notes.add("skipped " + p.getFileName() + ": no landmark of "
                        + (lm.isEmpty() ? "a trusted-subtrees.json or landmarks file in the directory" : "the landmarks")
                        + " has subtree [" + s.start() + ", " + s.end() + ")");
                continue;
            }
            creds.add(withProperties(ServerCredential.landmarkRelative(c.issuerCaId(), c.logNumber(),
                    number.getAsLong(), lm.get().maxActive(), der), p));
        }
        for (Path p : standalone) {
            byte[] der = CertificateReader.read(p);
            creds.add(withProperties(ServerCredential.standalone(parse(profile, der, p).issuerCaId(), der), p));
        }
        return creds;
    }

    /**
     * The path with the CertificatePropertyList its file carries, if it is an
     * {@code application/pem-certificate-chain-with-properties} file (draft-ietf-tls-trust-anchor-ids §6.4).
     */
    private static ServerCredential withProperties(ServerCredential c, Path p) throws IOException {
        try {
            Optional<CertificatePropertyList> props = propertiesOf(Files.readString(p, StandardCharsets.US_ASCII));
            return props.isEmpty() ? c : c.withProperties(props.get());
        } catch (MtcException | IllegalArgumentException e) {
            throw new UsageException(p + ": certificate properties: " + e.getMessage());
        }
    }

    /**
     * TAI §"Media Type": the file's CertificatePropertyList, its first PEM block when labelled
     * {@code CERTIFICATE PROPERTIES}; a plain certificate chain has none. A properties block anywhere else is refused.
     */
    private static Optional<CertificatePropertyList> propertiesOf(String pemText) {
        List<Pem.Block> blocks = Pem.decodeAll(pemText);
        for (int k = 1; k < blocks.size(); k++) {
            if (blocks.get(k).label().equals(CertificateChainWithProperties.PROPERTIES_LABEL)) {
                throw new MtcParseException(CertificateChainWithProperties.PROPERTIES_LABEL,
                        "the property list MUST be the file's first element");
            }
        }
        if (blocks.isEmpty() || !blocks.get(0).label().equals(CertificateChainWithProperties.PROPERTIES_LABEL)) {
            return Optional.empty();
        }
        return Optional.of(CertificatePropertyList.parse(blocks.get(0).der()));
    }

    private static MtcCertificate parse(Profile profile, byte[] der, Path p) {
        try {
            return MtcCertificate.parse(profile, der);
        } catch (MtcException e) {
            throw new UsageException(p + ": not a Merkle Tree Certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path p) throws IOException {
        try {
            byte[] der = Pem.decode(Files.readString(p, StandardCharsets.US_ASCII)).der();
            return new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider())
                    .getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (MtcException | IllegalArgumentException | IOException e) {
            throw new UsageException(p + ": not a PKCS#8 PEM private key: " + e.getMessage());
        }
    }

    /** The landmarks a landmark-relative certificate is checked against, and the window. */
    private record Landmarks(LandmarkList list, long maxActive) {
        OptionalLong landmarkOf(Subtree s) {
            for (long l : list.activeLandmarks()) {
                if (list.landmarkSubtrees(l).contains(s)) {
                    return OptionalLong.of(l);
                }
            }
            return OptionalLong.empty();
        }
    }

    private static Optional<Landmarks> landmarks(Path dir) throws IOException {
        Path ts = dir.resolve("trusted-subtrees.json");
        if (Files.exists(ts)) {
            List<LandmarkState> states = TrustedSubtreesFile.readStates(Files.readAllBytes(ts));
            if (!states.isEmpty()) {
                LandmarkState s = states.get(0);
                return Optional.of(new Landmarks(s.landmarks(), s.maxActiveLandmarks()
                        .orElse(Math.max(1, s.landmarks().numActiveLandmarks()))));
            }
        }
        Path file = dir.resolve("landmarks");
        if (Files.exists(file)) {
            LandmarkList l = LandmarkList.parse(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new Landmarks(l, Math.max(1, l.numActiveLandmarks())));
        }
        return Optional.empty();
    }
}
