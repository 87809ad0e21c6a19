package io.mtc4j.log.client;

import io.mtc4j.log.client.LogClientException.Check;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LogObjects;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LogObjects} view of a log served over HTTP (or any {@link LogTransport}), so that whatever checks a
 * stored log (fsck) can check a served one: 200 is the object, 404 is no object, anything else (after the
 * transport's retries) is a {@link LogClientException}. Each object kind is read with its size bound: a hash tile
 * at most twice a full tile (8,192 bytes, so a wrong length can still be reported), a bundle 256 x (2 + 65,535)
 * bytes, the checkpoint and landmarks 1 MiB. Only well-formed keys are requested.
 */
public final class HttpLogObjects implements LogObjects {
    /** The most bytes read for the checkpoint or the landmarks file. */
    public static final int MAX_TEXT_BYTES = 1 << 20;
    private final LogTransport transport;

    /** Objects read through {@code transport}. */
    public HttpLogObjects(LogTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The transport (for its request count and locations). */
    public LogTransport transport() {
        return transport;
    }

    @Override
    public Optional<byte[]> read(String key) {
        if (!DirectoryLogObjects.isObjectKey(key)) {
            return Optional.empty();
        }
        int max = key.startsWith("tile/entries/") ? VerifiedTiles.MAX_BUNDLE_BYTES
                : key.startsWith("tile/") ? VerifiedTiles.MAX_TILE_READ : MAX_TEXT_BYTES;
        LogResponse r = transport.get(key, max);
        if (r.ok()) {
            return Optional.of(r.body());
        }
        if (r.status() == 404) {
            return Optional.empty();
        }
        throw new LogClientException(Check.HTTP_STATUS, r.location(), key + ": HTTP " + r.status());
    }

    @Override
    public String toString() {
        return "HttpLogObjects[" + transport + "]";
    }
}
