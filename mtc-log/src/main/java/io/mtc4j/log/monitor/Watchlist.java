package io.mtc4j.log.monitor;

import io.mtc4j.spec.Profile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled watch rules: what {@link EntryMatcher} looks every name and address up in. Lookups cost the same
 * for 1 or 10,000 rules: DNS names are found by a hash of each suffix computed right to left over the entry's
 * bytes (no String is built for a name that matches nothing), stopping at the first suffix that no watched name
 * ends in, IP addresses by one hash probe per distinct prefix length. Immutable and thread-safe; matchers are per thread.
 */
public final class Watchlist {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final List<WatchRule> rules;
    private final StructuralPolicy structural;
    private final Node[] table;
    private final int mask;
    /**
     * One bit per watched name's hash (its top 16 bits): 8 KiB that stay in the L1 cache, so that the common probe,
     * a suffix nobody watches, costs no miss in the larger table.
     */
    private final long[] present = new long[1 << 10];
    private final int[] v4Lengths;
    private final Map<Long, int[]> v4 = new HashMap<>();
    private final int[] v6Lengths;
    private final Map<V6Key, int[]> v6 = new HashMap<>();

    /** One watched name: the rules covering it exactly, with subdomains, or through a wildcard one level up. */
    static final class Node {
        final byte[] name;
        final long hash;
        int[] exact = new int[0];
        int[] subtree = new int[0];
        /** Rules watching a name whose parent is this name: a certificate for *.THIS covers it. */
        int[] exactChild = new int[0];
        /** Rules watching a child of this name with subdomains: *.THIS covers that child itself. */
        int[] subtreeChild = new int[0];
        Node next;

        Node(byte[] name, long hash) {
            this.name = name;
            this.hash = hash;
        }
    }

    private record V6Key(long hi, long lo, int length) {}

    private Watchlist(List<WatchRule> rules, StructuralPolicy structural) {
        this.rules = List.copyOf(rules);
        this.structural = structural;
        Set<String> names = new HashSet<>();
        for (WatchRule r : this.rules) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("two watch rules are named " + r.name());
            }
            if (StructuralPolicy.NAMES.contains(r.name())) {
                throw new IllegalArgumentException("rule name " + r.name() + " is reserved for a structural alert");
            }
        }
        int n = 16;
        while (n < this.rules.size() * 8) {
            n <<= 1;
        }
        table = new Node[n];
        mask = n - 1;
        TreeSet<Integer> l4 = new TreeSet<>();
        TreeSet<Integer> l6 = new TreeSet<>();
        for (int id = 0; id < this.rules.size(); id++) {
            WatchRule r = this.rules.get(id);
            for (DnsPattern p : r.dns()) {
                Node node = node(p.name());
                if (p.subdomains()) {
                    node.subtree = add(node.subtree, id);
                } else {
                    node.exact = add(node.exact, id);
                }
                int dot = p.name().indexOf('.');
                if (dot > 0) {
                    Node parent = node(p.name().substring(dot + 1));
                    if (p.subdomains()) {
                        parent.subtreeChild = add(parent.subtreeChild, id);
                    } else {
                        parent.exactChild = add(parent.exactChild, id);
                    }
                }
            }
            for (IpPrefix p : r.ip()) {
                byte[] a = p.address();
                if (a.length == 4) {
                    l4.add(p.length());
                    v4.merge(v4Key(ByteBuffer.wrap(a).getInt(), p.length()), new int[] {id}, Watchlist::union);
                } else {
                    l6.add(p.length());
                    ByteBuffer bb = ByteBuffer.wrap(a);
                    v6.merge(v6Key(bb.getLong(), bb.getLong(), p.length()), new int[] {id}, Watchlist::union);
                }
            }
        }
        // every label suffix of a watched name is in the table too (with no rules): a suffix that is not there ends
        // the right-to-left walk over a name, as no longer suffix can be watched
        for (String name : names()) {
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                node(name.substring(dot + 1));
            }
        }
        v4Lengths = l4.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        v6Lengths = l6.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Compiles {@code rules}.
     *
     * @param rules      the watch rules (distinct names, none a structural pseudo-rule name)
     * @param structural the structural alerts
     * @return the watchlist
     * @throws IllegalArgumentException for repeated or reserved rule names
     */
    public static Watchlist of(List<WatchRule> rules, StructuralPolicy structural) {
        return new Watchlist(rules, structural);
    }

    /** The rules, in configured order. */
    public List<WatchRule> rules() {
        return rules;
    }

    /** The structural alerts. */
    public StructuralPolicy structural() {
        return structural;
    }

    /** A matcher of entries of {@code profile} (not thread-safe: one per thread). */
    public EntryMatcher matcher(Profile profile) {
        return new EntryMatcher(this, profile);
    }

    WatchRule rule(int id) {
        return rules.get(id);
    }

    private Node node(String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long h = FNV_OFFSET;
        for (int i = b.length - 1; i >= 0; i--) {
            h = step(h, b[i]);
        }
        Node found = find(b, 0, b.length, h);
        if (found != null) {
            return found;
        }
        Node n = new Node(b, h);
        int bit = (int) (h >>> 48);
        present[bit >>> 6] |= 1L << bit;
        int slot = (int) (h ^ (h >>> 32)) & mask;
        n.next = table[slot];
        table[slot] = n;
        return n;
    }

    /** The hash of a name, extended one byte to the left (case-folded): FNV-1a over the reversed name. */
    static long step(long h, byte c) {
        return (h ^ lower(c)) * FNV_PRIME;
    }

    static long startHash() {
        return FNV_OFFSET;
    }

    static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /**
     * The watched name equal (case-insensitively) to {@code b[from, to)} whose hash is {@code h}, or a label suffix of
     * a watched name (its rule lists empty), or null: then neither this name nor any name ending in
     * {@code .<this name>} is watched.
     */
    Node find(byte[] b, int from, int to, long h) {
        int bit = (int) (h >>> 48);
        if ((present[bit >>> 6] & (1L << bit)) == 0) {
            return null;
        }
        for (Node n = table[(int) (h ^ (h >>> 32)) & mask]; n != null; n = n.next) {
            if (n.hash == h && n.name.length == to - from && equalsFolded(n.name, b, from)) {
                return n;
            }
        }
        return null;
    }

    private static boolean equalsFolded(byte[] lowerName, byte[] b, int from) {
        for (int i = 0; i < lowerName.length; i++) {
            if (lowerName[i] != lower(b[from + i])) {
                return false;
            }
        }
        return true;
    }

    /** The rules whose IP prefixes contain {@code a} (4 or 16 bytes, already canonical), most specific first. */
    void ipRules(byte[] a, IntSink out) {
        if (a.length == 4) {
            int x = ByteBuffer.wrap(a).getInt();
            for (int len : v4Lengths) {
                int[] ids = v4.get(v4Key(len == 0 ? 0 : x & (-1 << (32 - len)), len));
                if (ids != null) {
                    out.accept(ids, len);
                }
            }
        } else if (a.length == 16) {
            ByteBuffer bb = ByteBuffer.wrap(a);
            long hi = bb.getLong();
            long lo = bb.getLong();
            for (int len : v6Lengths) {
                long mh = len >= 64 ? hi : len == 0 ? 0 : hi & (-1L << (64 - len));
                long ml = len <= 64 ? 0 : len == 128 ? lo : lo & (-1L << (128 - len));
                int[] ids = v6.get(v6Key(mh, ml, len));
                if (ids != null) {
                    out.accept(ids, len);
                }
            }
        }
    }

    /** Receives rule IDs found for an address with the prefix length that matched. */
    interface IntSink {
        void accept(int[] ids, int prefixLength);
    }

    private static long v4Key(int masked, int len) {
        return ((long) len << 32) | (masked & 0xffffffffL);
    }

    private static V6Key v6Key(long hi, long lo, int len) {
        return new V6Key(hi, lo, len);
    }

    private static int[] add(int[] ids, int id) {
        for (int x : ids) {
            if (x == id) {
                return ids;
            }
        }
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = id;
        return out;
    }

    private static int[] union(int[] a, int[] b) {
        int[] out = a;
        for (int x : b) {
            out = add(out, x);
        }
        return out;
    }

    /** Every name in the table: the watched names and their label suffixes. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (Node n : table) {
            for (Node x = n; x != null; x = x.next) {
                out.add(new String(x.name, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return out;
    }
}
