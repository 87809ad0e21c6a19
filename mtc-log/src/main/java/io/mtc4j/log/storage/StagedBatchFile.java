package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.tiles.EntryBundle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a {@link StagedBatch}: {@code "MTCSTG02" ‖ u64 start ‖ u32 count ‖ count × (u16 length ‖
 * entry) ‖ u32 CRC-32C of everything before}. It is written by temporary file and rename, so it is never torn; the
 * checksum catches any other damage (it guards against accidents, not adversaries: whoever can write the state
 * directory can write the log).
 */
final class StagedBatchFile {
    private static final byte[] MAGIC = "MTCSTG02".getBytes(StandardCharsets.US_ASCII);
    private static final String FIELD = "staged batch";
    private static final int HEADER = 8 + 8 + 4;
    private static final int TRAILER = 4;

    private StagedBatchFile() {}

    static byte[] encode(StagedBatch batch) {
        List<byte[]> entries = batch.entries();
        int size = HEADER + TRAILER;
        for (byte[] e : entries) {
            if (e.length > EntryBundle.MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException("entry of " + e.length + " bytes exceeds 65535");
            }
            size += 2 + e.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).putLong(batch.start()).putInt(entries.size());
        for (byte[] e : entries) {
            b.putShort((short) e.length).put(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, size - TRAILER);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** @throws MtcParseException if the bytes are not a staged batch this class wrote */
    static StagedBatch decode(byte[] data) {
        if (data.length < HEADER + TRAILER) {
            throw new MtcParseException(FIELD, "truncated (" + data.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - TRAILER);
        if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - TRAILER, TRAILER).getInt()) {
            throw new MtcParseException(FIELD, "CRC-32C trailer does not match the contents");
        }
        TlsReader r = TlsReader.of(Arrays.copyOf(data, data.length - TRAILER));
        if (!Arrays.equals(r.bytes(FIELD + ".magic", MAGIC.length), MAGIC)) {
            throw new MtcParseException(FIELD + ".magic", "is not MTCSTG02");
        }
        long start = r.u64(FIELD + ".start");
        long count = ((long) r.u16(FIELD + ".count") << 16) | r.u16(FIELD + ".count");
        List<byte[]> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            entries.add(r.u16Bytes(FIELD + ".entry[" + i + "]", 0, EntryBundle.MAX_ENTRY_LENGTH));
        }
        r.finish(FIELD);
        if (start < 0) {
            throw new MtcParseException(FIELD + ".start", "above 2^63-1");
        }
        return new StagedBatch(start, entries);
    }
}
