package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.testing.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The draft authors' corpora, end to end: each certificate's entry hash and proof evaluate to the subtree hash in
 * generation-log.txt; the tile/entries bundles rebuild the checkpoint root; and every certificate is rebuilt byte
 * for byte from its log entry, the subject key in config.json and the tree (standalone ones keep their
 * signatures, which are randomized by the generator).
 */
class InteropMerkleTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final Pattern WROTE = Pattern.compile("Wrote certificate for entry (\\d+) at \"(.+)\"\\.");
    private static final Pattern SUBTREE = Pattern.compile("\\s+Subtree \\[(\\d+), (\\d+)\\) with hash (\\S+)");

    record Logged(long index, long start, long end, byte[] hash) {}

    static Map<String, Logged> generationLog(Path dir) throws IOException {
        Map<String, Logged> out = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("generation-log.txt"));
        for (int i = 0; i < lines.size(); i++) {
            Matcher w = WROTE.matcher(lines.get(i));
            if (w.matches()) {
                Matcher s = SUBTREE.matcher(lines.get(i + 1));
                assertTrue(s.matches(), lines.get(i + 1));
                out.put(w.group(2), new Logged(Long.parseLong(w.group(1)), Long.parseLong(s.group(1)),
                        Long.parseLong(s.group(2)), Base64.getDecoder().decode(s.group(3))));
            }
        }
        return out;
    }

    /** All entries from tile/entries, in order (u16-length-prefixed MTCLogEntry, 256 per bundle). */
    static List<byte[]> entries(Path dir) throws IOException {
        Path base = dir.resolve("tile/entries");
        List<Path> files;
        try (Stream<Path> s = Files.walk(base)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            TlsReader r = TlsReader.of(Files.readAllBytes(f));
            int n = 0;
            while (!r.isEmpty()) {
                out.add(r.u16Bytes("bundle entry", 0, 0xffff));
                n++;
            }
            String rel = base.relativize(f).toString();
            assertEquals(rel.contains(".p/") ? Integer.parseInt(rel.substring(rel.indexOf(".p/") + 3)) : 256, n);
        }
        return out;
    }

    void corpus(String name, Profile profile) throws IOException {
        Path dir = Interop.corpus(name);
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        int logNumber = config.get("LogNumber").asInt();
        List<byte[]> keys = new ArrayList<>();
        for (JsonNode e : config.get("Entries")) {
            if (e.has("PublicKey")) {
                keys.add(Base64.getDecoder().decode(e.get("PublicKey").asText()));
            }
        }
        List<byte[]> entries = entries(dir);
        MemoryTree tree = MemoryTree.ofEntries(H, entries);
        List<String> cp = Files.readAllLines(dir.resolve("checkpoint"));
        assertEquals(Long.parseLong(cp.get(1)), tree.size());
        assertArrayEquals(Base64.getDecoder().decode(cp.get(2)), tree.rootHash());
        for (byte[] e : entries) {
            MtcLogEntry parsed = MtcLogEntry.parse(profile, e);
            assertArrayEquals(e, parsed.encode());
        }
        Map<String, Logged> log = generationLog(dir);
        assertFalse(log.isEmpty());
        int landmarkRelative = 0;
        int flipped = 0;
        for (Map.Entry<String, Logged> l : log.entrySet()) {
            Logged g = l.getValue();
            byte[] der = InteropCertificateTest.pem(dir.resolve(l.getKey()));
            MtcCertificate c = MtcCertificate.parse(profile, der);
            assertEquals(g.index(), c.index());
            assertEquals(g.start(), c.proof().start());
            assertEquals(g.end(), c.proof().end());
            byte[] entryHash = c.entryHash(H);
            assertArrayEquals(entryHash, io.mtc4j.spec.entry.EntryHash.singlePass(H, profile,
                    c.proofExtensionsField(), c.tbsCertificate()));
            Subtree s = new Subtree(g.start(), g.end());
            List<byte[]> proofHashes = c.proof().inclusionProof();
            byte[] got = SubtreeProofs.evaluateInclusionProof(H, s, g.index(), entryHash, proofHashes);
            boolean bitFlipped = !Arrays.equals(g.hash(), got);
            if (bitFlipped) {
                // config.json "BitFlipProof": the generator XORs 1 into the first proof byte; undoing it must fix it
                proofHashes.get(0)[0] ^= 1;
                got = SubtreeProofs.evaluateInclusionProof(H, s, g.index(), entryHash, proofHashes);
                bitFlipped = true;
            }
            assertArrayEquals(g.hash(), got, l.getKey());
            assertArrayEquals(g.hash(), SubtreeProofs.subtreeHash(tree, s));
            // the log entry in the tiles is the one the certificate proves
            assertArrayEquals(entries.get((int) g.index()), c.logEntry(H).encode(), l.getKey());
            // rebuild from entry + key + tree
            MtcLogEntry entry = MtcLogEntry.parse(profile, entries.get((int) g.index()));
            byte[] spkiHash = entry.tbsCertEntry().orElseThrow().subjectPublicKeyInfoHash();
            byte[] spki = keys.stream().filter(k -> Arrays.equals(H.digest(k), spkiHash)).findFirst().orElseThrow();
            List<byte[]> rebuiltProof = SubtreeProofs.inclusionProof(tree, s, g.index());
            if (bitFlipped) {
                rebuiltProof.get(0)[0] ^= 1;
                flipped++;
            }
            MtcProof proof = new MtcProof(entry.extensions(), g.start(), g.end(), rebuiltProof,
                    c.proof().signatures());
            MtcCertificate rebuilt = CertificateBuilder.build(entry, spki, logNumber, g.index(), proof, H);
            assertArrayEquals(der, rebuilt.encoded(), l.getKey());
            if (c.proof().isLandmarkRelative()) {
                landmarkRelative++;
            }
        }
        assertTrue(landmarkRelative > 0);
        assertEquals(1, flipped, "one BitFlipProof certificate per corpus");
    }

    @Test
    void draftDemoPlants05() throws IOException {
        corpus("draft-demo-plants05", Profile.PLANTS_05);
    }

    @Test
    void draftDemoPlants02() throws IOException {
        corpus("draft-demo-plants02", Profile.PLANTS_02);
    }

    /** BoringSSL's plants-04 landmark-relative certificates evaluate to the trusted subtree hashes its tests use. */
    @Test
    void boringsslPlants04TrustedSubtrees() throws IOException {
        Path dir = Interop.corpus("boringssl-plants04");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        int checked = 0;
        for (JsonNode c : expected.get("certificates")) {
            String file = c.get("file").asText();
            if (!c.has("trusted_subtrees") || !Path.of(file).getFileName().toString().startsWith("mtc-leaf")
                    || InteropCertificateTest.MUST_FAIL.containsKey(Path.of(file).getFileName().toString())) {
                continue;
            }
            MtcCertificate cert = MtcCertificate.parse(Profile.PLANTS_04,
                    InteropCertificateTest.pem(dir.resolve(file)));
            for (JsonNode t : c.get("trusted_subtrees")) {
                if (t.get("start").asLong() != cert.proof().start() || t.get("end").asLong() != cert.proof().end()) {
                    continue;
                }
                boolean match = Arrays.equals(Base64.getDecoder().decode(t.get("hash_b64").asText()),
                        SubtreeProofs.evaluateInclusionProof(H, new Subtree(cert.proof().start(), cert.proof().end()),
                                cert.index(), cert.entryHash(H), cert.proof().inclusionProof()));
                assertEquals(c.get("result").asText().equals("valid"), match, file);
                checked++;
            }
        }
        assertTrue(checked >= 4, "checked " + checked);
    }
}
