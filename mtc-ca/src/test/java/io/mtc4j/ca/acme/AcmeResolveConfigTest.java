package io.mtc4j.ca.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** ca.json's optional {@code acmeResolve} (the configuration form of {@code --acme-resolve}): strict, round-trips. */
class AcmeResolveConfigTest {
    private static CaConfig with(Map<String, String> resolve) {
        CaConfig d = CaConfig.defaults(TrustAnchorId.parse("32473.1"));
        return new CaConfig(d.caId(), d.publicUrl(), d.listen(), d.maxLifetime(), d.checkpointInterval(),
                d.landmarkInterval(), d.storage(), d.poolMaxRequests(), d.maxLogNumber(), resolve);
    }

    @Property(tries = 100)
    void roundTrips(@ForAll @Size(max = 4) Map<@AlphaChars @StringLength(min = 1, max = 12) String,
            @IntRange(min = 1, max = 65535) Integer> entries) {
        Map<String, String> resolve = new TreeMap<>();
        entries.forEach((k, v) -> resolve.put(k.toLowerCase(java.util.Locale.ROOT) + ".example.test",
                "127.0.0.1:" + v));
        CaConfig c = with(resolve);
        CaConfig back = CaConfig.parse(c.toJson());
        assertEquals(c, back);
        assertEquals(resolve, back.acmeResolve());
        assertEquals(!resolve.isEmpty(), new String(c.toJson(), StandardCharsets.UTF_8).contains("acmeResolve"));
    }

    @Test
    void absentIsEmptyAndNamesAreLowerCased() {
        assertTrue(CaConfig.parse(CaConfig.defaults(TrustAnchorId.parse("32473.1")).toJson()).acmeResolve().isEmpty());
        assertEquals(Map.of("www.example.test", "127.0.0.1:5002"), with(Map.of("WWW.Example.Test", "127.0.0.1:5002"))
                .acmeResolve());
    }

    @Test
    void refusalsNameTheField() {
        String good = new String(CaConfig.defaults(TrustAnchorId.parse("32473.1")).toJson(), StandardCharsets.UTF_8);
        String notObject = good.replace("\"maxLogNumber\"", "\"acmeResolve\": [\"x\"],\n  \"maxLogNumber\"");
        CaException a = assertThrows(CaException.class, () -> CaConfig.parse(notObject.getBytes(
                StandardCharsets.UTF_8)));
        assertEquals("ca.json.acmeResolve", a.field());
        String notString = good.replace("\"maxLogNumber\"", "\"acmeResolve\": {\"a.example\": 80},\n  \"maxLogNumber\"");
        CaException b = assertThrows(CaException.class, () -> CaConfig.parse(notString.getBytes(
                StandardCharsets.UTF_8)));
        assertEquals("ca.json.acmeResolve.a.example", b.field());
        String badPort = good.replace("\"maxLogNumber\"", "\"acmeResolve\": {\"a.example\": \"127.0.0.1\"},\n"
                + "  \"maxLogNumber\"");
        CaException c = assertThrows(CaException.class, () -> CaConfig.parse(badPort.getBytes(
                StandardCharsets.UTF_8)));
        assertTrue(c.getMessage().contains("acmeResolve.a.example"), c.getMessage());
        String typo = good.replace("\"maxLogNumber\"", "\"acmeResolv\": {},\n  \"maxLogNumber\"");
        CaException d = assertThrows(CaException.class, () -> CaConfig.parse(typo.getBytes(StandardCharsets.UTF_8)));
        assertEquals("ca.json.acmeResolv", d.field());
    }
}
