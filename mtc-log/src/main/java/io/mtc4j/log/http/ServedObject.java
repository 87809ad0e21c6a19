package io.mtc4j.log.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * An object ready to send: its bytes in a read-only direct buffer (written without a copy) and its
 * {@code Content-Length} encoded once; for an entry bundle (tlog-tiles §"Log entries": SHOULD be compressed at the
 * HTTP layer) also its gzip form, computed the first time a client accepts gzip and kept from then on.
 */
final class ServedObject {
    /** The gzip form and its length field. */
    record Gzip(ByteBuffer body, HttpField length) {}

    final ByteBuffer identity;
    final HttpField identityLength;
    final boolean compressible;
    private volatile Gzip gzip;

    private ServedObject(byte[] data, boolean compressible) {
        identity = direct(data);
        identityLength = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, data.length);
        this.compressible = compressible;
    }

    static ServedObject plain(byte[] data) {
        return new ServedObject(data, false);
    }

    static ServedObject compressible(byte[] data) {
        return new ServedObject(data, true);
    }

    private static ByteBuffer direct(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(data).flip().asReadOnlyBuffer();
    }

    /** The gzip form if already computed, else null. */
    Gzip gzipIfReady() {
        return gzip;
    }

    /**
     * The gzip form, computing it on first use (a blocking call: CPU only). Returns the bytes it added to this
     * object's footprint (0 when it was computed before).
     */
    synchronized long computeGzip() {
        if (gzip != null) {
            return 0;
        }
        byte[] data = new byte[identity.remaining()];
        identity.duplicate().get(data);
        byte[] gz = gzip(data);
        gzip = new Gzip(direct(gz), new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, gz.length));
        return gz.length;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }

    /** Bytes this object holds now. */
    long footprint() {
        Gzip g = gzip;
        return identity.capacity() + (g == null ? 0 : g.body().capacity()) + 128;
    }
}
