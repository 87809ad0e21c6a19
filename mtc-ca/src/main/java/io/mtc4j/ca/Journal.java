package io.mtc4j.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The subject public keys of a batch about to be appended, made durable before the append: the log holds only
 * their hashes, and an acknowledged request must still end with its certificate after a crash. One file per
 * batch, {@code DIR/journal/<log>-<start>}: {@code "MTCJRNL1" ‖ u32 count ‖ (u16 length ‖ SPKI)* ‖ u32 CRC-32C}
 * of everything before. Deleted once the batch's standalone certificates are stored (which may wait for the
 * external cosigners' quorum, over restarts). On recovery a journal whose
 * batch is in the log is finished; one whose batch is not was never acknowledged and is dropped.
 */
final class Journal {
    private static final byte[] MAGIC = "MTCJRNL1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("([1-9][0-9]*)-(0|[1-9][0-9]*)");

    /** One journaled batch. */
    record Batch(int log, long start, List<byte[]> spkis) {
        long end() {
            return start + spkis.size();
        }
    }

    private final Path dir;

    Journal(Path dir) {
        this.dir = dir;
    }

    private Path file(int log, long start) {
        return dir.resolve(log + "-" + start);
    }

    void write(int log, long start, List<byte[]> spkis) {
        int len = MAGIC.length + 4 + 4;
        for (byte[] s : spkis) {
            len += 2 + s.length;
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(MAGIC).putInt(spkis.size());
        for (byte[] s : spkis) {
            if (s.length > 0xffff) {
                throw new IllegalArgumentException("SubjectPublicKeyInfo over 65,535 bytes");
            }
            b.putShort((short) s.length).put(s);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Durable.write(file(log, start), b.array());
    }

    void delete(int log, long start) {
        Durable.delete(file(log, start));
    }

    /** The journaled batch of log {@code log} starting at {@code start}. */
    Batch read(int log, long start) {
        try {
            return read(file(log, start), log, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every journaled batch, oldest log and start first. */
    List<Batch> list() {
        List<Batch> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    try {
                        out.add(read(p, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
                    } catch (java.nio.file.NoSuchFileException e) {
                        // its run's certificates were stored meanwhile (the landmark builder lists concurrently)
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort((a, b) -> a.log != b.log ? Integer.compare(a.log, b.log) : Long.compare(a.start, b.start));
        return out;
    }

    private static Batch read(Path p, int log, long start) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all);
        if (all.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalStateException(p + ": not a journal file");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if ((int) crc.getValue() != b.getInt(all.length - 4)) {
            throw new IllegalStateException(p + ": journal checksum mismatch");
        }
        b.position(MAGIC.length);
        int n = b.getInt();
        List<byte[]> spkis = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(s);
            spkis.add(s);
        }
        if (b.position() != all.length - 4) {
            throw new IllegalStateException(p + ": trailing data in journal");
        }
        return new Batch(log, start, spkis);
    }
}
