package io.mtc4j.ca.bootstrap;

import io.mtc4j.log.storage.CompanionKeys;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.tiles.TilePath;
import java.util.ArrayList;
import java.util.List;

/**
 * The bootstrap publication of a bootstrap-mode issuance log: a tile resource parallel to the entry bundles
 * (C2SP tlog-tiles §"Log Entries"), {@code <log prefix>/tile/bootstrap/<N>[.p/<W>]}, with exactly the bundles'
 * {@code <N>} and {@code <W>}: element {@code k} of {@code tile/bootstrap/<N>} belongs to log entry
 * {@code 256 N + k}. Its bytes are the {@link BootstrapEntry} elements concatenated, no padding:
 * <pre>
 * BootstrapEntry bootstrap_tile[W];   /* W = 256, or the partial width *&#47;
 * </pre>
 * Like an entry bundle, a tile of width {@code W} is a prefix of every wider one of the same {@code <N>}. The
 * issuer certificates the fingerprints name are served at {@code <log prefix>/issuer/<hex>}. Both are
 * {@link CompanionKeys companion objects} of mtc-log: written durably before the entries they describe are
 * committed, served as immutable objects.
 */
public final class BootstrapTile {
    /** The resource name under {@code tile/}. */
    public static final String NAME = "bootstrap";
    private static final String STRUCT = "bootstrap_tile";

    private BootstrapTile() {}

    /**
     * The key of the bootstrap tile paralleling an entry bundle.
     *
     * @param bundle the entry bundle path
     * @return {@code tile/bootstrap/<N>[.p/<W>]}
     */
    public static String key(TilePath bundle) {
        return CompanionKeys.parallelTile(NAME, bundle);
    }

    /**
     * Encodes a tile.
     *
     * @param elements 1 to 256 elements
     * @return the tile's bytes
     */
    public static byte[] encode(List<BootstrapEntry> elements) {
        if (elements.isEmpty() || elements.size() > TilePath.FULL_WIDTH) {
            throw new IllegalArgumentException("a bootstrap tile holds 1 to 256 elements, got " + elements.size());
        }
        return TlsWriter.encode(w -> elements.forEach(e -> e.encode(w)));
    }

    /**
     * Parses a tile of the given width, strictly: exactly {@code width} elements, no trailing bytes.
     *
     * @param data  the tile's bytes
     * @param width the width its path names (1 to 256)
     * @return the elements
     * @throws MtcParseException naming the element and field if malformed
     */
    public static List<BootstrapEntry> parse(byte[] data, int width) {
        if (width < 1 || width > TilePath.FULL_WIDTH) {
            throw new IllegalArgumentException("width " + width + " outside 1..256");
        }
        return TlsReader.parseAll(data, STRUCT, r -> {
            List<BootstrapEntry> out = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                if (r.isEmpty()) {
                    throw new MtcParseException(STRUCT + "[" + i + "]", "missing: the tile holds " + i
                            + " elements, its width is " + width);
                }
                out.add(BootstrapEntry.read(r));
            }
            return out;
        });
    }
}
