package io.mtc4j.spec.tiles;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tlog-tiles resource: its path and its bytes (a hash tile's concatenated hashes, or an encoded entry
 * bundle). Immutable; the bytes are copied in and out.
 */
public record TileFile(TilePath path, byte[] data) {
    public TileFile {
        Objects.requireNonNull(path, "path");
        data = data.clone();
    }

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
