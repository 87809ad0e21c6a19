package io.mtc4j.log.monitor;

import io.mtc4j.log.client.EntryView;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks entries against a {@link Watchlist}: every dNSName and the subject's commonName as DNS names (exact,
 * subdomain and wildcard coverage), every iPAddress GeneralName and every commonName or dNSName that is a textual
 * IP address as addresses (IPv4-mapped IPv6 as IPv4), then the rule's authorized SPKI hashes and the structural
 * policy. One matcher per thread; {@link #check} allocates nothing for an entry that matches nothing.
 */
public final class EntryMatcher {
    private final Watchlist list;
    private final Profile profile;
    private final EntryScanner scanner;
    private final EntryView.Reader<List<Finding>> inPlace = this::check;
    private final Collector collector = new Collector();
    private final int[] stamp;
    private final String[] reason;
    private final int[] matched;
    private int count;
    private int entryNo;

    EntryMatcher(Watchlist list, Profile profile) {
        this.list = list;
        this.profile = profile;
        this.scanner = new EntryScanner(profile);
        int n = list.rules().size();
        this.stamp = new int[n];
        this.reason = new String[n];
        this.matched = new int[n];
    }

    /**
     * What {@code entry} (an encoded MTCLogEntry) raises: every rule it matches, authorized or not, then every
     * structural finding. Empty for an entry that concerns no rule.
     */
    public List<Finding> check(byte[] entry) {
        return check(entry, 0, entry.length);
    }

    /**
     * {@link #check(byte[])} of a verified entry where the log client holds it ({@link EntryView}): nothing is
     * copied unless the entry raises something.
     *
     * @param entry the entry, in place
     * @return what it raises (see {@link #check(byte[])})
     */
    public List<Finding> check(EntryView entry) {
        try {
            return entry.read(inPlace);
        } finally {
            collector.b = null; // keeps nothing of the client's buffer (EntryView.Reader)
            scanner.release();
        }
    }

    /** {@link #check(byte[])} of the entry {@code b[from, to)}; reads {@code b} only, within the range. */
    List<Finding> check(byte[] b, int from, int to) {
        if (++entryNo == 0) {
            Arrays.fill(stamp, 0);
            entryNo = 1;
        }
        count = 0;
        collector.reset(b);
        String malformed = null;
        try {
            scanner.scan(b, from, to, collector);
        } catch (EntryScanner.MalformedEntryException e) {
            malformed = e.getMessage();
        }
        StructuralPolicy policy = list.structural();
        if (malformed == null && policy.fullParse() && policy.malformed()) {
            try {
                MtcLogEntry.parse(profile, Arrays.copyOfRange(b, from, to));
            } catch (MtcException | IllegalArgumentException e) {
                malformed = e.getMessage();
            }
        }
        StructuralPolicy sp = policy;
        boolean structural = malformed != null || (collector.type != 0 && collector.type != 1)
                || collector.extensionTypes != 0 || collector.caTrue || sp.maxValidity().isPresent();
        if (count == 0 && !structural) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            int id = matched[i];
            WatchRule r = list.rule(id);
            boolean ok = collector.spkiTo > collector.spkiFrom && r.authorizes(
                    Arrays.copyOfRange(collector.b, collector.spkiFrom, collector.spkiTo));
            out.add(new Finding(r.name(), reason[id], ok));
        }
        if (malformed != null && sp.malformed()) {
            out.add(new Finding(StructuralPolicy.MALFORMED, fullParserSays(Arrays.copyOfRange(b, from, to), malformed),
                    false));
        }
        if (sp.unknownTypes() && collector.type > 1) {
            out.add(new Finding(StructuralPolicy.UNKNOWN_TYPE, "entry type " + collector.type
                    + " is neither null_entry(0) nor tbs_cert_entry(1)", false));
        }
        if (sp.unknownTypes() && collector.extensionTypes != 0) {
            out.add(new Finding(StructuralPolicy.UNKNOWN_EXTENSION, collector.extensionTypes
                    + " MTCLogEntry extension(s), first of type " + collector.firstExtension
                    + " (the draft defines none)", false));
        }
        if (sp.caTrue() && collector.caTrue) {
            out.add(new Finding(StructuralPolicy.CA_TRUE, "basicConstraints cA=TRUE", false));
        }
        if (sp.maxValidity().isPresent() && collector.validityTo > collector.validityFrom) {
            validity(sp.maxValidity().get(), out);
        }
        return out;
    }

    private void validity(Duration max, List<Finding> out) {
        try {
            Instant[] v = X509Der.validityInstants(Arrays.copyOfRange(collector.b, collector.validityFrom,
                    collector.validityTo));
            Duration d = Duration.between(v[0], v[1]);
            if (d.compareTo(max) > 0) {
                out.add(new Finding(StructuralPolicy.VALIDITY, "validity " + v[0] + " to " + v[1] + " is "
                        + d.toDays() + " days, above the maximum of " + max.toDays(), false));
            }
        } catch (MtcException | IllegalArgumentException e) {
            if (list.structural().malformed()) {
                out.add(new Finding(StructuralPolicy.MALFORMED, "validity: " + e.getMessage(), false));
            }
        }
    }

    /** The full parser's reason when it refuses the entry too (it names the field); else the scanner's. */
    private String fullParserSays(byte[] entry, String scanner) {
        try {
            MtcLogEntry.parse(profile, entry);
            return scanner;
        } catch (MtcException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void match(int[] ids, String why) {
        for (int id : ids) {
            if (stamp[id] != entryNo) {
                stamp[id] = entryNo;
                reason[id] = why;
                matched[count++] = id;
            }
        }
    }

    /** Looks up one DNS name {@code b[from, to)} (a dNSName or a commonName). */
    private void name(byte[] b, int from, int to, String where) {
        if (to > from && b[to - 1] == '.') {
            to--;
        }
        if (to <= from) {
            return;
        }
        boolean wildcard = to - from > 2 && b[from] == '*' && b[from + 1] == '.';
        long h = Watchlist.startHash();
        for (int i = to - 1; i >= from; i--) {
            byte c = b[i];
            if (c == '.' && i + 1 < to) {
                Watchlist.Node n = list.find(b, i + 1, to, h);
                if (n == null) {
                    return; // no watched name ends in this suffix: neither can a longer one, nor the whole name
                }
                if (n.subtree.length > 0) {
                    match(n.subtree, "dns " + text(b, from, to) + " (" + where + ")");
                }
                if (wildcard && i == from + 1 && (n.exactChild.length > 0 || n.subtreeChild.length > 0)) {
                    String w = "dns " + text(b, from, to) + " (" + where + ", wildcard)";
                    match(n.exactChild, w);
                    match(n.subtreeChild, w);
                }
            }
            h = Watchlist.step(h, c);
        }
        Watchlist.Node n = list.find(b, from, to, h);
        if (n != null && (n.exact.length > 0 || n.subtree.length > 0)) {
            String w = "dns " + text(b, from, to) + " (" + where + ")";
            match(n.exact, w);
            match(n.subtree, w);
        }
    }

    private void address(byte[] a, String where) {
        byte[] c = IpText.canonical(a);
        list.ipRules(c, (ids, len) -> match(ids, "ip " + IpText.format(a) + " (" + where + ")"));
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Receives the scan and looks names up as they come. */
    private final class Collector implements EntryScanner.Visitor {
        byte[] b;
        int type;
        int extensionTypes;
        int firstExtension;
        boolean caTrue;
        int spkiFrom;
        int spkiTo;
        int validityFrom;
        int validityTo;

        void reset(byte[] entry) {
            b = entry;
            type = -1;
            extensionTypes = 0;
            caTrue = false;
            spkiFrom = spkiTo = validityFrom = validityTo = 0;
        }

        @Override
        public void entryType(int t) {
            type = t;
        }

        @Override
        public void extensionType(int t) {
            if (extensionTypes++ == 0) {
                firstExtension = t;
            }
        }

        @Override
        public void commonName(byte[] x, int from, int to) {
            name(x, from, to, "subject commonName");
            if (IpText.mayBeAddress(x, from, to)) {
                byte[] a = IpText.parse(x, from, to);
                if (a != null) {
                    address(a, "subject commonName");
                }
            }
        }

        @Override
        public void spkiHash(byte[] x, int from, int to) {
            spkiFrom = from;
            spkiTo = to;
        }

        @Override
        public void validity(byte[] x, int from, int to) {
            validityFrom = from;
            validityTo = to;
        }

        @Override
        public void dnsName(byte[] x, int from, int to) {
            name(x, from, to, "dNSName");
            if (IpText.mayBeAddress(x, from, to)) {
                byte[] a = IpText.parse(x, from, to);
                if (a != null) {
                    address(a, "dNSName");
                }
            }
        }

        @Override
        public void ipAddress(byte[] x, int from, int to) {
            if (to - from == 4 || to - from == 16) {
                address(Arrays.copyOfRange(x, from, to), "iPAddress");
            }
        }

        @Override
        public void caTrue() {
            caTrue = true;
        }
    }
}
