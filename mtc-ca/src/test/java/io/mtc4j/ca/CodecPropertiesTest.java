package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The CA's own codecs: durations, ca.json, the journal and the certificate files. */
class CodecPropertiesTest {
    @Property
    void durationTextRoundTrips(@ForAll @LongRange(min = 0, max = 100_000_000_000L) long ms) {
        Duration d = Duration.ofMillis(ms);
        String t = DurationText.format(d);
        assertEquals(d, DurationText.parse(t));
        assertTrue(t.matches("(0|[1-9][0-9]*)(ms|s|m|h|d)"), t);
    }

    @Property
    void durationTextRefusesWhatIsNotOneCountAndOneUnit(@ForAll("notDurations") String s) {
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse(s));
    }

    @Provide
    Arbitrary<String> notDurations() {
        return Arbitraries.of("", "7", "d", "-1d", "+1d", "01d", "1.5h", "1 d", "1D", "1dd", "7d ", " 7d", "1w",
                "1000000000000d", "200000d", "1h30m");
    }

    @Property
    void caJsonRoundTrips(@ForAll @IntRange(min = 1, max = 1_000_000) int pool,
            @ForAll @IntRange(min = 1, max = 0xfffe) int maxLog, @ForAll @LongRange(min = 1, max = 10_000_000) long ms) {
        CaConfig c = new CaConfig(TrustAnchorId.parse("32473.1." + maxLog), "https://ca.example/mtc/" + pool,
                "[::1]:" + (pool % 65536), Duration.ofMillis(ms * 7), Duration.ofMillis(ms), Duration.ofHours(1),
                "s3pg://bucket/x?endpoint=http://127.0.0.1:1", pool, maxLog);
        assertEquals(c, CaConfig.parse(c.toJson()));
    }

    @Test
    void caJsonRefusesUnknownAndBadFieldsNamingThem() {
        String good = new String(CaConfig.defaults(TrustAnchorId.parse("32473.1")).toJson());
        CaException unknown = assertThrows(CaException.class, () -> CaConfig.parse(good.replace("\"caId\"",
                "\"cald\"").getBytes()));
        assertEquals("ca.json.cald", unknown.field());
        CaException life = assertThrows(CaException.class, () -> CaConfig.parse(good.replace("\"7d\"", "\"7 days\"")
                .getBytes()));
        assertEquals("ca.json.maxLifetime", life.field());
        CaException url = assertThrows(CaException.class, () -> CaConfig.parse(good.replace(
                "http://127.0.0.1:8080/log", "http://127.0.0.1:8080/v1").getBytes()));
        assertTrue(url.getMessage().contains("collides with the intake API"), url.getMessage());
        assertThrows(CaException.class, () -> CaConfig.parse("[]".getBytes()));
    }

    @Property(tries = 50)
    void journalRoundTrips(@ForAll("spkiLists") List<byte[]> spkis, @ForAll @LongRange(min = 0, max = 1L << 47)
            long start) throws IOException {
        Path dir = Files.createTempDirectory("mtc-ca-journal");
        Journal j = new Journal(dir);
        j.write(3, start, spkis);
        List<Journal.Batch> got = j.list();
        assertEquals(1, got.size());
        assertEquals(3, got.get(0).log());
        assertEquals(start, got.get(0).start());
        assertEquals(spkis.size(), got.get(0).spkis().size());
        for (int i = 0; i < spkis.size(); i++) {
            assertArrayEquals(spkis.get(i), got.get(0).spkis().get(i));
        }
        j.delete(3, start);
        assertTrue(j.list().isEmpty());
    }

    @Property(tries = 50)
    void certificateFilesReturnEachCertificateByIndex(@ForAll("spkiLists") List<byte[]> certs,
            @ForAll @LongRange(min = 0, max = 1L << 40) long start) throws IOException {
        Path dir = Files.createTempDirectory("mtc-ca-certs");
        new CertStore(dir).write(1, CertStore.Kind.STANDALONE, start, certs);
        CertStore reopened = new CertStore(dir); // the ranges come from the file names
        for (int i = 0; i < certs.size(); i++) {
            assertArrayEquals(certs.get(i), reopened.read(1, CertStore.Kind.STANDALONE, start + i).orElseThrow());
        }
        assertListEquals(certs, reopened.readRun(1, CertStore.Kind.STANDALONE, start, start + certs.size()));
        assertThrows(IllegalArgumentException.class, () -> reopened.readRun(1, CertStore.Kind.STANDALONE, start,
                start + certs.size() + 1));
        assertTrue(reopened.read(1, CertStore.Kind.STANDALONE, start + certs.size()).isEmpty());
        assertTrue(reopened.read(1, CertStore.Kind.LANDMARK, start).isEmpty());
        if (start > 0) {
            assertTrue(reopened.read(1, CertStore.Kind.STANDALONE, start - 1).isEmpty());
        }
    }

    @Property(tries = 50)
    void certificatesOfAGroupShareTheirSuffixAndReadBackWhole(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 60) int count) throws IOException {
        java.util.Random rnd = new java.util.Random(seed);
        byte[][] suffixes = new byte[3][];
        for (int g = 0; g < suffixes.length; g++) {
            suffixes[g] = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(suffixes[g]);
        }
        List<byte[]> certs = new ArrayList<>();
        int[] group = new int[count];
        for (int i = 0; i < count; i++) {
            group[i] = rnd.nextInt(3);
            byte[] prefix = new byte[rnd.nextInt(400)];
            rnd.nextBytes(prefix);
            // mostly the group's suffix; sometimes another one, so a group shares less or nothing
            byte[] suffix = suffixes[rnd.nextInt(8) == 0 ? rnd.nextInt(3) : group[i]];
            byte[] c = new byte[prefix.length + suffix.length];
            System.arraycopy(prefix, 0, c, 0, prefix.length);
            System.arraycopy(suffix, 0, c, prefix.length, suffix.length);
            certs.add(c);
        }
        Path dir = Files.createTempDirectory("mtc-ca-certs");
        new CertStore(dir).write(2, CertStore.Kind.STANDALONE, 7, certs, group);
        CertStore reopened = new CertStore(dir);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(certs.get(i), reopened.read(2, CertStore.Kind.STANDALONE, 7 + i).orElseThrow());
        }
        assertListEquals(certs, reopened.readRun(2, CertStore.Kind.STANDALONE, 7, 7 + count));
        long stored = Files.size(dir.resolve("2/standalone/7-" + (7 + count)));
        long whole = certs.stream().mapToLong(c -> c.length).sum();
        assertTrue(stored <= 24 + 8L * (3 + 1) + 8L * (count + 1) + count + whole, "never larger than whole");
    }

    @Property(tries = 20)
    void filesOfTheFirstLayoutAreStillRead(@ForAll("spkiLists") List<byte[]> certs) throws IOException {
        Path dir = Files.createTempDirectory("mtc-ca-certs");
        long start = 5;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + 8 * (certs.size() + 1)
                + certs.stream().mapToInt(c -> c.length).sum());
        b.put("MTCCERT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(start).putInt(certs.size());
        long pos = 20 + 8L * (certs.size() + 1);
        for (byte[] c : certs) {
            b.putLong(pos);
            pos += c.length;
        }
        b.putLong(pos);
        certs.forEach(b::put);
        Files.createDirectories(dir.resolve("1/landmark"));
        Files.write(dir.resolve("1/landmark/" + start + "-" + (start + certs.size())), b.array());
        CertStore s = new CertStore(dir);
        for (int i = 0; i < certs.size(); i++) {
            assertArrayEquals(certs.get(i), s.read(1, CertStore.Kind.LANDMARK, start + i).orElseThrow());
        }
        assertListEquals(certs, s.readRun(1, CertStore.Kind.LANDMARK, start, start + certs.size()));
    }

    private static void assertListEquals(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "certificate " + i);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> spkiLists() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300).list().ofMinSize(1).ofMaxSize(40)
                .map(ArrayList::new);
    }

    /** The acknowledgement written by hand reads back, through Jackson, as the documented JSON (CA-API.md). */
    @Property(tries = 100)
    void acknowledgementIsTheDocumentedJson(@ForAll @IntRange(min = 1, max = 65535) int log,
            @ForAll @LongRange(min = 0, max = (1L << 48) - 1) long first, @ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll("bases") String base) throws IOException {
        List<IssuedCertificate> issued = new ArrayList<>();
        for (int i = 0; i < n && first + i < (1L << 48); i++) {
            issued.add(new IssuedCertificate(java.math.BigInteger.valueOf(log).shiftLeft(48)
                    .or(java.math.BigInteger.valueOf(first + i)), log, first + i));
        }
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                IntakeHandler.certificates(base, issued));
        assertEquals(1, o.size());
        assertEquals(issued.size(), o.get("certificates").size());
        for (int i = 0; i < issued.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode c = o.get("certificates").get(i);
            IssuedCertificate x = issued.get(i);
            String url = base + "/v1/certificates/" + x.serial();
            assertEquals(5, c.size());
            assertEquals(x.serial().toString(), c.get("serial").textValue());
            assertEquals(log, c.get("log").intValue());
            assertEquals(x.index(), c.get("index").longValue());
            assertEquals(url + "/standalone", c.get("standalone").textValue());
            assertEquals(url + "/landmark", c.get("landmark").textValue());
        }
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.oneOf(Arbitraries.of("http://127.0.0.1:8080", "http://[::1]:1"),
                Arbitraries.strings().ofMaxLength(30).map(s -> "http://" + s));
    }
}
