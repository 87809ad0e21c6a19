package io.mtc4j.spec.tiles;

import io.mtc4j.spec.MtcParseException;

/**
 * The coordinates of a tlog-tiles resource (C2SP tlog-tiles §"Merkle Tree" and §"Log entries"): a hash tile
 * {@code tile/<L>/<N>[.p/<W>]} or an entry bundle {@code tile/entries/<N>[.p/<W>]}. A full tile or bundle has
 * width 256; a partial one 1 to 255.
 *
 * @param entries true for an entry bundle ({@code level} is then 0)
 * @param level the tile level {@code L}, 0 to 63; tile level L holds Merkle Tree level 8L
 * @param index the tile index {@code N} within its level, non-negative
 * @param width the number of hashes or entries, 1 to 256
 */
public record TilePath(boolean entries, int level, long index, int width) {
    /** Hashes in a full tile, entries in a full bundle. */
    public static final int FULL_WIDTH = 256;
    /** Largest tile level tlog-tiles allows. */
    public static final int MAX_LEVEL = 63;

    private static final String FIELD = "tile path";
    private static final int MAX_INDEX_GROUPS = 7; // 2^63 - 1 has 19 digits

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param entries true for an entry bundle ({@code level} is then 0)
     * @param level the tile level {@code L}, 0 to 63; tile level L holds Merkle Tree level 8L
     * @param index the tile index {@code N} within its level, non-negative
     * @param width the number of hashes or entries, 1 to 256
     */
    public TilePath {
        if (level < 0 || level > MAX_LEVEL || (entries && level != 0)) {
            throw new IllegalArgumentException("tile level " + level + " outside 0..63 (0 for entry bundles)");
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " outside 1..256");
        }
    }

    /**
     * A hash tile {@code tile/<level>/<index>}, full when {@code width} is 256.
     *
     * @param level the tile level {@code L}, 0 to 63; tile level L holds Merkle Tree level 8L
     * @param index the tile index {@code N} within its level, non-negative
     * @param width the number of hashes or entries, 1 to 256
     * @return a hash tile {@code tile/<level>/<index>}, full when {@code width} is 256
     */
    public static TilePath hashTile(int level, long index, int width) {
        return new TilePath(false, level, index, width);
    }

    /**
     * An entry bundle {@code tile/entries/<index>}, full when {@code width} is 256.
     *
     * @param index the tile index {@code N} within its level, non-negative
     * @param width the number of hashes or entries, 1 to 256
     * @return an entry bundle {@code tile/entries/<index>}, full when {@code width} is 256
     */
    public static TilePath entryBundle(long index, int width) {
        return new TilePath(true, 0, index, width);
    }

    /**
     * The hash tile at {@code level} and {@code index} as served for a tree of {@code treeSize} entries: full if
     * the tree covers it, otherwise partial with width {@code floor(s / 256^l) mod 256} (tlog-tiles §"Partial
     * Tiles").
     *
     * @throws IllegalArgumentException if the tree has no such tile (it would be empty)
     * @param level the tile level {@code L}, 0 to 63; tile level L holds Merkle Tree level 8L
     * @param index the tile index {@code N} within its level, non-negative
     * @param treeSize the tree size
     * @return the hash tile at {@code level} and {@code index} as served for a tree of {@code treeSize} entries: full if the tree covers it, otherwise partial with width {@code floor(s / 256^l) mod 256} (tlog-tiles §"Partial Tiles")
     */
    public static TilePath hashTileFor(int level, long index, long treeSize) {
        return new TilePath(false, level, index, widthFor(level, index, treeSize));
    }

    /**
     * The entry bundle {@code index} as served for a tree of {@code treeSize} entries.
     *
     * @param index the tile index {@code N} within its level, non-negative
     * @param treeSize the tree size
     * @return the entry bundle {@code index} as served for a tree of {@code treeSize} entries
     */
    public static TilePath entryBundleFor(long index, long treeSize) {
        return new TilePath(true, 0, index, widthFor(0, index, treeSize));
    }

    /**
     * The tile a client names by {@code (entries, level, index)} as served for a tree of {@code treeSize}: an entry
     * bundle when {@code entries} (tlog-tiles {@code tile/entries/<N>} has no level, so {@code level} must be 0),
     * else the hash tile.
     *
     * @param entries  whether the tile is an entry bundle rather than a hash tile
     * @param level    the tile level (0 for an entry bundle)
     * @param index    the tile index at that level
     * @param treeSize the tree size the tile is served for, which fixes its width
     * @return the tile's path, full or partial
     * @throws IllegalArgumentException if an entry bundle is given a level, or the tree has no such tile
     */
    public static TilePath tileFor(boolean entries, int level, long index, long treeSize) {
        if (entries && level != 0) {
            throw new IllegalArgumentException("level: an entry bundle (tile/entries/N) has no level, got " + level);
        }
        return entries ? entryBundleFor(index, treeSize) : hashTileFor(level, index, treeSize);
    }

    /** The number of level-{@code level} tile hashes in a tree of {@code treeSize}: {@code floor(s / 256^l)}. */
    static long hashesAtLevel(int level, long treeSize) {
        return level >= 8 ? 0 : treeSize >>> (8 * level);
    }

    private static int widthFor(int level, long index, long treeSize) {
        if (level < 0 || level > MAX_LEVEL || index < 0 || treeSize < 0) {
            throw new IllegalArgumentException("bad tile coordinates " + level + "/" + index + " size " + treeSize);
        }
        long hashes = hashesAtLevel(level, treeSize);
        long full = hashes >>> 8;
        if (index < full) {
            return FULL_WIDTH;
        }
        int partial = (int) (hashes & 0xff);
        if (index == full && partial != 0) {
            return partial;
        }
        throw new IllegalArgumentException("a tree of size " + treeSize + " has no tile " + level + "/" + index);
    }

    /**
     * True for width 1 to 255.
     *
     * @return {@code true} for width 1 to 255
     */
    public boolean isPartial() {
        return width < FULL_WIDTH;
    }

    /**
     * The path relative to the log prefix, e.g. {@code tile/0/x001/x234/067.p/8}.
     *
     * @return the path relative to the log prefix, e.g
     */
    public String path() {
        StringBuilder sb = new StringBuilder("tile/");
        sb.append(entries ? "entries" : Integer.toString(level)).append('/').append(formatIndex(index));
        if (isPartial()) {
            sb.append(".p/").append(width);
        }
        return sb.toString();
    }

    /** tlog-tiles {@code <N>}: zero-padded 3-digit groups, all but the last prefixed with {@code x}. */
    static String formatIndex(long n) {
        String digits = Long.toString(n);
        int pad = (3 - digits.length() % 3) % 3;
        digits = "0".repeat(pad) + digits;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                sb.append('/');
            }
            if (i + 3 < digits.length()) {
                sb.append('x');
            }
            sb.append(digits, i, i + 3);
        }
        return sb.toString();
    }

    /**
     * Parses a path relative to the log prefix, strictly: exactly the form {@link #path()} produces.
     *
     * @throws MtcParseException naming the part ({@code <L>}, {@code <N>}, {@code <W>}) and the rule broken
     * @param path the path
     * @return the parsed value
     */
    public static TilePath parse(String path) {
        if (!path.startsWith("tile/")) {
            throw new MtcParseException(FIELD, "must start with 'tile/'");
        }
        String[] parts = path.substring(5).split("/", -1);
        if (parts.length < 2) {
            throw new MtcParseException(FIELD, "must be tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]");
        }
        boolean entries = parts[0].equals("entries");
        int level = entries ? 0 : parseDecimal(FIELD + " <L>", parts[0], MAX_LEVEL, 0);
        int last = parts.length - 1;
        int width = FULL_WIDTH;
        if (parts.length >= 3 && parts[last - 1].endsWith(".p")) {
            width = parseDecimal(FIELD + " <W>", parts[last], FULL_WIDTH - 1, 1);
            parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - 2);
            last--;
        }
        long index = parseIndex(parts, 1, last);
        return new TilePath(entries, level, index, width);
    }

    private static long parseIndex(String[] parts, int first, int last) {
        String field = FIELD + " <N>";
        int groups = last - first + 1;
        if (groups > MAX_INDEX_GROUPS) {
            throw new MtcParseException(field, "more than " + MAX_INDEX_GROUPS + " path elements (index above 2^63-1)");
        }
        long n = 0;
        for (int i = first; i <= last; i++) {
            String g = parts[i];
            boolean x = i < last;
            if (x) {
                if (!g.startsWith("x")) {
                    throw new MtcParseException(field, "element '" + g + "' must begin with 'x' (all but the last do)");
                }
                g = g.substring(1);
            }
            if (g.length() != 3 || !allDigits(g)) {
                throw new MtcParseException(field, "element '" + parts[i] + "' must be "
                        + (x ? "'x' and " : "") + "3 decimal digits");
            }
            if (i == first && x && g.equals("000")) {
                throw new MtcParseException(field, "leading element 'x000' (zero padding beyond 3 digits)");
            }
            try {
                n = Math.addExact(Math.multiplyExact(n, 1000), Integer.parseInt(g));
            } catch (ArithmeticException e) {
                throw new MtcParseException(field, "index exceeds 2^63-1");
            }
        }
        return n;
    }

    private static int parseDecimal(String field, String s, int max, int min) {
        if (s.isEmpty() || !allDigits(s)) {
            throw new MtcParseException(field, "'" + s + "' is not a decimal integer");
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new MtcParseException(field, "'" + s + "' has a leading zero");
        }
        if (s.length() > 3 || Integer.parseInt(s) > max || Integer.parseInt(s) < min) {
            throw new MtcParseException(field, "'" + s + "' outside " + min + ".." + max);
        }
        return Integer.parseInt(s);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return path();
    }
}
