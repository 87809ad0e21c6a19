package io.mtc4j.conformance.tlscmd;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.tls.ServerCredential;
import io.mtc4j.rp.tls.TrustAnchorsClient;
import io.mtc4j.rp.tls.TrustAnchorsServer;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * {@code mtc tls sizes}: what the server's handshake flight weighs, measured in real TLS 1.3 handshakes on loopback
 * (issue 14 part 4), for classic chains with two SCTs and MTCs (standalone with 1-3 cosignatures, landmark-relative),
 * with P-256 and ML-DSA-44 subject keys; plus the draft's "Size Estimates" from its parameters.
 */
final class SizesCommand {
    static final String USAGE = String.join("\n",
            "       mtc tls sizes [--out DIR]",
            "sizes    runs real TLS 1.3 handshakes on loopback and prints a Markdown table of the Certificate message",
            "         (measured), the CertificateVerify message (4 + 4 + signature) and the server's whole flight",
            "         (measured: bytes the server wrote), for a classic P-256 and an ML-DSA-44 2-certificate chain with",
            "         2 SCTs, MTC standalone with 1, 2 and 3 ML-DSA-44 cosignatures, and MTC landmark-relative, each with",
            "         P-256 and ML-DSA-44 subject keys; then the draft's Size Estimates from its parameters. --out DIR",
            "         also writes sizes.md and sizes.png (a bar chart of the server flights).");
    private static final Profile PROFILE = Profile.current();
    private static final HashFunction H = HashFunction.sha256();
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    /** The MTC tree: 2^12 entries, so a proof to the whole tree has 12 hashes as in the draft's estimate. */
    private static final int TREE = 4096;

    private SizesCommand() {}

    /** One measured row. */
    record Row(String name, String key, int certificate, int certificateVerify, long flight) {}

    static int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--out"));
        List<Row> rows = measure(out);
        String md = markdown(rows);
        out.print(md);
        if (a.value("--out").isPresent()) {
            Path dir = Path.of(a.value("--out").get());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sizes.md"), md);
            ImageIO.write(chart(rows), "png", dir.resolve("sizes.png").toFile());
            out.println("out: " + dir.resolve("sizes.md") + ", " + dir.resolve("sizes.png"));
        }
        return 0;
    }

    static List<Row> measure(PrintStream progress) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ec.generateKeyPair();
        KeyPair mldsa = KeyPairGenerator.getInstance("ML-DSA-44", BC).generateKeyPair();
        SecureRandom rnd = new SecureRandom();
        List<SubtreeSigner> cosigners = List.of(
                new SubtreeSigner(CA, Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.RANDOMIZED)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.1"),
                        Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.RANDOMIZED)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.2"),
                        Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.RANDOMIZED)));
        MemoryTree tree = new MemoryTree(H);
        byte[] nul = MtcLogEntry.nullEntry(PROFILE).encode();
        for (int i = 0; i < TREE - 2; i++) {
            tree.appendEntry(nul);
        }
        MtcLogEntry p256Entry = entry(p256);
        MtcLogEntry mldsaEntry = entry(mldsa);
        tree.appendEntry(p256Entry.encode());
        tree.appendEntry(mldsaEntry.encode());
        Subtree s = new Subtree(0, TREE);
        byte[] hash = SubtreeProofs.subtreeHash(tree, s);
        CaConfig ca = CaConfig.of(CA, H, PROFILE, cosigners.get(0).cosigner(), BigInteger.ZERO,
                BigInteger.ONE.shiftLeft(49)).withOtherCosigners(List.of(cosigners.get(1).cosigner(),
                        cosigners.get(2).cosigner())).withPolicy(CosignerPolicy.require(CA));
        RelyingPartyConfig plain = RelyingPartyConfig.of(ca);
        RelyingPartyConfig landmarks = RelyingPartyConfig.of(ca.withTrustedSubtrees(
                List.of(new TrustedSubtree(1, 0, TREE, hash))));

        List<Row> rows = new ArrayList<>();
        for (KeyPair key : List.of(p256, mldsa)) {
            String k = key == p256 ? "P-256" : "ML-DSA-44";
            long index = key == p256 ? TREE - 2 : TREE - 1;
            MtcLogEntry e = key == p256 ? p256Entry : mldsaEntry;
            List<byte[]> inclusion = SubtreeProofs.inclusionProof(tree, s, index);
            byte[] spki = key.getPublic().getEncoded();
            progress.println("measuring " + k + " ...");
            rows.add(run("classic, 2 certificates, 2 SCTs", k, key, List.of(classic(key)), plain, List.of(CA)));
            for (int n = 1; n <= 3; n++) {
                List<SubtreeSignature> sigs = new ArrayList<>();
                for (SubtreeSigner c : cosigners.subList(0, n)) {
                    sigs.add(new SubtreeSignature(c.id(), c.signSubtree(PROFILE, CA.logId(1), 0, TREE, hash)));
                }
                sigs.sort(java.util.Comparator.comparing(SubtreeSignature::cosignerId));
                byte[] cert = CertificateBuilder.standalone(e, spki, 1, index,
                        new MtcProof(List.of(), 0, TREE, inclusion, sigs), H).encoded();
                rows.add(run("MTC standalone, " + n + " cosignature" + (n > 1 ? "s" : ""), k, key,
                        List.of(ServerCredential.standalone(CA, cert)), plain, List.of(CA)));
            }
            byte[] lr = CertificateBuilder.landmarkRelative(e, spki, 1, index,
                    new MtcProof(List.of(), 0, TREE, inclusion, List.of()), H).encoded();
            rows.add(run("MTC landmark-relative", k, key,
                    List.of(ServerCredential.landmarkRelative(CA, 1, 1, 169, lr)), landmarks,
                    List.of(CA.landmarkGroupId(1, 1))));
        }
        return rows;
    }

    /** One real handshake; the server's bytes are counted as it writes them. */
    private static Row run(String name, String key, KeyPair kp, List<ServerCredential> creds, RelyingPartyConfig rp,
            List<TrustAnchorId> request) throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket ss = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    OutputStream counting = new FilterOutputStream(s.getOutputStream()) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            written.addAndGet(len);
                            out.write(b, off, len);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            written.incrementAndGet();
                            out.write(b);
                        }
                    };
                    TlsServerProtocol p = new TlsServerProtocol(s.getInputStream(), counting);
                    p.accept(new TrustAnchorsServer(creds, kp.getPrivate()));
                    p.close();
                } catch (IOException e) {
                    // the client refused the certificate (classic chains): the flight was sent already
                }
            }, "tls-sizes");
            t.setDaemon(true);
            t.start();
            TrustAnchorsClient.Outcome o = new TrustAnchorsClient(rp, Set.of(), Duration.ofSeconds(60)).connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), "localhost",
                    Optional.of(request));
            t.join(60_000);
            return new Row(name + (o.verified() ? "" : " (not verified by the MTC client)"), key, o.certificateBytes(),
                    4 + 2 + 2 + signatureLength(kp.getPrivate()), written.get());
        }
    }

    /** The length of a CertificateVerify signature by {@code key} (ECDSA DER varies by a byte or two). */
    private static int signatureLength(PrivateKey key) throws Exception {
        Signature s = key.getAlgorithm().startsWith("EC") ? Signature.getInstance("SHA256withECDSA")
                : Signature.getInstance("ML-DSA-44", BC);
        s.initSign(key);
        s.update(new byte[64]);
        return s.sign().length;
    }

    /** A TLS server leaf's TBSCertificate for an MTC of {@link #CA}: localhost and 127.0.0.1, valid a week. */
    static byte[] tbs(KeyPair key, Instant nb) throws IOException {
        V3TBSCertificateGenerator t = new V3TBSCertificateGenerator();
        t.setSerialNumber(new ASN1Integer(1));
        t.setSignature(new AlgorithmIdentifier(new ASN1ObjectIdentifier(MtcOids.ID_ALG_MTC_PROOF)));
        t.setIssuer(X500Name.getInstance(CaIdName.experimental(CA).encode()));
        t.setStartDate(new Time(Date.from(nb)));
        t.setEndDate(new Time(Date.from(nb.plus(7, ChronoUnit.DAYS))));
        t.setSubject(new X500Name("CN=localhost"));
        t.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        t.setExtensions(serverExtensions().generate());
        return t.generateTBSCertificate().getEncoded("DER");
    }

    private static ExtensionsGenerator serverExtensions() throws IOException {
        ExtensionsGenerator e = new ExtensionsGenerator();
        e.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        e.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        e.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        e.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return e;
    }

    private static MtcLogEntry entry(KeyPair key) throws IOException {
        return MtcLogEntry.tbsCertEntry(PROFILE, List.of(), TbsCertificateLogEntry.fromTbsCertificate(
                tbs(key, Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS)), H, PROFILE));
    }

    /**
     * A classic 2-certificate chain (leaf and intermediate, the root not sent) whose leaf carries two SCTs
     * (RFC 6962 §3.3, SignedCertificateTimestampList) with signatures of the chain's algorithm, as CT logs of that
     * algorithm would make them; ECDSA P-256 or ML-DSA-44 throughout.
     */
    private static ServerCredential classic(KeyPair leafKey) throws Exception {
        boolean pq = !leafKey.getPrivate().getAlgorithm().startsWith("EC");
        KeyPairGenerator g = pq ? KeyPairGenerator.getInstance("ML-DSA-44", BC) : KeyPairGenerator.getInstance("EC");
        if (!pq) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair root = g.generateKeyPair();
        KeyPair inter = g.generateKeyPair();
        String alg = pq ? "ML-DSA-44" : "SHA256withECDSA";
        Instant nb = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        X500Name rootName = new X500Name("CN=mtc4j sizes root");
        X500Name interName = new X500Name("CN=mtc4j sizes intermediate");
        X509v3CertificateBuilder ib = new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO, Date.from(nb),
                Date.from(nb.plus(365, ChronoUnit.DAYS)), interName, inter.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        byte[] interDer = ib.build(new JcaContentSignerBuilder(alg).setProvider(BC).build(root.getPrivate()))
                .getEncoded();
        X509v3CertificateBuilder lb = new JcaX509v3CertificateBuilder(interName, BigInteger.valueOf(3), Date.from(nb),
                Date.from(nb.plus(7, ChronoUnit.DAYS)), new X500Name("CN=localhost"), leafKey.getPublic());
        for (var oid : List.of(Extension.subjectAlternativeName, Extension.keyUsage, Extension.extendedKeyUsage,
                Extension.basicConstraints)) {
            Extension x = serverExtensions().generate().getExtension(oid);
            lb.addExtension(x);
        }
        lb.addExtension(new ASN1ObjectIdentifier(X509Oids.SCT_LIST), false,
                new DEROctetString(scts(pq ? 2420 : 72)));
        byte[] leafDer = lb.build(new JcaContentSignerBuilder(alg).setProvider(BC).build(inter.getPrivate()))
                .getEncoded();
        return ServerCredential.classic(List.of(leafDer, interDer));
    }

    /** RFC 6962 §3.3: two v1 SCTs (log ID, timestamp, no extensions, digitally-signed) in their list. */
    private static byte[] scts(int signatureLength) {
        SecureRandom r = new SecureRandom();
        int one = 1 + 32 + 8 + 2 + 2 + 2 + signatureLength;
        ByteBuffer b = ByteBuffer.allocate(2 + 2 * (2 + one));
        b.putShort((short) (2 * (2 + one)));
        for (int i = 0; i < 2; i++) {
            b.putShort((short) one);
            b.put((byte) 0);
            byte[] logId = new byte[32];
            r.nextBytes(logId);
            b.put(logId);
            b.putLong(Instant.now().toEpochMilli());
            b.putShort((short) 0);
            b.put((byte) 4).put((byte) 3); // sha256, ecdsa (the ML-DSA-44 case keeps the layout, longer signature)
            byte[] sig = new byte[signatureLength];
            r.nextBytes(sig);
            b.putShort((short) signatureLength);
            b.put(sig);
        }
        return b.array();
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| server certificate | subject key | Certificate (B) | CertificateVerify (B) | server flight (B) |\n");
        sb.append("|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d |%n", r.name(), r.key(), r.certificate(),
                    r.certificateVerify(), r.flight()));
        }
        sb.append("\nMTC proofs: ").append(TREE).append("-entry subtree, 12 hashes (384 B). Draft \"Size Estimates\"")
                .append(" from its parameters (SHA-256, 32-byte hashes):\n\n");
        sb.append("| subtree | certificates per subtree | hashes | bytes |\n|---|---:|---:|---:|\n");
        double perHour = 4_400_000;
        long perCheckpoint = Math.round(perHour / 1800); // a checkpoint every 2 s
        long perLandmark = Math.round(perHour); // hourly landmarks
        for (long[] e : new long[][] {{2, perCheckpoint}, {3600, perLandmark}}) {
            int hashes = 64 - Long.numberOfLeadingZeros(e[1] - 1); // ceil(log2(n))
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", e[0] == 2
                    ? "standalone (checkpoint every 2 s at 4.4 M certificates/hour)"
                    : "landmark-relative (hourly landmarks)", e[1], hashes, hashes * 32));
        }
        return sb.toString();
    }

    /** A horizontal bar chart of the server flights (Java2D: no charting library needed for one chart). */
    static BufferedImage chart(List<Row> rows) {
        int w = 1000;
        int rowH = 28;
        int h = 60 + rows.size() * rowH;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("TLS 1.3 server flight (bytes), measured on loopback", 10, 22);
        long max = rows.stream().mapToLong(Row::flight).max().orElse(1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int left = 420;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = 40 + i * rowH;
            g.setColor(Color.BLACK);
            g.drawString(r.name().replace(" (not verified by the MTC client)", "") + " / " + r.key(), 10, y + 16);
            int len = (int) ((w - left - 80) * r.flight() / max);
            g.setColor(r.name().startsWith("classic") ? new Color(0xC0504D) : new Color(0x4F81BD));
            g.fillRect(left, y + 4, Math.max(1, len), rowH - 10);
            g.setColor(Color.BLACK);
            g.drawString(Long.toString(r.flight()), left + len + 5, y + 16);
        }
        g.dispose();
        return img;
    }
}
