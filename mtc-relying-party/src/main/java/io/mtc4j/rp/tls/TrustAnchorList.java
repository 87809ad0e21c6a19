package io.mtc4j.rp.tls;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code trust_anchors} extension (draft-ietf-tls-trust-anchor-ids, codepoint 0xca34 as in BoringSSL): in a
 * ClientHello the RequestedTrustAnchorList, in EncryptedExtensions the server's AvailableTrustAnchorList, both
 * {@code TrustAnchorID trust_anchors<0..2^16-1>} with {@code opaque TrustAnchorID<1..2^8-1>} (the binary
 * RELATIVE-OID form of {@link TrustAnchorId}); in the first CertificateEntry an empty extension saying the
 * certificate matched the request. The decoder is strict: exact lengths, no trailing bytes.
 */
public final class TrustAnchorList {
    /** The extension's codepoint (BoringSSL's; the draft's IANA value is not assigned yet). */
    public static final int EXTENSION_TYPE = 0xca34;

    private TrustAnchorList() {}

    /**
     * Encodes {@code ids} as {@code TrustAnchorID trust_anchors<0..2^16-1>}.
     *
     * @param ids the trust anchor IDs, in order
     * @return the extension data
     * @throws IllegalArgumentException if the list exceeds 2^16-1 bytes
     */
    public static byte[] encode(List<TrustAnchorId> ids) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (TrustAnchorId id : ids) {
            byte[] b = id.binary();
            body.write(b.length);
            body.write(b, 0, b.length);
        }
        if (body.size() > 0xffff) {
            throw new IllegalArgumentException("trust anchor list of " + body.size() + " bytes exceeds 2^16-1");
        }
        byte[] out = new byte[2 + body.size()];
        out[0] = (byte) (body.size() >>> 8);
        out[1] = (byte) body.size();
        System.arraycopy(body.toByteArray(), 0, out, 2, body.size());
        return out;
    }

    /**
     * Decodes {@code TrustAnchorID trust_anchors<0..2^16-1>}.
     *
     * @param data the extension data
     * @return the trust anchor IDs, in order
     * @throws MtcParseException naming the rule broken (length, empty ID, malformed RELATIVE-OID, trailing data)
     */
    public static List<TrustAnchorId> decode(byte[] data) {
        if (data.length < 2) {
            throw new MtcParseException("trust_anchors", "needs a 2-byte length, has " + data.length + " bytes");
        }
        int len = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        if (len != data.length - 2) {
            throw new MtcParseException("trust_anchors", "list length " + len + " but " + (data.length - 2)
                    + " bytes follow");
        }
        List<TrustAnchorId> out = new ArrayList<>();
        int i = 2;
        while (i < data.length) {
            int n = data[i] & 0xff;
            if (n == 0) {
                throw new MtcParseException("trust_anchors[" + out.size() + "]", "a TrustAnchorID is 1..255 bytes, not 0");
            }
            if (i + 1 + n > data.length) {
                throw new MtcParseException("trust_anchors[" + out.size() + "]", "length " + n + " runs past the list");
            }
            byte[] b = new byte[n];
            System.arraycopy(data, i + 1, b, 0, n);
            try {
                out.add(TrustAnchorId.fromBinary(b));
            } catch (MtcParseException e) {
                throw e.within("trust_anchors[" + out.size() + "]");
            }
            i += 1 + n;
        }
        return out;
    }
}
