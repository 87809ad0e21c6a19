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
 * {@code [start, end)}. A file is written once, durably ({@link Durable}), so it is complete or absent. Layout:
 * {@code "MTCCERT1" ‖ u64 start ‖ u32 count ‖ u64 offset[count + 1] ‖ certificates}, offsets from the file's
 * start; one certificate is read by two positional reads.
 */
final class CertStore {
    enum Kind {
        STANDALONE("standalone"), LANDMARK("landmark");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    private static final byte[] MAGIC = "MTCCERT1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("(0|[1-9][0-9]*)-(0|[1-9][0-9]*)");
    private static final int HEADER = 8 + 8 + 4;

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

    /** Stores the certificates of entries {@code [start, start + certs.size())}, durably. */
    void write(int log, Kind kind, long start, List<byte[]> certs) {
        long end = start + certs.size();
        long[] offsets = new long[certs.size() + 1];
        long pos = HEADER + 8L * offsets.length;
        for (int i = 0; i < certs.size(); i++) {
            offsets[i] = pos;
            pos += certs.get(i).length;
        }
        offsets[certs.size()] = pos;
        if (pos > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a certificate file is at most 2 GiB; split the batch");
        }
        ByteBuffer b = ByteBuffer.allocate((int) pos);
        b.put(MAGIC).putLong(start).putInt(certs.size());
        for (long o : offsets) {
            b.putLong(o);
        }
        for (byte[] c : certs) {
            b.put(c);
        }
        Durable.write(dir(log, kind).resolve(start + "-" + end), b.array());
        ranges(log, kind).put(start, end);
    }

    /** The certificate of entry {@code index}, if stored. */
    Optional<byte[]> read(int log, Kind kind, long index) {
        Map.Entry<Long, Long> r = ranges(log, kind).floorEntry(index);
        if (r == null || index >= r.getValue()) {
            return Optional.empty();
        }
        Path file = dir(log, kind).resolve(r.getKey() + "-" + r.getValue());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(ch, head, 0);
            byte[] magic = Arrays.copyOf(head.array(), 8);
            if (!Arrays.equals(magic, MAGIC) || head.getLong(8) != r.getKey()
                    || head.getInt(16) != r.getValue() - r.getKey()) {
                throw new IllegalStateException(file + ": not a certificate file of its range");
            }
            ByteBuffer off = ByteBuffer.allocate(16);
            readFully(ch, off, HEADER + 8L * (index - r.getKey()));
            long from = off.getLong(0);
            long to = off.getLong(8);
            if (from < HEADER || to < from || to > ch.size()) {
                throw new IllegalStateException(file + ": bad offsets for index " + index);
            }
            ByteBuffer cert = ByteBuffer.allocate((int) (to - from));
            readFully(ch, cert, from);
            return Optional.of(cert.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
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
