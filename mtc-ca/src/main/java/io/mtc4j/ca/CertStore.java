package io.mtc4j.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issued certificates by serial, in {@code DIR/certs/<log>/<kind>/<start>-<end>}: one file per issuance run
 * (standalone) or per landmark and run (landmark-relative), holding the DER certificates of the entries
 * {@code [start, end)}. A file is written once, durably ({@link Durable}), so it is complete or absent.
 *
 * <p>The standalone certificates of one covering subtree end in the same bytes (the subtree's signatures, about
 * 2.4 KB with ML-DSA-44, most of each certificate), so a file holds each such trailing suffix once. Layout:
 * <pre>
 * "MTCCERT2" ‖ u64 start ‖ u32 count ‖ u32 suffixes ‖ u64 suffixOffset[suffixes + 1] ‖ u64 offset[count + 1]
 *            ‖ suffix bytes ‖ records          record = u8 suffix index (0xff: none) ‖ the bytes before it
 * </pre>
 * offsets from the file's start; a certificate is its record's bytes followed by its suffix, read by positional
 * reads. Files of the first layout ({@code "MTCCERT1" ‖ u64 start ‖ u32 count ‖ u64 offset[count + 1] ‖
 * certificates}) are still read.
 */
final class CertStore {
    enum Kind {
        STANDALONE("standalone"), LANDMARK("landmark");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    private static final byte[] MAGIC_1 = "MTCCERT1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = "MTCCERT2".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("(0|[1-9][0-9]*)-(0|[1-9][0-9]*)");
    private static final int HEADER_1 = 8 + 8 + 4;
    private static final int HEADER = 8 + 8 + 4 + 4;
    private static final int NO_SUFFIX = 0xff;
    /** A shorter common suffix is not worth its table entry. */
    private static final int MIN_SUFFIX = 64;

    private final Path root;
    /** (log, kind) → start → end. */
    private final Map<String, ConcurrentSkipListMap<Long, Long>> ranges = new ConcurrentHashMap<>();

    CertStore(Path root) {
        this.root = root;
    }

    private Path dir(int log, Kind kind) {
        return root.resolve(Integer.toString(log)).resolve(kind.dir);
    }

    private ConcurrentSkipListMap<Long, Long> ranges(int log, Kind kind) {
        return ranges.computeIfAbsent(log + "/" + kind.dir, k -> load(dir(log, kind)));
    }

    private static ConcurrentSkipListMap<Long, Long> load(Path dir) {
        ConcurrentSkipListMap<Long, Long> m = new ConcurrentSkipListMap<>();
        if (!Files.isDirectory(dir)) {
            return m;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher x = NAME.matcher(p.getFileName().toString());
                if (x.matches()) {
                    m.put(Long.parseLong(x.group(1)), Long.parseLong(x.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** Whether the certificates of exactly {@code [start, end)} are stored. */
    boolean has(int log, Kind kind, long start, long end) {
        Long e = ranges(log, kind).get(start);
        return e != null && e == end;
    }

    /** Stores the certificates of entries {@code [start, start + certs.size())}, durably, as one group. */
    void write(int log, Kind kind, long start, List<byte[]> certs) {
        write(log, kind, start, certs, new int[certs.size()]);
    }

    /**
     * Stores the certificates of entries {@code [start, start + certs.size())}, durably. Certificates of one group
     * ({@code group[i]}, 0..254; e.g. one covering subtree) have their longest common trailing bytes stored once.
     */
    void write(int log, Kind kind, long start, List<byte[]> certs, int[] group) {
        if (group.length != certs.size()) {
            throw new IllegalArgumentException("one group per certificate");
        }
        int[] suffixLength = commonSuffixes(certs, group);
        List<byte[]> suffixes = new ArrayList<>();
        int[] slot = new int[suffixLength.length];
        Arrays.fill(slot, NO_SUFFIX);
        for (int g = 0; g < suffixLength.length; g++) {
            if (suffixLength[g] >= MIN_SUFFIX) {
                slot[g] = suffixes.size();
                suffixes.add(null);
            }
        }
        int n = certs.size();
        long[] offsets = new long[n + 1];
        long[] suffixOffsets = new long[suffixes.size() + 1];
        long pos = HEADER + 8L * suffixOffsets.length + 8L * offsets.length;
        for (int i = 0; i < n; i++) { // the suffix of each group: the end of its first certificate
            int s = slot[group[i]];
            if (s != NO_SUFFIX && suffixes.get(s) == null) {
                byte[] c = certs.get(i);
                suffixes.set(s, Arrays.copyOfRange(c, c.length - suffixLength[group[i]], c.length));
            }
        }
        for (int k = 0; k < suffixes.size(); k++) {
            suffixOffsets[k] = pos;
            pos += suffixes.get(k).length;
        }
        suffixOffsets[suffixes.size()] = pos;
        for (int i = 0; i < n; i++) {
            offsets[i] = pos;
            int s = slot[group[i]];
            pos += 1 + certs.get(i).length - (s == NO_SUFFIX ? 0 : suffixLength[group[i]]);
        }
        offsets[n] = pos;
        if (pos > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a certificate file is at most 2 GiB; split the batch");
        }
        ByteBuffer b = ByteBuffer.allocate((int) pos);
        b.put(MAGIC).putLong(start).putInt(n).putInt(suffixes.size());
        for (long o : suffixOffsets) {
            b.putLong(o);
        }
        for (long o : offsets) {
            b.putLong(o);
        }
        for (byte[] x : suffixes) {
            b.put(x);
        }
        for (int i = 0; i < n; i++) {
            int s = slot[group[i]];
            byte[] c = certs.get(i);
            b.put((byte) s).put(c, 0, c.length - (s == NO_SUFFIX ? 0 : suffixLength[group[i]]));
        }
        Durable.write(dir(log, kind).resolve(start + "-" + (start + n)), b.array());
        ranges(log, kind).put(start, start + n);
    }

    /** Per group, the length of the trailing bytes all its certificates share (0 for a group of one). */
    private static int[] commonSuffixes(List<byte[]> certs, int[] group) {
        int groups = 0;
        for (int g : group) {
            if (g < 0 || g >= NO_SUFFIX) {
                throw new IllegalArgumentException("group " + g + " outside 0.." + (NO_SUFFIX - 1));
            }
            groups = Math.max(groups, g + 1);
        }
        int[] first = new int[groups];
        int[] len = new int[groups];
        int[] members = new int[groups];
        Arrays.fill(first, -1);
        for (int i = 0; i < certs.size(); i++) {
            int g = group[i];
            byte[] c = certs.get(i);
            if (first[g] < 0) {
                first[g] = i;
                len[g] = c.length;
            } else {
                len[g] = commonSuffix(certs.get(first[g]), c, len[g]);
            }
            members[g]++;
        }
        for (int g = 0; g < groups; g++) {
            if (members[g] < 2) {
                len[g] = 0;
            }
        }
        return len;
    }

    /** How many trailing bytes {@code a} and {@code b} share, at most {@code max}. */
    private static int commonSuffix(byte[] a, byte[] b, int max) {
        int limit = Math.min(max, Math.min(a.length, b.length));
        if (Arrays.equals(a, a.length - limit, a.length, b, b.length - limit, b.length)) {
            return limit; // the usual case once the group's suffix is known
        }
        int k = 0;
        while (k < limit && a[a.length - 1 - k] == b[b.length - 1 - k]) {
            k++;
        }
        return k;
    }

    /** The certificate of entry {@code index}, if stored. */
    Optional<byte[]> read(int log, Kind kind, long index) {
        Map.Entry<Long, Long> r = ranges(log, kind).floorEntry(index);
        if (r == null || index >= r.getValue()) {
            return Optional.empty();
        }
        Path file = dir(log, kind).resolve(r.getKey() + "-" + r.getValue());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(ch, head, 0);
            byte[] magic = Arrays.copyOf(head.array(), 8);
            boolean first = Arrays.equals(magic, MAGIC_1);
            if (!first && !Arrays.equals(magic, MAGIC) || head.getLong(8) != r.getKey()
                    || head.getInt(16) != r.getValue() - r.getKey()) {
                throw new IllegalStateException(file + ": not a certificate file of its range");
            }
            if (first) {
                long[] at = range(ch, HEADER_1 + 8L * (index - r.getKey()), HEADER_1, size, file, index);
                return Optional.of(bytes(ch, at[0], at[1]));
            }
            int suffixes = head.getInt(20);
            if (suffixes < 0 || suffixes >= NO_SUFFIX) {
                throw new IllegalStateException(file + ": bad suffix count " + suffixes);
            }
            long table = HEADER + 8L * (suffixes + 1);
            long[] at = range(ch, table + 8L * (index - r.getKey()), table, size, file, index);
            if (at[1] == at[0]) {
                throw new IllegalStateException(file + ": empty record for index " + index);
            }
            byte[] record = bytes(ch, at[0], at[1]);
            int s = Byte.toUnsignedInt(record[0]);
            if (s == NO_SUFFIX) {
                return Optional.of(Arrays.copyOfRange(record, 1, record.length));
            }
            if (s >= suffixes) {
                throw new IllegalStateException(file + ": record " + index + " names suffix " + s + " of " + suffixes);
            }
            long[] sat = range(ch, HEADER + 8L * s, table, size, file, index);
            byte[] cert = new byte[record.length - 1 + (int) (sat[1] - sat[0])];
            System.arraycopy(record, 1, cert, 0, record.length - 1);
            readFully(ch, ByteBuffer.wrap(cert, record.length - 1, cert.length - record.length + 1).slice(), sat[0]);
            return Optional.of(cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * The certificates of the stored run {@code [start, end)}, read from its file at once (a landmark's job reads
     * every certificate of a run; {@link #read} opens the file for each).
     */
    List<byte[]> readRun(int log, Kind kind, long start, long end) {
        if (!has(log, kind, start, end)) {
            throw new IllegalArgumentException("no stored run [" + start + ", " + end + ") of log " + log);
        }
        Path file = dir(log, kind).resolve(start + "-" + end);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int n = (int) (end - start);
        boolean first = all.length >= HEADER_1 && Arrays.equals(all, 0, 8, MAGIC_1, 0, 8);
        if (all.length < HEADER || !first && !Arrays.equals(all, 0, 8, MAGIC, 0, 8) || b.getLong(8) != start
                || b.getInt(16) != n) {
            throw new IllegalStateException(file + ": not a certificate file of its range");
        }
        int suffixes = first ? 0 : b.getInt(20);
        if (suffixes < 0 || suffixes >= NO_SUFFIX) {
            throw new IllegalStateException(file + ": bad suffix count " + suffixes);
        }
        long table = first ? HEADER_1 : HEADER + 8L * (suffixes + 1);
        if (table + 8L * (n + 1) > all.length) {
            throw new IllegalStateException(file + ": truncated offset table");
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = offset(b, table + 8L * i, table, file);
            int to = offset(b, table + 8L * (i + 1), from, file);
            if (first) {
                out.add(Arrays.copyOfRange(all, from, to));
                continue;
            }
            if (to == from) {
                throw new IllegalStateException(file + ": empty record for index " + (start + i));
            }
            int s = Byte.toUnsignedInt(all[from]);
            if (s == NO_SUFFIX) {
                out.add(Arrays.copyOfRange(all, from + 1, to));
                continue;
            }
            if (s >= suffixes) {
                throw new IllegalStateException(file + ": record " + (start + i) + " names suffix " + s + " of "
                        + suffixes);
            }
            int sFrom = offset(b, HEADER + 8L * s, table, file);
            int sTo = offset(b, HEADER + 8L * (s + 1), sFrom, file);
            byte[] cert = new byte[to - from - 1 + sTo - sFrom];
            System.arraycopy(all, from + 1, cert, 0, to - from - 1);
            System.arraycopy(all, sFrom, cert, to - from - 1, sTo - sFrom);
            out.add(cert);
        }
        return out;
    }

    /** The offset stored at {@code pos}, checked to lie within {@code [min, file size]}. */
    private static int offset(ByteBuffer b, long pos, long min, Path file) {
        long v = b.getLong((int) pos);
        if (v < min || v > b.capacity()) {
            throw new IllegalStateException(file + ": bad offset at " + pos);
        }
        return (int) v;
    }

    /** The two offsets at {@code pos}, checked to lie in order within {@code [min, size]}. */
    private static long[] range(FileChannel ch, long pos, long min, long size, Path file, long index)
            throws IOException {
        ByteBuffer off = ByteBuffer.allocate(16);
        readFully(ch, off, pos);
        long from = off.getLong(0);
        long to = off.getLong(8);
        if (from < min || to < from || to > size || to - from > Integer.MAX_VALUE) {
            throw new IllegalStateException(file + ": bad offsets for index " + index);
        }
        return new long[] {from, to};
    }

    private static byte[] bytes(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) (to - from));
        readFully(ch, b, from);
        return b.array();
    }

    /** The stored ranges of {@code (log, kind)}: start → end. */
    Map<Long, Long> ranges(int log, Kind kind, boolean copy) {
        return copy ? Map.copyOf(ranges(log, kind)) : ranges(log, kind);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("truncated certificate file");
            }
        }
    }
}
