package io.mtc4j.log.client;

import io.mtc4j.log.client.LogClientException.Check;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TileNodeReader;
import io.mtc4j.spec.tiles.TilePath;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The hash tiles and entry bundles of one verified checkpoint (size, root), each checked before it is used
 * (C2SP tlog-tiles §"Merkle Tree", §"Partial Tiles", §"Log entries"):
 * <ul>
 *   <li>only tiles of this size are requested, so a partial tile is fetched only for a verified checkpoint (R21);
 *       a gone partial tile is replaced by the full one, of which only the prefix is used;</li>
 *   <li>every tile's length is its path's width times HASH_SIZE;</li>
 *   <li>the partial tiles (one per tile level) recompute the checkpoint's root; that proves all of them;</li>
 *   <li>a full tile's MTH equals its hash in the (verified) tile above it;</li>
 *   <li>every entry of a bundle hashes to its leaf hash in the level-0 tile.</li>
 * </ul>
 * Verified tiles are cached (least recently used, bounded). Not thread-safe.
 */
final class VerifiedTiles {
    /** Largest hash-tile body read: twice a full tile, so that a wrong length can be reported exactly. */
    static final int MAX_TILE_READ = 2 * TilePath.FULL_WIDTH * 32;
    /** A full entry bundle: 256 entries of at most 65,535 bytes, each with a 2-byte length prefix. */
    static final int MAX_BUNDLE_BYTES = TilePath.FULL_WIDTH * (EntryBundle.MAX_ENTRY_LENGTH + 2);
    private static final int MAX_EXAMPLES = 5;

    private final HashFunction hash;
    private final long size;
    private final byte[] root;
    private final BiFunction<String, Integer, LogResponse> get;
    private final UnaryOperator<String> locate;
    private final FetchObserver observer;
    private final Map<TilePath, byte[]> verified;
    private final Map<TilePath, byte[]> unproven = new LinkedHashMap<>();
    /** The partial tiles the root proved: at most one per level, never evicted. */
    private final Map<TilePath, byte[]> provenPartials = new LinkedHashMap<>();
    private boolean rootChecked;
    private MessageDigest digest;
    private byte[] scratch;

    /**
     * @param get       fetches an object key with a size bound (the client's transport plus its observer)
     * @param locate    the URL or path of an object key, for messages
     * @param cacheSize the most verified tiles kept
     */
    VerifiedTiles(HashFunction hash, long size, byte[] root, BiFunction<String, Integer, LogResponse> get,
            UnaryOperator<String> locate, FetchObserver observer, int cacheSize) {
        this.hash = hash;
        this.size = size;
        this.root = root.clone();
        this.get = get;
        this.locate = locate;
        this.observer = observer;
        this.verified = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TilePath, byte[]> eldest) {
                return size() > cacheSize;
            }
        };
    }

    long size() {
        return size;
    }

    /** A node reader over the verified tiles: every node it returns hashes up to the checkpoint's root. */
    TileNodeReader nodeReader() {
        return new TileNodeReader(hash, size, p -> Optional.of(verified(p)));
    }

    /** The hash tile at {@code path} (a tile of this size), verified up to the root. */
    byte[] verified(TilePath path) {
        byte[] t = proven(path);
        if (t != null) {
            return t;
        }
        return check(path, path.isPartial() ? unprovenPartial(path) : raw(path));
    }

    /** The verified bytes of {@code path}, if it is a proven partial tile or a cached full one. */
    private byte[] proven(TilePath path) {
        return path.isPartial() ? provenPartials.get(path) : verified.get(path);
    }

    /**
     * tlog-tiles §"Partial Tiles": the partial tiles of this size hash to the checkpoint's root. Verifies and
     * caches all of them (there is at most one per tile level).
     */
    void checkRoot() {
        if (rootChecked) {
            return;
        }
        List<TilePath> used = new ArrayList<>();
        byte[] got = new TileNodeReader(hash, size, p -> {
            if (!p.isPartial()) {
                throw new IllegalStateException(p + ": the root of a tree needs only partial tiles");
            }
            used.add(p);
            return Optional.of(unprovenPartial(p));
        }).rootHash();
        if (!MessageDigest.isEqual(got, root)) {
            throw new LogClientException(Check.ROOT, used.isEmpty() ? locate.apply("checkpoint") : String.join(", ",
                    used.stream().map(p -> locate.apply(p.path())).distinct().toList()), "root from the tiles "
                    + HexFormat.of().formatHex(got) + " != checkpoint root " + HexFormat.of().formatHex(root)
                    + " (size " + size + ")");
        }
        provenPartials.putAll(unproven);
        unproven.clear();
        rootChecked = true;
    }

    /** A partial tile of this size as fetched, held until the root proves it (each is fetched once). */
    private byte[] unprovenPartial(TilePath p) {
        byte[] b = unproven.get(p);
        if (b == null) {
            b = raw(p);
            unproven.put(p, b);
        }
        return b;
    }

    /**
     * Checks {@code data} (the raw bytes of {@code path}) up to the root, bottom-up, caches and returns it: a full
     * tile against its hash in the tile above, then that tile in turn, up to a partial tile, which the root
     * proves. So a {@code ROOT} failure means every link below the root held; a {@code TILE_HASH} failure names
     * the lowest link that broke.
     */
    byte[] check(TilePath path, byte[] data) {
        byte[] cached = proven(path);
        if (cached != null) {
            if (!Arrays.equals(cached, data)) {
                throw new LogClientException(Check.TILE_HASH, locate.apply(path.path()), "changed since it was verified");
            }
            return cached;
        }
        if (path.isPartial()) {
            checkRoot();
            byte[] v = provenPartials.get(path);
            if (v == null || !Arrays.equals(v, data)) {
                throw new LogClientException(Check.ROOT, locate.apply(path.path()), "not the partial tile that hashes to the root");
            }
            return v;
        }
        // tlog-tiles §"Merkle Tree": a full level-L tile's MTH is hash N mod 256 of tile N/256 at level L+1
        TilePath parent = TilePath.hashTileFor(path.level() + 1, path.index() >>> 8, size);
        byte[] above = proven(parent);
        boolean parentProven = above != null;
        if (!parentProven) {
            above = parent.isPartial() ? unprovenPartial(parent) : raw(parent);
        }
        int at = (int) (path.index() & 0xff);
        byte[] want = Arrays.copyOfRange(above, at * hash.size(), (at + 1) * hash.size());
        if (!MessageDigest.isEqual(tileHash(data), want)) {
            throw new LogClientException(Check.TILE_HASH, locate.apply(path.path()), path + " does not hash to " + parent + "["
                    + at + "]");
        }
        if (!parentProven) {
            check(parent, above);
        }
        verified.put(path, data);
        return data;
    }

    /**
     * MTH of a full tile's 256 hashes: the node 8 levels above them (RFC 9162 §2.1.1: each interior node is
     * {@code HASH(0x01 || left || right)}), reduced level by level in place in a scratch copy.
     */
    private byte[] tileHash(byte[] tile) {
        int hs = hash.size();
        byte[] level = scratch();
        System.arraycopy(tile, 0, level, 0, TilePath.FULL_WIDTH * hs);
        MessageDigest md = digest();
        for (int w = TilePath.FULL_WIDTH; w > 1; w >>>= 1) {
            for (int i = 0; i < w / 2; i++) {
                md.update((byte) 0x01);
                md.update(level, 2 * i * hs, 2 * hs);
                digestInto(md, level, i * hs);
            }
        }
        return Arrays.copyOf(level, hs);
    }

    /**
     * The bytes of hash tile {@code path}, of the right length but not yet verified (tlog-tiles §"Partial Tiles":
     * a partial tile that is gone is replaced by the prefix of the full tile).
     */
    byte[] raw(TilePath path) {
        if (path.entries()) {
            throw new IllegalArgumentException(path + " is an entry bundle");
        }
        int want = path.width() * hash.size();
        byte[] b = fetch(path, MAX_TILE_READ, full -> {
            int n = TilePath.FULL_WIDTH * hash.size();
            if (full.length != n) {
                throw new LogClientException(Check.TILE_WIDTH, locate.apply(path.path()), full.length + " bytes, want " + n
                        + " (the full tile standing in for " + path + ")");
            }
            return Arrays.copyOf(full, want);
        });
        if (b.length != want) {
            throw new LogClientException(Check.TILE_WIDTH, locate.apply(path.path()), path + ": " + b.length + " bytes, want "
                    + want + " (" + path.width() + " hashes)");
        }
        return b;
    }

    /**
     * Entry bundle {@code index} (a bundle of this size), framed in place and every entry checked against its leaf
     * hash in the level-0 tile, the whole bundle at once, before any entry of it is handed out.
     */
    VerifiedBundle bundle(long index) {
        TilePath path = TilePath.entryBundleFor(index, size);
        int[] from = new int[TilePath.FULL_WIDTH];
        int[] to = new int[TilePath.FULL_WIDTH];
        // a gone partial bundle: the full one, framed whole, of which the first width entries are the partial one
        byte[] b = fetch(path, MAX_BUNDLE_BYTES, full -> {
            frameBundle(TilePath.entryBundle(path.index(), TilePath.FULL_WIDTH), full, from, to);
            return Arrays.copyOf(full, to[path.width() - 1]);
        });
        int n = frameBundle(path, b, from, to);
        TilePath tilePath = TilePath.hashTileFor(0, index, size);
        // the leaves are compared first and the tile proven after (bottom-up, so that a tampered tile is reported
        // at the entries it no longer matches)
        byte[] tile = proven(tilePath) != null ? proven(tilePath)
                : tilePath.isPartial() ? unprovenPartial(tilePath) : raw(tilePath);
        checkLeafHashes(path, tilePath, b, from, to, n, tile);
        check(tilePath, tile);
        return new VerifiedBundle(index * TilePath.FULL_WIDTH, b, from, to, n);
    }

    /**
     * tlog-tiles §"Log entries": frames {@code data} as the bundle at {@code path}, strictly (1 to 256 entries, each a
     * uint16 length and that many bytes, nothing after the last, exactly {@code path.width()} of them); entry i is
     * {@code data[from[i], to[i])}.
     *
     * @return the number of entries
     */
    private int frameBundle(TilePath path, byte[] data, int[] from, int[] to) {
        if (data.length == 0) {
            throw bundleError(path, "empty (tlog-tiles: empty tiles MUST NOT be served)");
        }
        int n = 0;
        int p = 0;
        while (p < data.length) {
            if (n == TilePath.FULL_WIDTH) {
                throw bundleError(path, "more than 256 entries (" + (data.length - p) + " bytes left over)");
            }
            if (data.length - p < 2) {
                throw bundleError(path, "entry[" + n + "]: truncated length prefix");
            }
            int len = ((data[p] & 0xff) << 8) | (data[p + 1] & 0xff);
            p += 2;
            if (len > data.length - p) {
                throw bundleError(path, "entry[" + n + "]: " + len + " bytes announced, " + (data.length - p) + " left");
            }
            from[n] = p;
            to[n] = p + len;
            p += len;
            n++;
        }
        if (n != path.width()) {
            throw bundleError(path, "has " + n + " entries but " + path + " needs " + path.width());
        }
        return n;
    }

    private LogClientException bundleError(TilePath path, String why) {
        return new LogClientException(Check.BUNDLE, locate.apply(path.path()), path + ": entry bundle " + why);
    }

    /**
     * tlog-tiles §"Log entries": entry i of the bundle hashes to hash i of the level-0 tile (RFC 9162 §2.1.1 leaf hash,
     * {@code HASH(0x00 || entry)}), hashed in place with one digest; the bundle's leaves are compared with the tile
     * at once.
     */
    private void checkLeafHashes(TilePath path, TilePath tilePath, byte[] b, int[] from, int[] to, int n, byte[] tile) {
        int hs = hash.size();
        byte[] leaves = scratch();
        MessageDigest md = digest();
        for (int i = 0; i < n; i++) {
            md.update((byte) 0x00);
            md.update(b, from[i], to[i] - from[i]);
            digestInto(md, leaves, i * hs);
        }
        if (Arrays.equals(leaves, 0, n * hs, tile, 0, n * hs)) {
            return;
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(leaves, i * hs, (i + 1) * hs, tile, i * hs, (i + 1) * hs)) {
                bad.add("entry " + (path.index() * TilePath.FULL_WIDTH + i) + " (" + path + "[" + i + "])");
            }
        }
        String s = String.join("; ", bad.subList(0, Math.min(MAX_EXAMPLES, bad.size())));
        throw new LogClientException(Check.LEAF_HASH, locate.apply(path.path()), bad.size() + " entr"
                + (bad.size() == 1 ? "y does" : "ies do") + " not hash to " + tilePath + ": " + s
                + (bad.size() > MAX_EXAMPLES ? "; ..." : ""));
    }

    /** This reader's digest of {@code hash} (one per instance: not thread-safe, as the class is not). */
    private MessageDigest digest() {
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance(hash.name());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("hash " + hash.name() + " is not available", e);
            }
        }
        return digest;
    }

    /** A buffer of a full tile's hashes, reused. */
    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[TilePath.FULL_WIDTH * hash.size()];
        }
        return scratch;
    }

    private void digestInto(MessageDigest md, byte[] out, int at) {
        try {
            md.digest(out, at, hash.size());
        } catch (DigestException e) {
            throw new IllegalStateException("digest of " + hash.name() + " into " + hash.size() + " bytes", e);
        }
    }

    /** GETs {@code path}; a 404 for a partial path falls back to the full one, narrowed by {@code narrow}. */
    private byte[] fetch(TilePath path, int max, UnaryOperator<byte[]> narrow) {
        LogResponse r = get.apply(path.path(), max);
        if (r.ok()) {
            return r.bodyShared();
        }
        if (r.status() == 404 && path.isPartial()) {
            TilePath full = path.entries() ? TilePath.entryBundle(path.index(), TilePath.FULL_WIDTH)
                    : TilePath.hashTile(path.level(), path.index(), TilePath.FULL_WIDTH);
            LogResponse f = get.apply(full.path(), max);
            if (f.ok()) {
                byte[] n = narrow.apply(f.bodyShared());
                observer.fellBack(path, full);
                return n;
            }
        }
        throw new LogClientException(Check.HTTP_STATUS, r.location(), path + ": HTTP " + r.status());
    }
}
