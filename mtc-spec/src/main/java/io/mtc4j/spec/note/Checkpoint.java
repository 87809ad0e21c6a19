package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.Decimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP checkpoint note text (tlog-checkpoint §"Note text"): origin line, decimal tree size without leading
 * zeros, base64 root hash, then optional non-empty extension lines; every line ends in a newline. For an MTC
 * issuance log the origin is {@code oid/1.3.6.1.4.1.<CA>.0.<N>} (mtc-tlog). The size is unsigned 64-bit.
 *
 * @param origin     the origin line (non-empty)
 * @param size       the tree size (unsigned)
 * @param rootHash   the root hash (32 bytes, SHA-256 as tlog-checkpoint requires)
 * @param extensions extension lines (non-empty each), usually none
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    /** Hash size of tlog checkpoints (SHA-256). */
    public static final int HASH_SIZE = 32;

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param origin the origin line (non-empty)
     * @param size the tree size (unsigned)
     * @param rootHash the root hash (32 bytes, SHA-256 as tlog-checkpoint requires)
     * @param extensions extension lines (non-empty each), usually none
     */
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(extensions);
        if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("origin must be one non-empty line");
        }
        if (rootHash.length != HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be " + HASH_SIZE + " bytes");
        }
        for (String e : extensions) {
            if (e.isEmpty() || e.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("extension lines must be single non-empty lines");
            }
        }
        SignedNote.checkText("Checkpoint.origin", origin + "\n");
        extensions.forEach(e -> SignedNote.checkText("Checkpoint.extension", e + "\n"));
        rootHash = rootHash.clone();
    }

    /**
     * A checkpoint without extension lines.
     *
     * @param origin the origin line (non-empty)
     * @param size the tree size (unsigned)
     * @param rootHash the root hash (32 bytes, SHA-256 as tlog-checkpoint requires)
     */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /**
     * The root hash (32 bytes, SHA-256 as tlog-checkpoint requires).
     *
     * @return the root hash (32 bytes, SHA-256 as tlog-checkpoint requires)
     */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * Parses a checkpoint note text (the text of a signed note, including its final newline). Strict.
     *
     * @param text the text
     * @return the parsed value
     */
    public static Checkpoint parse(String text) {
        SignedNote.checkText("Checkpoint", text);
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MtcParseException("Checkpoint", "needs at least three lines (origin, size, root hash)");
        }
        if (lines[0].isEmpty()) {
            throw new MtcParseException("Checkpoint.origin", "must be non-empty");
        }
        long size = Decimal.parseUnsigned("Checkpoint.size", lines[1]);
        byte[] root = SignedNote.strictBase64("Checkpoint.root_hash", lines[2]);
        if (root.length != HASH_SIZE) {
            throw new MtcParseException("Checkpoint.root_hash", "must be " + HASH_SIZE + " bytes, got " + root.length);
        }
        List<String> ext = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw new MtcParseException("Checkpoint.extension", "extension lines must be non-empty");
            }
            ext.add(lines[i]);
        }
        return new Checkpoint(lines[0], size, root, ext);
    }

    /**
     * The note text: {@code origin\nsize\nbase64(root)\n} plus extension lines.
     *
     * @return the note text: {@code origin\nsize\nbase64(root)\n} plus extension lines
     */
    public String format() {
        StringBuilder b = new StringBuilder().append(origin).append('\n').append(Long.toUnsignedString(size)).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        for (String e : extensions) {
            b.append(e).append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.rootHash, rootHash)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", size=" + Long.toUnsignedString(size) + ", root="
                + HexFormat.of().formatHex(rootHash) + ", extensions=" + extensions.size() + "]";
    }
}
