package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a mirror keeps of one log besides its copy (tlog-mirror §"Updating a Mirror"): the recent pending
 * checkpoints, oldest first (the last is the current pending checkpoint; each is consistent with the one before,
 * as add-checkpoint checked), and the next entry. Stored as {@code magic ‖ u64 next ‖ u16 n ‖ n × (u32 len ‖
 * note) ‖ SHA-256 of what precedes}, replaced crash-atomically.
 *
 * @param notes     the pending checkpoints (signed notes with the verified log signatures), oldest first
 * @param nextEntry the first index not yet in the copy; the tiles of that size are durable
 */
record PendingState(List<byte[]> notes, long nextEntry) {
    private static final byte[] MAGIC = "mtc4j mirror pending v1\n".getBytes(StandardCharsets.US_ASCII);

    PendingState {
        notes = notes.stream().map(byte[]::clone).toList();
        if (nextEntry < 0) {
            throw new IllegalArgumentException("next entry is negative");
        }
    }

    @Override
    public List<byte[]> notes() {
        return notes.stream().map(byte[]::clone).toList();
    }

    byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.write(MAGIC);
            d.writeLong(nextEntry);
            d.writeShort(notes.size());
            for (byte[] n : notes) {
                d.writeInt(n.length);
                d.write(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = b.toByteArray();
        byte[] out = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(sha256(body), 0, out, body.length, 32);
        return out;
    }

    static PendingState decode(byte[] data) {
        if (data.length < MAGIC.length + 8 + 2 + 32) {
            throw new MtcParseException("mirror pending state", "too short");
        }
        byte[] body = Arrays.copyOf(data, data.length - 32);
        if (!MessageDigest.isEqual(sha256(body), Arrays.copyOfRange(data, data.length - 32, data.length))) {
            throw new MtcParseException("mirror pending state", "checksum mismatch");
        }
        if (!Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new MtcParseException("mirror pending state", "bad magic");
        }
        ByteBuffer r = ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length);
        try {
            long next = r.getLong();
            int n = r.getShort() & 0xffff;
            List<byte[]> notes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = r.getInt();
                if (len < 0 || len > r.remaining()) {
                    throw new MtcParseException("mirror pending state", "note " + i + " overruns the file");
                }
                byte[] note = new byte[len];
                r.get(note);
                notes.add(note);
            }
            if (r.hasRemaining() || next < 0) {
                throw new MtcParseException("mirror pending state", "trailing data or a negative next entry");
            }
            return new PendingState(notes, next);
        } catch (BufferUnderflowException e) {
            throw new MtcParseException("mirror pending state", "truncated");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
