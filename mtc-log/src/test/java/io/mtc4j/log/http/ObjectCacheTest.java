package io.mtc4j.log.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ObjectCacheTest {
    @Test
    void staysWithinItsBoundAndKeepsTheFirstCopy() {
        ObjectCache c = new ObjectCache(100_000);
        for (int i = 0; i < 100; i++) {
            c.put("k" + i, ServedObject.plain(new byte[8192]));
            assertTrue(c.bytes() <= 100_000, "bytes " + c.bytes());
        }
        assertTrue(c.size() >= 10 && c.size() <= 12, "size " + c.size());
        ServedObject first = ServedObject.plain(new byte[1]);
        c.put("x", first);
        c.put("x", ServedObject.plain(new byte[2]));
        assertSame(first, c.get("x"));
        c.put("huge", ServedObject.plain(new byte[100_001]));
        assertNull(c.get("huge"));
    }

    @Test
    void aGzipFormComputedLaterIsAccountedAndRoundTrips() throws Exception {
        ObjectCache c = new ObjectCache(1 << 20);
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7);
        }
        ServedObject o = ServedObject.compressible(data);
        c.put("b", o);
        long before = c.bytes();
        assertNull(o.gzipIfReady());
        long added = o.computeGzip();
        c.grew(added);
        assertEquals(before + added, c.bytes());
        assertEquals(0, o.computeGzip());
        byte[] gz = new byte[o.gzipIfReady().body().remaining()];
        o.gzipIfReady().body().duplicate().get(gz);
        assertEquals(gz.length, added);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertEquals(java.util.Arrays.toString(data), java.util.Arrays.toString(in.readAllBytes()));
        }
    }
}
