package io.mtc4j.spec.tiles;

import java.util.Optional;

/** Where tile bytes come from: storage, an HTTP client, or a {@link TileBuilder}'s memory. */
@FunctionalInterface
public interface TileSource {
    /**
     * The bytes of the resource at {@code path}, if available.
     *
     * @param path the path
     * @return the bytes of the resource at {@code path}, if available
     */
    Optional<byte[]> read(TilePath path);
}
