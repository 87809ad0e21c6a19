package io.mtc4j.spec.entry;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MTCLogEntry (draft §"Log Entries"), in the layout of one {@link Profile}:
 * <pre>
 * plants-04+:          extensions&lt;0..2^16-1&gt; ‖ uint16 type ‖ tbs_cert_entry_data (DER contents octets)
 * plants-02/03, davidben-10, plants-01: uint16 type ‖ contents (no extensions)
 * davidben-09:         uint16 type ‖ whole DER SEQUENCE
 * </pre>
 * A null entry is {@code 00 00 00 00} from plants-04 on and {@code 00 00} before. Entry types other than
 * null_entry and tbs_cert_entry are kept as opaque data (draft: "May be extended with future types"). The
 * encoded size is at most 65535 bytes. Immutable.
 */
public final class MtcLogEntry {
    /** {@code null_entry(0)}. */
    public static final int NULL_ENTRY = 0;
    /** {@code tbs_cert_entry(1)}. */
    public static final int TBS_CERT_ENTRY = 1;
    /** An MTCLogEntry's size MUST NOT exceed 65535 bytes. */
    public static final int MAX_SIZE = 0xffff;

    private final Profile profile;
    private final List<EntryExtension> extensions;
    private final int type;
    private final byte[] data;
    private final Optional<TbsCertificateLogEntry> tbsCertEntry;

    private MtcLogEntry(Profile profile, List<EntryExtension> extensions, int type, byte[] data,
            Optional<TbsCertificateLogEntry> tbs) {
        this.profile = profile;
        this.extensions = List.copyOf(extensions);
        this.type = type;
        this.data = data;
        this.tbsCertEntry = tbs;
        if (!profile.hasExtensions() && !extensions.isEmpty()) {
            throw new MtcException("MTCLogEntry.extensions: " + profile + " has no entry extensions");
        }
        EntryExtension.requireAscending(extensions, "MTCLogEntry.extensions");
        int size = encode().length;
        if (size > MAX_SIZE) {
            throw new MtcException("MTCLogEntry: size " + size + " exceeds 65535 bytes");
        }
    }

    /**
     * A {@code null_entry} with no extensions.
     *
     * @param profile the wire profile
     * @return a {@code null_entry} with no extensions
     */
    public static MtcLogEntry nullEntry(Profile profile) {
        return new MtcLogEntry(profile, List.of(), NULL_ENTRY, new byte[0], Optional.empty());
    }

    /**
     * A {@code tbs_cert_entry}.
     *
     * @param profile the wire profile
     * @param extensions the extensions
     * @param tbs the TBSCertificate
     * @return a {@code tbs_cert_entry}
     */
    public static MtcLogEntry tbsCertEntry(Profile profile, List<EntryExtension> extensions,
            TbsCertificateLogEntry tbs) {
        tbs.requireProfile(profile);
        byte[] data = profile.entryIsSequence() ? tbs.encodeDer() : tbs.encodeContents();
        return new MtcLogEntry(profile, extensions, TBS_CERT_ENTRY, data, Optional.of(tbs));
    }

    /**
     * An entry of a type this document does not define, with its opaque body.
     *
     * @param profile the wire profile
     * @param extensions the extensions
     * @param type the type
     * @param body the entry's body
     * @return an entry of a type this document does not define, with its opaque body
     */
    public static MtcLogEntry otherType(Profile profile, List<EntryExtension> extensions, int type, byte[] body) {
        if (type == NULL_ENTRY || type == TBS_CERT_ENTRY || type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("type " + type + " is not a future entry type");
        }
        return new MtcLogEntry(profile, extensions, type, body.clone(), Optional.empty());
    }

    /**
     * Parses an entry whose total length is known (e.g. from a tile bundle's u16 prefix).
     *
     * @param profile the wire profile
     * @param bytes the encoded bytes
     * @return the parsed value
     */
    public static MtcLogEntry parse(Profile profile, byte[] bytes) {
        if (bytes.length > MAX_SIZE) {
            throw new MtcParseException("MTCLogEntry", "size " + bytes.length + " exceeds 65535 bytes");
        }
        TlsReader r = TlsReader.of(bytes);
        List<EntryExtension> ext = profile.hasExtensions()
                ? EntryExtension.readList(r, "MTCLogEntry.extensions") : List.of();
        int type = r.u16("MTCLogEntry.type");
        byte[] body = r.rest();
        switch (type) {
            case NULL_ENTRY:
                if (body.length != 0) {
                    throw new MtcParseException("MTCLogEntry", "null_entry followed by " + body.length
                            + " bytes of trailing data");
                }
                return new MtcLogEntry(profile, ext, type, body, Optional.empty());
            case TBS_CERT_ENTRY:
                TbsCertificateLogEntry tbs;
                try {
                    tbs = profile.entryIsSequence() ? TbsCertificateLogEntry.parseDer(profile, body)
                            : TbsCertificateLogEntry.parseContents(profile, body);
                } catch (MtcParseException e) {
                    throw e.within("MTCLogEntry.tbs_cert_entry_data");
                }
                return new MtcLogEntry(profile, ext, type, body, Optional.of(tbs));
            default:
                return new MtcLogEntry(profile, ext, type, body, Optional.empty());
        }
    }

    /**
     * The encoded entry in this entry's profile.
     *
     * @return the encoded entry in this entry's profile
     */
    public byte[] encode() {
        return encode(profile, extensions, type, data);
    }

    private static byte[] encode(Profile profile, List<EntryExtension> extensions, int type, byte[] data) {
        return TlsWriter.encode(w -> {
            if (profile.hasExtensions()) {
                EntryExtension.writeList(w, "MTCLogEntry.extensions", extensions);
            }
            w.u16(type);
            w.bytes(data);
        });
    }

    /**
     * The encoding of a {@code tbs_cert_entry} without extensions whose TBSCertificateLogEntry has the DER contents
     * octets {@code contents} (as {@link TbsCertificateLogEntry#encodeContents} writes them), framed for {@code
     * profile} and <b>not checked</b>: for a writer that checks the result once by parsing it (a CA, whose log
     * applies {@link #parse} to every entry it accepts), where {@link #tbsCertEntry} would check it twice.
     *
     * @param profile  the wire profile
     * @param contents the TBSCertificateLogEntry's contents octets
     * @return the encoded entry, equal to {@code tbsCertEntry(profile, List.of(),
     *         TbsCertificateLogEntry.parseContents(profile, contents)).encode()} when that succeeds
     */
    public static byte[] encodeTbsCertEntry(Profile profile, byte[] contents) {
        return encode(profile, List.of(), TBS_CERT_ENTRY, profile.entryIsSequence()
                ? io.mtc4j.spec.der.Der.tlv(io.mtc4j.spec.der.Der.SEQUENCE, contents) : contents);
    }

    /**
     * The same entry encoded in the layout of {@code target} (fails where the layouts cannot express it).
     *
     * @param target the target
     * @return the same entry encoded in the layout of {@code target} (fails where the layouts cannot express it)
     */
    public byte[] encode(Profile target) {
        if (target == profile) {
            return encode();
        }
        return switch (type) {
            case NULL_ENTRY -> new MtcLogEntry(target, extensions, type, data, Optional.empty()).encode();
            case TBS_CERT_ENTRY -> tbsCertEntry(target, extensions, tbsCertEntry.orElseThrow()).encode();
            default -> otherType(target, extensions, type, data).encode();
        };
    }

    /**
     * The entry hash {@code MTH({entry}) = HASH(0x00 ‖ entry)} (RFC 9162 §2.1.1).
     *
     * @param hash the log's hash function
     * @return the entry hash {@code MTH({entry}) = HASH(0x00 ‖ entry)} (RFC 9162 §2.1.1)
     */
    public byte[] entryHash(HashFunction hash) {
        return MerkleHash.leafHash(hash, encode());
    }

    /**
     * The profile.
     *
     * @return the wire profile
     */
    public Profile profile() {
        return profile;
    }

    /**
     * The extensions.
     *
     * @return the extensions
     */
    public List<EntryExtension> extensions() {
        return extensions;
    }

    /**
     * {@link #NULL_ENTRY}, {@link #TBS_CERT_ENTRY}, or a future type.
     *
     * @return the {@code int}
     */
    public int type() {
        return type;
    }

    /**
     * Whether null.
     *
     * @return whether null
     */
    public boolean isNull() {
        return type == NULL_ENTRY;
    }

    /**
     * The bytes after the type field (contents octets, or the whole SEQUENCE for davidben-09).
     *
     * @return the bytes after the type field (contents octets, or the whole SEQUENCE for davidben-09)
     */
    public byte[] body() {
        return data.clone();
    }

    /**
     * The TBSCertificateLogEntry of a {@code tbs_cert_entry}.
     *
     * @return the TBSCertificateLogEntry of a {@code tbs_cert_entry}
     */
    public Optional<TbsCertificateLogEntry> tbsCertEntry() {
        return tbsCertEntry;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MtcLogEntry e && e.profile == profile && e.type == type
                && e.extensions.equals(extensions) && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return (profile.hashCode() * 31 + type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "MTCLogEntry[" + profile + ", type=" + type + ", " + extensions.size() + " extensions, "
                + data.length + " body bytes]";
    }
}
