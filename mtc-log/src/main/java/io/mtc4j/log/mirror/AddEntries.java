package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.tiles.EntryBundle;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code add-entries} wire format (tlog-mirror §"add-entries", §"Request Body"): the header, the canonical
 * sequence of entry packages an interval determines, and one package's bytes.
 */
public final class AddEntries {
    /** Entry packages are aligned at multiples of this (the tlog-tiles entry bundle width). */
    public static final int PACKAGE_WIDTH = 256;
    /** tlog-mirror: {@code num_hashes} "MUST be at most 63". */
    public static final int MAX_PROOF_HASHES = 63;
    /** tlog-mirror: clients "SHOULD limit each add-entries request to at most 32 entry packages". */
    public static final int MAX_PACKAGES_PER_REQUEST = 32;

    private AddEntries() {}

    /**
     * The request header: {@code u16 log_origin_size ‖ log_origin ‖ u64 upload_start ‖ u64 upload_end ‖
     * u16 ticket_size ‖ ticket}.
     *
     * @param origin      the log origin
     * @param uploadStart the first index uploaded
     * @param uploadEnd   the tree size of the pending checkpoint the packages are proven against
     * @param ticket      the mirror's opaque ticket, possibly empty
     */
    public record Header(String origin, long uploadStart, long uploadEnd, byte[] ticket) {
        /** Checks the fields fit their encodings; copies the ticket. */
        public Header {
            if (origin.isEmpty() || origin.getBytes(StandardCharsets.UTF_8).length > 0xffff) {
                throw new IllegalArgumentException("origin must be 1..65535 bytes");
            }
            if (uploadStart < 0 || uploadEnd < 0) {
                throw new IllegalArgumentException("upload_start and upload_end must be 0..2^63-1");
            }
            ticket = ticket.clone();
            if (ticket.length > 0xffff) {
                throw new IllegalArgumentException("ticket must be at most 65535 bytes");
            }
        }

        @Override
        public byte[] ticket() {
            return ticket.clone();
        }

        /**
         * Reads a header strictly.
         *
         * @param in the request body
         * @return the header
         * @throws MtcParseException if the body ends early or a field breaks its rule
         * @throws IOException if reading fails
         */
        public static Header read(InputStream in) throws IOException {
            byte[] originBytes = exactly(in, u16(in, "log_origin_size"), "log_origin");
            String origin;
            try {
                origin = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(originBytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MtcParseException("add-entries.log_origin", "not valid UTF-8", e);
            }
            if (origin.isEmpty()) {
                throw new MtcParseException("add-entries.log_origin", "must not be empty");
            }
            long start = u64(in, "upload_start");
            long end = u64(in, "upload_end");
            if (start < 0 || end < 0) {
                throw new MtcParseException("add-entries.upload_end", "sizes above 2^63-1 are not supported");
            }
            if (start > end) {
                throw new MtcParseException("add-entries.upload_start",
                        "upload_start " + start + " MUST be less or equal to upload_end " + end);
            }
            byte[] ticket = exactly(in, u16(in, "ticket_size"), "ticket");
            return new Header(origin, start, end, ticket);
        }

        /**
         * The header's bytes.
         *
         * @return the encoding
         */
        public byte[] encode() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(b)) {
                byte[] o = origin.getBytes(StandardCharsets.UTF_8);
                d.writeShort(o.length);
                d.write(o);
                d.writeLong(uploadStart);
                d.writeLong(uploadEnd);
                d.writeShort(ticket.length);
                d.write(ticket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b.toByteArray();
        }
    }

    /**
     * Entry package {@code i} of the canonical sequence: entries {@code [start, end)}, proven by a subtree
     * consistency proof of {@code [subtreeStart, end)} to the checkpoint of size {@code upload_end}.
     *
     * @param index        the package's index in the sequence
     * @param subtreeStart {@code rounded_start + i * 256}
     * @param start        {@code max(upload_start, subtreeStart)}
     * @param end          {@code min(upload_end, subtreeStart + 256)}
     */
    public record Span(int index, long subtreeStart, long start, long end) {
        /**
         * The number of entries the package carries.
         *
         * @return {@code end - start}
         */
        public int count() {
            return (int) (end - start);
        }
    }

    /**
     * The number of packages of the canonical sequence of {@code [uploadStart, uploadEnd)}.
     *
     * @param uploadStart upload_start
     * @param uploadEnd   upload_end
     * @return {@code (rounded_end - rounded_start) / 256}, 0 when the interval is empty
     */
    public static long packageCount(long uploadStart, long uploadEnd) {
        if (uploadStart >= uploadEnd) {
            return 0;
        }
        long roundedStart = uploadStart - Math.floorMod(uploadStart, PACKAGE_WIDTH);
        return (uploadEnd - roundedStart + PACKAGE_WIDTH - 1) / PACKAGE_WIDTH;
    }

    /**
     * Package {@code i} of the canonical sequence (tlog-mirror §"Request Body").
     *
     * @param uploadStart upload_start
     * @param uploadEnd   upload_end
     * @param i           the package index, below {@link #packageCount}
     * @return the package's span
     */
    public static Span span(long uploadStart, long uploadEnd, int i) {
        if (i < 0 || i >= packageCount(uploadStart, uploadEnd)) {
            throw new IllegalArgumentException("package " + i + " outside the canonical sequence");
        }
        long roundedStart = uploadStart - Math.floorMod(uploadStart, PACKAGE_WIDTH);
        long sub = roundedStart + (long) i * PACKAGE_WIDTH;
        return new Span(i, sub, Math.max(uploadStart, sub), Math.min(uploadEnd, sub + PACKAGE_WIDTH));
    }

    /**
     * One package as read: its entries and its proof hashes.
     *
     * @param entries the entries, in order
     * @param proof   the subtree consistency proof
     */
    public record Package(List<byte[]> entries, List<byte[]> proof) {
        /** Copies the lists' arrays. */
        public Package {
            entries = CosignerRequest.copy(entries);
            proof = CosignerRequest.copy(proof);
        }

        @Override
        public List<byte[]> entries() {
            return CosignerRequest.copy(entries);
        }

        @Override
        public List<byte[]> proof() {
            return CosignerRequest.copy(proof);
        }

        /**
         * The package's bytes: each entry with a u16 length prefix, {@code u8 num_hashes}, the hashes.
         *
         * @return the encoding
         */
        public byte[] encode() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(b)) {
                for (byte[] e : entries) {
                    if (e.length > EntryBundle.MAX_ENTRY_LENGTH) {
                        throw new IllegalArgumentException("an entry is at most 65535 bytes");
                    }
                    d.writeShort(e.length);
                    d.write(e);
                }
                d.writeByte(proof.size());
                for (byte[] h : proof) {
                    d.write(h);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b.toByteArray();
        }
    }

    /** The body ended in the middle of a package: its bytes are discarded (tlog-mirror §"Processing"). */
    public static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated(String message) {
            super(message);
        }
    }

    /**
     * Reads the package of {@code span}, or nothing if the body ends before its first byte.
     *
     * @param in   the request body, after the header and any earlier packages
     * @param span the package's span
     * @return the package, or null at the end of the body
     * @throws Truncated if the body ends inside the package
     * @throws MtcParseException if {@code num_hashes} exceeds 63
     * @throws IOException if reading fails
     */
    public static Package readPackage(InputStream in, Span span) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>(span.count());
        try {
            for (int i = 0; i < span.count(); i++) {
                int hi = i == 0 ? first : in.read();
                int lo = in.read();
                if (hi < 0 || lo < 0) {
                    throw new EOFException();
                }
                entries.add(in.readNBytes((hi << 8) | lo));
                if (entries.get(i).length != ((hi << 8) | lo)) {
                    throw new EOFException();
                }
            }
            int n = span.count() == 0 ? first : in.read();
            if (n < 0) {
                throw new EOFException();
            }
            if (n > MAX_PROOF_HASHES) {
                throw new MtcParseException("add-entries.package[" + span.index() + "].num_hashes",
                        n + " MUST be at most " + MAX_PROOF_HASHES);
            }
            List<byte[]> proof = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] h = in.readNBytes(Checkpoint.HASH_SIZE);
                if (h.length != Checkpoint.HASH_SIZE) {
                    throw new EOFException();
                }
                proof.add(h);
            }
            return new Package(entries, proof);
        } catch (EOFException e) {
            throw new Truncated("the body ends inside package " + span.index() + " [" + span.start() + ", "
                    + span.end() + ")");
        }
    }

    private static int u16(InputStream in, String field) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new MtcParseException("add-entries." + field, "the body ends inside the header");
        }
        return (hi << 8) | lo;
    }

    private static long u64(InputStream in, String field) throws IOException {
        byte[] b = exactly(in, 8, field);
        return java.nio.ByteBuffer.wrap(b).getLong();
    }

    private static byte[] exactly(InputStream in, int n, String field) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new MtcParseException("add-entries." + field, "the body ends inside the header");
        }
        return b;
    }
}
