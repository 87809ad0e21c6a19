package io.mtc4j.spec.tiles;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tlog-tiles resource: its path and its bytes (a hash tile's concatenated hashes, or an encoded entry
 * bundle). Immutable; the bytes are copied in and out.
 */
public record TileFile(TilePath path, byte[] data) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param path the path
     * @param data the data
     */
    public TileFile {
        Objects.requireNonNull(path, "path");
        data = data.clone();
    }

    /**
     * The data.
     *
     * @return the data
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileFile t && t.path.equals(path) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return path + " (" + data.length + " bytes)";
    }
}
