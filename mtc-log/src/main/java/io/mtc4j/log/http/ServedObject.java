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
 * An object ready to send: its bytes in a read-only direct buffer (written without a copy), the gzip form when
 * it is an entry bundle (tlog-tiles §"Log entries": SHOULD be compressed at the HTTP layer), and its
 * {@code Content-Length} fields encoded once.
 */
final class ServedObject {
    final ByteBuffer identity;
    final HttpField identityLength;
    final ByteBuffer gzip; // null unless compressible
    final HttpField gzipLength;

    private ServedObject(byte[] data, byte[] gz) {
        identity = direct(data);
        identityLength = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, data.length);
        gzip = gz == null ? null : direct(gz);
        gzipLength = gz == null ? null : new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, gz.length);
    }

    static ServedObject plain(byte[] data) {
        return new ServedObject(data, null);
    }

    static ServedObject compressed(byte[] data) {
        return new ServedObject(data, gzip(data));
    }

    private static ByteBuffer direct(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(data).flip().asReadOnlyBuffer();
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

    /** Bytes this object holds. */
    long footprint() {
        return identity.capacity() + (gzip == null ? 0 : gzip.capacity()) + 128;
    }
}
