package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a mirror keeps of one log besides its copy (tlog-mirror §"Updating a Mirror"): the log's origin, the recent
 * pending checkpoints, oldest first (the last is the current pending checkpoint; each is consistent with the one
 * before, as add-checkpoint checked), and the next entry. It is the copy's writer state
 * ({@link io.mtc4j.log.storage.LogStorage#writerState}), in the copy's back end beside its checkpoint, replaced by
 * a compare-and-swap. Encoded as {@code magic ‖ u16 len ‖ origin (UTF-8) ‖ u64 next ‖ u16 n ‖ n × (u32 len ‖
 * note) ‖ SHA-256 of what precedes}.
 *
 * @param origin    the log's origin (the copy's, checked when the copy opens)
 * @param notes     the pending checkpoints (signed notes with the verified log signatures), oldest first
 * @param nextEntry the first index not yet in the copy; the tiles of that size are durable
 */
record PendingState(String origin, List<byte[]> notes, long nextEntry) {
    private static final byte[] MAGIC = "mtc4j mirror pending v2\n".getBytes(StandardCharsets.US_ASCII);

    PendingState {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.getBytes(StandardCharsets.UTF_8).length > 0xffff) {
            throw new IllegalArgumentException("origin is empty or longer than 65535 bytes");
        }
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
            byte[] o = origin.getBytes(StandardCharsets.UTF_8);
            d.writeShort(o.length);
            d.write(o);
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
        if (data.length < MAGIC.length + 2 + 8 + 2 + 32) {
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
            int originLength = r.getShort() & 0xffff;
            if (originLength == 0 || originLength > r.remaining()) {
                throw new MtcParseException("mirror pending state", "the origin is empty or overruns the state");
            }
            byte[] o = new byte[originLength];
            r.get(o);
            String origin;
            try {
                origin = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(o)).toString();
            } catch (CharacterCodingException e) {
                throw new MtcParseException("mirror pending state", "the origin is not UTF-8");
            }
            long next = r.getLong();
            int n = r.getShort() & 0xffff;
            List<byte[]> notes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = r.getInt();
                if (len < 0 || len > r.remaining()) {
                    throw new MtcParseException("mirror pending state", "note " + i + " overruns the state");
                }
                byte[] note = new byte[len];
                r.get(note);
                notes.add(note);
            }
            if (r.hasRemaining() || next < 0) {
                throw new MtcParseException("mirror pending state", "trailing data or a negative next entry");
            }
            return new PendingState(origin, notes, next);
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
