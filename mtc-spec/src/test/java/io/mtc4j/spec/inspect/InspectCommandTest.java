package io.mtc4j.spec.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> a = new ArrayList<>(List.of("inspect"));
        a.addAll(List.of(args));
        int status = Main.run(a, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @TempDir
    Path tmp;

    Path write(String name, byte[] content) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    @Test
    void standaloneExample() throws Exception {
        Map<String, byte[]> ex = ExampleCertificates.generate();
        Result r = run(write("standalone.pem", ex.get("standalone.pem")).toString());
        assertEquals(0, r.status(), r.err());
        for (String s : new String[] {"kind: MTC certificate (standalone)", "serial: 281474976710661", "serial hex: 0x1000000000005",
                "log number: 1", "index: 5", "ca id: 32473.1", "log id: 32473.1.0.1", "subtree: [4, 8)",
                "inclusion proof hashes: 2", "cosigner id: 32473.1", "signature bytes: 2420",
                "DNS:www.example.com", "not after: 2045-09-01T00:00:00Z", "entry hash sha256: "}) {
            assertTrue(r.out().contains(s), s + " missing in\n" + r.out());
        }
        Result j = run(write("standalone.pem", ex.get("standalone.pem")).toString(), "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        // one rule for integers: JSON numbers up to 2^53
        assertTrue(n.at("/mtc_proof/start").isIntegralNumber(), j.out());
        assertEquals(4, n.at("/mtc_proof/start").asLong());
        assertTrue(n.at("/index").isIntegralNumber());
        assertEquals(281474976710661L, n.at("/serial").asLong());
        assertTrue(n.at("/serial").isIntegralNumber());
        assertEquals(1, n.at("/mtc_proof/signatures").size());
        assertEquals(2420, n.at("/mtc_proof/signatures/0/signature_bytes").asInt());
        assertEquals(5, n.at("/index").asInt());
    }

    @Test
    void otherExamples() throws Exception {
        Map<String, byte[]> ex = ExampleCertificates.generate();
        Result lr = run(write("lr.pem", ex.get("landmark-relative.pem")).toString());
        assertTrue(lr.out().contains("kind: MTC certificate (landmark-relative)"), lr.out());
        assertTrue(lr.out().contains("signatures: (none)"), lr.out());
        Result ca = run(write("ca.pem", ex.get("ca.pem")).toString());
        assertTrue(ca.out().contains("kind: MTC CA certificate (RFC 9925 unsigned)"), ca.out());
        assertTrue(ca.out().contains("prefix url: https://ca.example/mtc"), ca.out());
        assertTrue(ca.out().contains("min serial split: log 1, index 0"), ca.out());
        assertTrue(ca.out().contains("sig alg: ML-DSA-44"), ca.out());
        Result entry = run(write("entry.bin", ex.get("entry-5.bin")).toString());
        assertTrue(entry.out().contains("type: tbs_cert_entry (1)"), entry.out());
        assertTrue(entry.out().contains("issuer: 1.3.6.1.4.1.44363.47.1=32473.1"), entry.out());
        // DER input works as well as PEM
        byte[] der = io.mtc4j.spec.der.Pem.decode(new String(ex.get("ca.pem"), StandardCharsets.US_ASCII)).der();
        assertEquals(0, run(write("ca.der", der).toString()).status());
        Result lm = run(write("landmarks", "42 3\n5000\n4100\n3000\n2500\n".getBytes()).toString());
        assertEquals(0, lm.status(), lm.err());
        assertTrue(lm.out().contains("landmark 42: [4608, 5000)"), lm.out());
        assertTrue(lm.out().contains("landmark 40: [2496, 2560)"), lm.out());
    }

    @Test
    void interopFiles() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        Result cp = run(dir.resolve("checkpoint").toString());
        assertEquals(0, cp.status(), cp.err());
        assertTrue(cp.out().contains("tree size: 2036"), cp.out());
        assertTrue(cp.out().contains("log number: 1"), cp.out());
        assertTrue(cp.out().contains("key name: oid/1.3.6.1.4.1.32473.1"), cp.out());
        Result bundle = run(dir.resolve("tile/entries/007.p/244").toString());
        assertEquals(0, bundle.status(), bundle.err());
        assertTrue(bundle.out().contains("entries count: 244"), bundle.out());
        assertTrue(bundle.out().contains("index: 1792"), bundle.out());
        Result tile = run(dir.resolve("tile/1/000.p/7").toString(), "--json");
        assertEquals(7, new ObjectMapper().readTree(tile.out()).get("width").asInt());
        Result old = run(Interop.corpus("draft-demo-plants02").resolve("cert_11_0.pem").toString(),
                "--profile", "plants-02");
        assertEquals(0, old.status(), old.err());
        assertTrue(old.out().contains("log id (issuer): 32473.1"), old.out());
        Result wrongProfile = run(Interop.corpus("draft-demo-plants02").resolve("cert_11_0.pem").toString());
        assertEquals(2, wrongProfile.status());
        assertTrue(wrongProfile.err().contains("MTCProof"), wrongProfile.err());
        Result broken = run(Interop.corpus("boringssl-plants05").resolve("cert_33_3.pem").toString());
        assertEquals(2, broken.status());
        assertTrue(broken.err().contains("Certificate.signatureValue: BIT STRING has 1 unused bits"), broken.err());
        Result ca = run(dir.resolve("ca_cert.pem").toString(), "--type", "ca");
        assertTrue(ca.out().contains("max serial split: log 5, index 281474976710655"), ca.out());
    }

    /** The project's JSON files are named; anything unidentifiable is refused with the list of known types. */
    @Test
    void jsonFilesAreNamedAndUnknownFilesRefused() throws Exception {
        Map<String, byte[]> ex = ExampleCertificates.generate();
        Result ts = run(write("trusted-subtrees.json", ex.get("trusted-subtrees.json")).toString());
        assertEquals(0, ts.status(), ts.err());
        assertTrue(ts.out().startsWith("kind: trusted subtrees (JSON for mtc verify --trusted-subtrees)"), ts.out());
        assertTrue(ts.out().contains("[0] CA 32473.1 log 1 [0, 8) hash 48222a7c"), ts.out());
        Result rp = run(write("rp.json", ex.get("rp.json")).toString());
        assertEquals(0, rp.status(), rp.err());
        assertTrue(rp.out().startsWith("kind: relying-party configuration (JSON for mtc verify --config)"), rp.out());
        assertTrue(rp.out().contains("ca certificate: ca.pem"), rp.out());

        Result otherJson = run(write("x.json", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals(2, otherJson.status());
        assertTrue(otherJson.err().contains("cannot identify this JSON file"), otherJson.err());
        assertTrue(otherJson.err().contains(InspectCommand.KNOWN), otherJson.err());
        Result junk = run(write("junk.bin", "hello, world\n".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals(2, junk.status());
        assertTrue(junk.err().contains("cannot identify this file; it is none of: MTC certificate (cert)"), junk.err());
        assertTrue(junk.err().contains("Give --type"), junk.err());
        // with an explicit --type the parser's own error stands
        Result forced = run(write("junk2.bin", "hello, world\n".getBytes(StandardCharsets.UTF_8)).toString(),
                "--type", "entry");
        assertEquals(2, forced.status());
        assertTrue(forced.err().contains("MTCLogEntry"), forced.err());
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, run().status());
        assertEquals(2, run("a", "b").status());
        Path f = write("x.bin", new byte[] {0, 0, 0, 0});
        assertEquals(2, run(f.toString(), "--type", "nope").status());
        assertEquals(2, run(f.toString(), "--hash-size", "x").status());
        assertEquals(2, run(f.toString(), "--hash-size", "0").status());
        assertEquals(2, run(f.toString(), "--profile", "plants-99").status());
        Result ok = run(f.toString(), "--type", "entry");
        assertTrue(ok.out().contains("type: null_entry (0)"), ok.out());
        assertEquals(2, run(tmp.resolve("missing").toString()).status());
        assertEquals(2, run(write("tile/0/000", new byte[31]).toString()).status());
        Result width = run(write("log/tile/0/000.p/5", new byte[7 * 32]).toString());
        assertEquals(2, width.status());
        assertTrue(width.err().contains("needs 5"), width.err());
        Result tile = run(write("log/tile/1/x001/002.p/2", new byte[64]).toString());
        assertTrue(tile.out().contains("tile index: 1002") && tile.out().contains("merkle level: 8"), tile.out());
        Result badBundle = run(write("tile/entries/000.p/3", new byte[] {0, 4, 0, 0, 0, 0}).toString());
        assertEquals(2, badBundle.status());
        assertTrue(badBundle.err().contains("needs"), badBundle.err());
        Result future = run(write("e.bin", new byte[] {0, 0, 0, 9, 1, 2}).toString());
        assertTrue(future.out().contains("unknown (9)") && future.out().contains("body: 0102"), future.out());
        assertTrue(run("--help").out().contains("--profile"));
    }
}
