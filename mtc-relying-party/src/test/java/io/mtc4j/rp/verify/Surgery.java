package io.mtc4j.rp.verify;

import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test-only byte surgery on certificates: take one apart, change a piece, put it back together as DER. */
final class Surgery {
    final byte[] tbs;
    final byte[] sigAlg;
    final byte[] bitString; // contents: unused-bits octet + MTCProof

    Surgery(byte[] cert) {
        DerReader r = DerReader.single(cert, "Certificate").reader();
        tbs = r.read("tbs").encoded();
        sigAlg = r.read("sigAlg").encoded();
        bitString = r.read("sig").contents();
    }

    byte[] proofBytes() {
        return Arrays.copyOfRange(bitString, 1, bitString.length);
    }

    MtcProof proof() {
        return MtcProof.parse(TestCa.PROFILE, 32, proofBytes());
    }

    static byte[] cert(byte[] tbs, byte[] sigAlg, byte[] bitStringContents) {
        return Der.tlv(Der.SEQUENCE, tbs, sigAlg, Der.tlv(Der.BIT_STRING, bitStringContents));
    }

    byte[] withProof(byte[] proof) {
        return cert(tbs, sigAlg, Der.concat(new byte[] {0}, proof));
    }

    byte[] withProof(MtcProof p) {
        return withProof(encodeRaw(p));
    }

    /** MTCProof bytes exactly as given: no sorting or duplicate check (so tests can build bad ones). */
    static byte[] encodeRaw(MtcProof p) {
        return TlsWriter.encode(w -> {
            w.bytes(EntryExtension.encodeList(p.extensions()));
            w.u48(p.start());
            w.u48(p.end());
            w.u16Vector("inclusion_proof", 0, 0xffff, v -> p.inclusionProof().forEach(v::bytes));
            w.u16Vector("signatures", 0, 0xffff, v -> {
                for (SubtreeSignature s : p.signatures()) {
                    v.u8Bytes("cosigner_id", 1, 255, s.cosignerId().binary());
                    v.u16Bytes("signature", 0, 0xffff, s.signature());
                }
            });
        });
    }

    byte[] withBitString(byte[] contents) {
        return cert(tbs, sigAlg, contents);
    }

    byte[] withTbs(byte[] newTbs) {
        return cert(newTbs, sigAlg, bitString);
    }

    byte[] withOuterAlgorithm(byte[] alg) {
        return cert(tbs, alg, bitString);
    }

    /** The TBS fields as TLVs, in order. */
    List<byte[]> tbsFields() {
        DerReader r = DerReader.single(tbs, "tbs").reader();
        List<byte[]> out = new ArrayList<>();
        while (!r.isEmpty()) {
            out.add(r.read("field").encoded());
        }
        return out;
    }

    /** TBS with field {@code i} (0 = version) replaced. */
    byte[] tbsWithField(int i, byte[] tlv) {
        List<byte[]> f = tbsFields();
        f.set(i, tlv);
        return Der.tlv(Der.SEQUENCE, f.toArray(new byte[0][]));
    }

    byte[] withSerial(BigInteger serial) {
        return withTbs(tbsWithField(1, Der.integer(serial)));
    }

    byte[] withTbsSignature(byte[] alg) {
        return withTbs(tbsWithField(2, alg));
    }

    TbsCertificate parsedTbs() {
        return TbsCertificate.parse(tbs);
    }

    /** Offsets [from, to) of each TBS field within the whole certificate DER. */
    static List<int[]> tbsFieldRanges(byte[] cert) {
        DerElement c = DerReader.single(cert, "Certificate");
        DerElement t = c.reader().read("tbs");
        int tbsStart = c.encodedLength() - c.contentLength();
        int contentStart = tbsStart + t.encodedLength() - t.contentLength();
        List<int[]> out = new ArrayList<>();
        DerReader r = t.reader();
        int pos = contentStart;
        while (!r.isEmpty()) {
            DerElement f = r.read("f");
            out.add(new int[] {pos, pos + f.encodedLength()});
            pos += f.encodedLength();
        }
        return out;
    }

    /** Offset of the MTCProof within the certificate DER (just after the unused-bits octet). */
    static int proofOffset(byte[] cert) {
        Surgery s = new Surgery(cert);
        return cert.length - (s.bitString.length - 1);
    }

    static byte[] flip(byte[] b, int pos, int bit) {
        byte[] c = b.clone();
        c[pos] ^= (byte) (1 << bit);
        return c;
    }

    /** BER: re-encodes a TLV's short-form length in long form (81 xx). */
    static byte[] longFormLength(byte[] tlv) {
        if ((tlv[1] & 0x80) != 0) {
            int n = tlv[1] & 0x7f;
            byte[] out = new byte[tlv.length + 1];
            out[0] = tlv[0];
            out[1] = (byte) (0x80 | (n + 1));
            out[2] = 0;
            System.arraycopy(tlv, 2, out, 3, tlv.length - 2);
            return out;
        }
        byte[] out = new byte[tlv.length + 1];
        out[0] = tlv[0];
        out[1] = (byte) 0x81;
        System.arraycopy(tlv, 1, out, 2, tlv.length - 1);
        return out;
    }
}
