package io.mtc4j.conformance.logcmd;

import com.sun.net.httpserver.HttpServer;
import io.mtc4j.log.fixture.LogFixture;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.TileBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issuance logs written as directories for the command tests: MTCLogEntries (a null entry, then tbs_cert_entry
 * with a DNS name and, every third, an IPv4 and an IPv6 address), tiles from {@link TileBuilder}, a checkpoint
 * cosigned by an ML-DSA-44 CA key, the RFC 9925 CA certificate carrying that key; and a real HTTP server on
 * loopback serving whichever directory is current.
 */
public final class LogDirFixture {
    static final Profile PROFILE = Profile.PLANTS_05;
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final HashFunction H = HashFunction.sha256();
    static final Signer CA_KEY = LogFixture.CA_KEY;
    static final Signer OTHER_KEY = LogFixture.OTHER_CA_KEY;
    private static final byte[] SPKI = Keys.generate(SignatureAlgorithm.ED25519,
            new java.security.SecureRandom(new byte[] {5}), SigningMode.DETERMINISTIC).publicKeySpki();

    private LogDirFixture() {}

    static String host(int i) {
        return "host" + i + ".example";
    }

    /** The IPv6 address of entry {@code i} (a multiple of 3): 2001:db8::i. */
    static byte[] ipv6(int i) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[14] = (byte) (i >> 8);
        a[15] = (byte) i;
        return a;
    }

    /** Entries 0..n-1. */
    public static List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i == 0 ? MtcLogEntry.nullEntry(PROFILE).encode() : MtcLogEntry.tbsCertEntry(PROFILE, List.of(),
                    TbsCertificateLogEntry.fromTbsCertificate(tbs(i), H, PROFILE)).encode());
        }
        return out;
    }

    private static byte[] tbs(int i) {
        byte[] cn = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"),
                Der.tlv(Der.UTF8_STRING, host(i).getBytes(StandardCharsets.US_ASCII)))));
        List<byte[]> names = new ArrayList<>();
        names.add(Der.tlv(0x82, host(i).getBytes(StandardCharsets.US_ASCII)));
        if (i % 3 == 0) {
            names.add(Der.tlv(0x87, new byte[] {(byte) 192, 0, 2, (byte) (i & 0xff)}));
            names.add(Der.tlv(0x87, ipv6(i)));
        }
        byte[] san = Der.sequence(names.toArray(new byte[0][]));
        byte[] exts = Der.tlv(Der.explicit(3), Der.sequence(X509Der.extension("2.5.29.17", false, san)));
        return Der.sequence(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO)), Der.integer(BigInteger.valueOf(i)),
                Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF), CaIdName.experimental(CA).encode(),
                X509Der.validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59Z")), cn,
                SPKI, exts);
    }

    /** Writes log {@code logNumber} of {@code entries} under {@code caDir/<logNumber>/}, signed by {@code key}. */
    static Path write(Path caDir, int logNumber, List<byte[]> entries, Signer key) throws IOException {
        Path dir = caDir.resolve(Integer.toString(logNumber));
        LogFixture.Tiles t = LogFixture.tiles(entries);
        for (Map.Entry<String, byte[]> f : t.objects().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Files.createDirectories(dir);
        String origin = CA.logId(logNumber).tlogName();
        Files.write(dir.resolve("checkpoint"), LogFixture.checkpoint(origin, t.size(), t.root(),
                List.of(LogFixture.caCosigner(CA.tlogName(), key, LogFixture.COSIGNED_AT))));
        return dir;
    }

    /** The CA certificate (PEM) whose cosigner key is {@link #CA_KEY}. */
    static Path caPem(Path dir) throws IOException {
        MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), BigInteger.TWO.shiftLeft(48).subtract(BigInteger.ONE));
        CaCertificate c = CaCertificate.buildUnsigned(PROFILE, CaIdName.experimental(CA),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-12-31T23:59:59Z"), CA_KEY.publicKeySpki(), a,
                true, Optional.empty());
        Path p = dir.resolve("ca.pem");
        Files.writeString(p, Pem.encode("CERTIFICATE", c.encoded()));
        return p;
    }

    /** A static file server on 127.0.0.1 over the directory {@link #root} currently points at. */
    static final class Server implements AutoCloseable {
        final AtomicReference<Path> root = new AtomicReference<>();
        private final HttpServer server;

        Server(Path root) throws IOException {
            this.root.set(root);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                try (ex) {
                    String path = ex.getRequestURI().getRawPath();
                    byte[] body;
                    try {
                        body = path.contains("..") ? null : Files.readAllBytes(this.root.get().resolve(path.substring(1)));
                    } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                        body = null;
                    } catch (IOException e) {
                        body = null; // a directory
                    }
                    if (body == null) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    ex.getResponseHeaders().set("Content-Type", path.endsWith("checkpoint")
                            ? "text/plain; charset=utf-8" : "application/octet-stream");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(body);
                    }
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
