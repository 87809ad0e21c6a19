package io.mtc4j.log.storage;

import java.util.Optional;

/**
 * The read side of one issuance log as C2SP tlog-tiles publishes it: every object a tlog-tiles client can GET
 * under the log's prefix. Keys are the relative paths of tlog-tiles and mtc-tlog: {@code "checkpoint"},
 * {@code "landmarks"}, {@code "tile/<L>/<N>[.p/<W>]"} and {@code "tile/entries/<N>[.p/<W>]"}. What this returns
 * is exactly what a server must send, byte for byte (entry bundles uncompressed: compression is the HTTP layer's
 * job). Implementations are thread-safe; the HTTP server, {@code fsck} and the log client read through this.
 */
public interface LogObjects {
    /** The object at {@code key}, or empty when the log has no such object. */
    Optional<byte[]> read(String key);
}
