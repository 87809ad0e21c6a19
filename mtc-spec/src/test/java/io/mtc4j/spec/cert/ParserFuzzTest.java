package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every parser, fed 10^4 random and mutated inputs, either succeeds or throws only MtcParseException whose
 * message names the field and the rule ("field: rule").
 */
class ParserFuzzTest {
    static final int RUNS = 10_000;

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> {
                if (b.length > 0) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                if (b.length > 0) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            case 3 -> {
                byte[] c = new byte[b.length + 1];
                int at = rnd.nextInt(b.length + 1);
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                b = c;
            }
            case 4 -> {
                for (int i = 0; i < 1 + rnd.nextInt(8) && b.length > 0; i++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            default -> {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            }
        }
        return b;
    }

    static void fuzz(String name, List<byte[]> seeds, Consumer<byte[]> parser) {
        Random rnd = new Random(name.hashCode());
        int parsed = 0;
        for (int i = 0; i < RUNS; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] input = rnd.nextInt(10) == 0 ? seed : mutate(rnd, seed);
            try {
                parser.accept(input);
                parsed++;
            } catch (MtcParseException e) {
                assertTrue(e.getMessage().startsWith(e.field() + ": ") && !e.rule().isEmpty(), e.getMessage());
            } catch (RuntimeException e) {
                fail(name + ": " + e + " on " + java.util.HexFormat.of().formatHex(input), e);
            }
        }
        assertTrue(parsed > 0 && parsed < RUNS, name + ": parsed " + parsed);
    }

    static List<byte[]> certSeeds(Profile profile) {
        List<byte[]> out = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            out.add(Samples.certificate(rnd, profile).encoded());
        }
        return out;
    }

    @Test
    void certificates() {
        for (Profile p : Profile.values()) {
            List<byte[]> seeds = certSeeds(p);
            fuzz("MtcCertificate " + p, seeds, b -> MtcCertificate.parse(p, b));
        }
    }

    @Test
    void proofsEntriesAndTbs() {
        for (Profile p : Profile.values()) {
            Random rnd = new Random(11);
            List<byte[]> proofs = new ArrayList<>();
            List<byte[]> entries = new ArrayList<>();
            List<byte[]> tbs = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                MtcCertificate c = Samples.certificate(rnd, p);
                proofs.add(c.signatureValue());
                entries.add(c.logEntry().encode());
                tbs.add(c.tbsCertificate());
                contents.add(c.logEntry().tbsCertEntry().orElseThrow().encodeContents());
            }
            entries.add(MtcLogEntry.nullEntry(p).encode());
            fuzz("MtcProof " + p, proofs, b -> MtcProof.parse(p, 32, b));
            fuzz("MtcLogEntry " + p, entries, b -> MtcLogEntry.parse(p, b));
            fuzz("TBSCertificateLogEntry " + p, contents, b -> TbsCertificateLogEntry.parseContents(p, b));
            fuzz("TbsCertificate " + p, tbs, TbsCertificate::parse);
        }
    }

    @Test
    void derAndNames() {
        List<byte[]> seeds = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 10; i++) {
            seeds.add(new CaIdName(Samples.tai(rnd), i % 2 == 0 ? CaIdName.Form.EXPERIMENTAL : CaIdName.Form.FINAL)
                    .encode());
        }
        fuzz("CaIdName", seeds, CaIdName::parse);
        fuzz("Der.validate", certSeeds(Profile.PLANTS_05), b -> Der.validate(DerReader.single(b, "x")));
    }

    @Test
    void caCertificatesAndExtension() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        byte[] ca = Pem.decode(Files.readString(dir.resolve("ca_cert.pem"))).der();
        fuzz("CaCertificate", List.of(ca), b -> CaCertificate.parse(Profile.PLANTS_05, b));
        byte[] ext = CaCertificate.parse(Profile.PLANTS_05, ca).authority().encode(Profile.PLANTS_05);
        fuzz("MTCCertificationAuthority", List.of(ext), b -> MtcCertificationAuthority.parse(Profile.PLANTS_05, b));
        List<byte[]> pems = List.of(Files.readAllBytes(dir.resolve("cert_10_0.pem")));
        fuzz("Pem", pems, b -> Pem.decodeAll(new String(b, StandardCharsets.ISO_8859_1)));
        List<byte[]> corpusCerts = new ArrayList<>();
        for (String f : new String[] {"cert_10_0.pem", "cert_10_2.pem", "cert_2035_0.pem"}) {
            corpusCerts.add(Pem.decode(Files.readString(dir.resolve(f))).der());
        }
        fuzz("MtcCertificate interop", corpusCerts, b -> MtcCertificate.parse(Profile.PLANTS_05, b));
    }
}
