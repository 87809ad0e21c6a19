package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.tiles.EntryBundle;
import java.io.IOException;
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
import java.util.zip.CRC32C;

/**
 * The write-ahead log of a {@link LocalDirectoryStorage}: the batches appended since the log's tiles were last
 * known durable, each with the root and the signed checkpoint it produced, so that recovery can re-create every
 * tile, bundle and checkpoint they cover byte for byte (tlog-tiles fixes a tile's bytes from the entries).
 *
 * <p>It is a sequence of segment files {@code wal/<base>.wal} ({@code base} as 20 decimal digits), each an
 * append-only file:
 * <pre>
 * segment = "MTCWAL01" ‖ u64 base ‖ root[32] ‖ u32 checkpoint length ‖ checkpoint ‖ u32 CRC-32C of the header
 *           ‖ record*
 * record  = u32 payload length ‖ payload ‖ u32 CRC-32C of the length and payload
 * payload = u64 start ‖ u32 count ‖ count × (u16 length ‖ entry) ‖ root[32] ‖ u32 checkpoint length ‖ checkpoint
 * </pre>
 * The header names the tree the segment starts from (size, root, the checkpoint published for it, empty if none);
 * it is written whole (temporary file, sync, rename, directory sync) before any record is appended. A record is appended by one write and
 * one {@code fdatasync} ({@link FileChannel#force force(false)}): one sync per batch. Records are appended one
 * at a time, each synced before the next is written, so only the last record of the newest segment can be torn
 * by a crash; {@link #read} drops such a tail (it was never acknowledged). The checksums guard against
 * accidents, not adversaries: whoever can write the state directory can write the log.
 *
 * <p>Not thread-safe: its owner serializes access.
 */
final class WriteAheadLog {
    private static final byte[] MAGIC = "MTCWAL01".getBytes(StandardCharsets.US_ASCII);
    private static final String FIELD = "write-ahead log";
    private static final String SUFFIX = ".wal";
    private static final int HASH = 32;

    /** The tree a segment starts from: {@code base} entries, their root, and the checkpoint published for them. */
    record Header(long base, byte[] root, byte[] checkpoint) {}

    /** One appended batch: its entries from index {@code start}, and the root and checkpoint of its end. */
    record Record(long start, List<byte[]> entries, byte[] root, byte[] checkpoint) {
        long end() {
            return start + entries.size();
        }
    }

    /** A segment as read back: its file, header, complete records, and whether a torn record followed them. */
    record Segment(Path path, Header header, List<Record> records, boolean tornTail) {
        /** The tree size after the segment's last record. */
        long end() {
            return records.isEmpty() ? header.base : records.get(records.size() - 1).end();
        }
    }

    private final DurableFiles files;
    private final Path dir;
    /** The segments on disk, oldest first: base and path. */
    private final List<Long> bases = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();
    private FileChannel current;
    private long currentBytes;

    WriteAheadLog(DurableFiles files, Path dir) {
        this.files = files;
        this.dir = dir;
    }

    /** The directory of the segments. */
    Path directory() {
        return dir;
    }

    /**
     * Reads every segment in {@code dir}, oldest first, and remembers them (for {@link #deleteCovered}). A torn
     * header or record is accepted only at the very end (the newest segment); anywhere else it is damage.
     *
     * @throws LogStorageException naming the segment if the log is damaged
     */
    List<Segment> read(String log) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.getFileName().toString().endsWith(SUFFIX)) {
                    found.add(p);
                } else {
                    files.delete(p); // a segment's temporary file: a crash came before its rename
                }
            }
        }
        found.sort(null); // fixed-width names: lexical order is base order
        List<Segment> out = new ArrayList<>();
        bases.clear();
        paths.clear();
        for (int i = 0; i < found.size(); i++) {
            Path p = found.get(i);
            boolean newest = i == found.size() - 1;
            Segment s = readSegment(log, p, newest);
            if (!out.isEmpty() && s.header.base != out.get(out.size() - 1).end()) {
                if (s.header.base < out.get(out.size() - 1).end()) {
                    throw new LogStorageException(log + ": write-ahead segment " + p + " starts at " + s.header.base
                            + ", before the one before ends (" + out.get(out.size() - 1).end() + ")");
                }
                // A segment started after a commit synced everything (a crash came before the older segments
                // were deleted): its tree is durable, and the older segments are not needed.
                out.clear();
            }
            out.add(s);
            bases.add(s.header.base);
            paths.add(p);
        }
        return out;
    }

    private Segment readSegment(String log, Path p, boolean newest) throws IOException {
        byte[] data = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(data);
        Header h;
        try {
            h = decodeHeader(b);
        } catch (MtcParseException e) { // a header is written whole (temporary file, sync, rename)
            throw new LogStorageException(log + ": write-ahead segment " + p + " is damaged: " + e.getMessage(), e);
        }
        List<Record> records = new ArrayList<>();
        long next = h.base;
        while (b.hasRemaining()) {
            int at = b.position();
            Record r;
            try {
                r = decodeRecord(b);
            } catch (MtcParseException e) {
                // Torn: the newest segment's last record, cut or garbled by the crash that interrupted its write.
                // A bad record that other bytes follow was synced (and acknowledged) before them: damage.
                long recordEnd = data.length - at >= 4 ? at + 8L + Integer.toUnsignedLong(b.getInt(at)) : data.length;
                if (newest && recordEnd >= data.length) {
                    return new Segment(p, h, records, true);
                }
                throw new LogStorageException(log + ": write-ahead segment " + p + " is damaged at byte " + at + ": "
                        + e.getMessage(), e);
            }
            if (r.start != next) {
                throw new LogStorageException(log + ": write-ahead segment " + p + ": the record at byte " + at
                        + " starts at " + r.start + ", not " + next);
            }
            next = r.end();
            records.add(r);
        }
        return new Segment(p, h, records, false);
    }

    /**
     * Starts a new segment from the tree {@code h} and makes it durable (file and directory synced); later
     * records go to it. The segments before it stay until {@link #deleteCovered} removes them.
     */
    void roll(Header h) throws IOException {
        closeCurrent();
        Path p = dir.resolve(String.format("%020d", h.base) + SUFFIX);
        if (!paths.isEmpty() && paths.get(paths.size() - 1).equals(p)) {
            // A segment for this base exists: it holds no record (a record moves the size). Replace it.
            paths.remove(paths.size() - 1);
            bases.remove(bases.size() - 1);
        }
        byte[] header = encodeHeader(h);
        Path tmp = dir.resolve(p.getFileName() + ".tmp");
        files.writeAndForce(tmp, header);
        files.rename(tmp, p);
        files.forceDirectory(dir);
        current = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentBytes = header.length;
        bases.add(h.base);
        paths.add(p);
    }

    /** The bytes in the current segment. */
    long currentBytes() {
        return currentBytes;
    }

    /** Appends {@code r} to the current segment and syncs it: durable when this returns. */
    void append(Record r) throws IOException {
        if (current == null) {
            throw new IllegalStateException("no current segment");
        }
        byte[] data = encodeRecord(r);
        Path p = paths.get(paths.size() - 1);
        files.hook("wal-write", p);
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            current.write(b);
        }
        files.hook("wal-sync", p);
        current.force(false);
        files.hookAfter("wal-sync", p);
        currentBytes += data.length;
    }

    /**
     * Deletes every segment whose successor starts at or below {@code durableSize}: all of its records' tiles and
     * checkpoints are durable, so recovery no longer needs it. Not synced: a deleted segment that reappears after
     * a power loss is replayed again, which re-creates the same bytes.
     */
    void deleteCovered(long durableSize) throws IOException {
        while (paths.size() > 1 && bases.get(1) <= durableSize) {
            files.delete(paths.get(0));
            paths.remove(0);
            bases.remove(0);
        }
    }

    /** The number of segments on disk. */
    int segments() {
        return paths.size();
    }

    void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel c = current;
            current = null;
            c.close();
        }
    }

    // ---- encoding ----

    static byte[] encodeHeader(Header h) {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + HASH + 4 + h.checkpoint.length + 4);
        b.put(MAGIC).putLong(h.base).put(checkHash(h.root)).putInt(h.checkpoint.length).put(h.checkpoint);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Header decodeHeader(ByteBuffer b) {
        int start = b.position();
        byte[] magic = take(b, MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MtcParseException(FIELD + ".magic", "is not MTCWAL01");
        }
        long base = ByteBuffer.wrap(take(b, 8, "base")).getLong();
        byte[] root = take(b, HASH, "root");
        int cpLen = b.remaining() >= 4 ? b.getInt() : -1;
        if (cpLen < 0 || cpLen > b.remaining()) {
            throw new MtcParseException(FIELD + ".checkpoint", "truncated");
        }
        byte[] cp = take(b, cpLen, "checkpoint");
        checkCrc(b, start, "header");
        if (base < 0) {
            throw new MtcParseException(FIELD + ".base", "above 2^63-1");
        }
        return new Header(base, root, cp);
    }

    static byte[] encodeRecord(Record r) {
        int payload = 8 + 4 + HASH + 4 + r.checkpoint.length;
        for (byte[] e : r.entries) {
            if (e.length > EntryBundle.MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException("entry of " + e.length + " bytes exceeds 65535");
            }
            payload += 2 + e.length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + payload + 4);
        b.putInt(payload).putLong(r.start).putInt(r.entries.size());
        for (byte[] e : r.entries) {
            b.putShort((short) e.length).put(e);
        }
        b.put(checkHash(r.root)).putInt(r.checkpoint.length).put(r.checkpoint);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Record decodeRecord(ByteBuffer b) {
        int start = b.position();
        if (b.remaining() < 4) {
            throw new MtcParseException(FIELD + ".record", "truncated length");
        }
        int payload = b.getInt();
        if (payload < 8 + 4 + HASH + 4 || payload > b.remaining() - 4) {
            throw new MtcParseException(FIELD + ".record", "truncated or bad length " + payload);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), start, 4 + payload);
        if ((int) crc.getValue() != b.getInt(start + 4 + payload)) {
            throw new MtcParseException(FIELD + ".record", "CRC-32C does not match the contents");
        }
        TlsReader r = TlsReader.of(Arrays.copyOfRange(b.array(), start + 4, start + 4 + payload));
        long first = r.u64(FIELD + ".start");
        long count = ((long) r.u16(FIELD + ".count") << 16) | r.u16(FIELD + ".count");
        List<byte[]> entries = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 0; i < count; i++) {
            entries.add(r.u16Bytes(FIELD + ".entry[" + i + "]", 0, EntryBundle.MAX_ENTRY_LENGTH));
        }
        byte[] root = r.bytes(FIELD + ".root", HASH);
        long cpLen = ((long) r.u16(FIELD + ".checkpoint") << 16) | r.u16(FIELD + ".checkpoint");
        if (cpLen != r.remaining()) {
            throw new MtcParseException(FIELD + ".checkpoint", "length " + cpLen + " does not end the record");
        }
        byte[] cp = r.bytes(FIELD + ".checkpoint", (int) cpLen);
        r.finish(FIELD + ".record");
        if (first < 0) {
            throw new MtcParseException(FIELD + ".start", "above 2^63-1");
        }
        b.position(start + 4 + payload + 4);
        return new Record(first, entries, root, cp);
    }

    private static byte[] take(ByteBuffer b, int n, String field) {
        if (b.remaining() < n) {
            throw new MtcParseException(FIELD + "." + field, "truncated");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static void checkCrc(ByteBuffer b, int start, String what) {
        int end = b.position();
        if (b.remaining() < 4) {
            throw new MtcParseException(FIELD + "." + what, "truncated checksum");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), start, end - start);
        if ((int) crc.getValue() != b.getInt()) {
            throw new MtcParseException(FIELD + "." + what, "CRC-32C does not match the contents");
        }
    }

    private static byte[] checkHash(byte[] h) {
        if (h.length != HASH) {
            throw new IllegalArgumentException("root of " + h.length + " bytes");
        }
        return h;
    }
}
