package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tiles.EntryBundle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The on-disk form of a {@link StagedBatch}: {@code "MTCSTG01" ‖ u64 start ‖ u32 count ‖ count × (u16 length ‖
 * entry) ‖ SHA-256 of everything before}. It is written by temporary file and rename, so it is never torn; the
 * digest catches any other damage.
 */
final class StagedBatchFile {
    private static final byte[] MAGIC = "MTCSTG01".getBytes(StandardCharsets.US_ASCII);
    private static final String FIELD = "staged batch";
    private static final int DIGEST = 32;

    private StagedBatchFile() {}

    static byte[] encode(StagedBatch batch) {
        List<byte[]> entries = batch.entries();
        TlsWriter w = new TlsWriter();
        w.bytes(MAGIC).u64(batch.start());
        w.u16(entries.size() >>> 16).u16(entries.size() & 0xffff);
        for (byte[] e : entries) {
            w.u16Bytes(FIELD + ".entry", 0, EntryBundle.MAX_ENTRY_LENGTH, e);
        }
        byte[] body = w.toByteArray();
        byte[] out = Arrays.copyOf(body, body.length + DIGEST);
        System.arraycopy(HashFunction.sha256().digest(body), 0, out, body.length, DIGEST);
        return out;
    }

    /** @throws MtcParseException if the bytes are not a staged batch this class wrote */
    static StagedBatch decode(byte[] data) {
        if (data.length < MAGIC.length + 8 + 4 + DIGEST) {
            throw new MtcParseException(FIELD, "truncated (" + data.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(data, data.length - DIGEST);
        byte[] digest = Arrays.copyOfRange(data, data.length - DIGEST, data.length);
        if (!MessageDigest.isEqual(digest, HashFunction.sha256().digest(body))) {
            throw new MtcParseException(FIELD, "SHA-256 trailer does not match the contents");
        }
        TlsReader r = TlsReader.of(body);
        if (!Arrays.equals(r.bytes(FIELD + ".magic", MAGIC.length), MAGIC)) {
            throw new MtcParseException(FIELD + ".magic", "is not MTCSTG01");
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
