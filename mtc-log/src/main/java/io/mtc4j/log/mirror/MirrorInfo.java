package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.Decimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@code text/x.tlog.mirror-info} body (tlog-mirror §"add-entries"), sent with 409 and 202: the tree size of a
 * valid pending checkpoint, the mirror's next entry, and an opaque ticket, each on a line of its own (decimal,
 * decimal, base64), each line ending in a newline.
 *
 * @param treeSize  the tree size of a valid pending checkpoint
 * @param nextEntry the mirror's next entry
 * @param ticket    the ticket, possibly empty
 */
public record MirrorInfo(long treeSize, long nextEntry, byte[] ticket) {
    /** The media type of this body. */
    public static final String CONTENT_TYPE = "text/x.tlog.mirror-info";

    /** Checks the sizes are not negative; copies the ticket. */
    public MirrorInfo {
        if (treeSize < 0 || nextEntry < 0) {
            throw new IllegalArgumentException("tree size and next entry must be 0..2^63-1");
        }
        ticket = Objects.requireNonNull(ticket, "ticket").clone();
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    /**
     * The body: three newline-terminated lines.
     *
     * @return the UTF-8 body
     */
    public byte[] format() {
        return (treeSize + "\n" + nextEntry + "\n" + Base64.getEncoder().encodeToString(ticket) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a body strictly: exactly three lines, decimals without leading zeros, canonical standard base64.
     *
     * @param body the body
     * @return the value
     * @throws MtcParseException naming the line and the rule
     */
    public static MirrorInfo parse(byte[] body) {
        String s = new String(body, StandardCharsets.US_ASCII);
        if (!s.endsWith("\n")) {
            throw new MtcParseException("mirror-info", "every line ends in a newline");
        }
        String[] lines = s.substring(0, s.length() - 1).split("\n", -1);
        if (lines.length != 3) {
            throw new MtcParseException("mirror-info", "must be three lines, got " + lines.length);
        }
        long size = Decimal.parseUnsigned("mirror-info.tree_size", lines[0]);
        long next = Decimal.parseUnsigned("mirror-info.next_entry", lines[1]);
        if (size < 0 || next < 0) {
            throw new MtcParseException("mirror-info", "sizes above 2^63-1 are not supported");
        }
        byte[] ticket;
        try {
            ticket = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("mirror-info.ticket", "not standard base64", e);
        }
        if (!Base64.getEncoder().encodeToString(ticket).equals(lines[2])) {
            throw new MtcParseException("mirror-info.ticket", "not canonical standard base64");
        }
        return new MirrorInfo(size, next, ticket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MirrorInfo m && m.treeSize == treeSize && m.nextEntry == nextEntry
                && Arrays.equals(m.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeSize, nextEntry, Arrays.hashCode(ticket));
    }

    @Override
    public String toString() {
        return "MirrorInfo[size=" + treeSize + ", next=" + nextEntry + ", ticket " + ticket.length + " bytes]";
    }
}
