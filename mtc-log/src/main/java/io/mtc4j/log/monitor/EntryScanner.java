package io.mtc4j.log.monitor;

import io.mtc4j.spec.Profile;

/**
 * One pass over an encoded MTCLogEntry (draft §"Log Entries") that hands what a monitor reads to a
 * {@link Visitor}, without copying: the entry type and extension types, the subject's commonName values, the
 * subjectPublicKeyInfoHash, the validity, the subjectAltName dNSName and iPAddress GeneralNames (RFC 5280
 * §4.2.1.6) and a basicConstraints cA=TRUE (RFC 5280 §4.2.1.9).
 *
 * <p>The framing is strict: every TLV has a one-byte tag and a definite, minimally encoded length that fits its
 * parent; the fields come in the order of {@code TBSCertificateLogEntry} with nothing after the last; a BOOLEAN is
 * one byte 0x00 or 0xFF; a dNSName is 7-bit ASCII; entry extension types ascend. Field contents the monitor does
 * not read (issuer, algorithm identifiers, other extensions) are framed but not interpreted: that is the full
 * parser's job ({@link io.mtc4j.spec.entry.MtcLogEntry#parse}), which the sequencer runs before an entry is
 * logged and which the monitor runs to explain an entry this scanner refuses. This scanner exists because the
 * monitor reads every entry of every log: it is several times faster than building the value types.
 */
final class EntryScanner {
    /** id-at-commonName 2.5.4.3, the OID's contents octets. */
    private static final byte[] CN = {0x55, 0x04, 0x03};
    /** id-ce-subjectAltName 2.5.29.17. */
    private static final byte[] SAN = {0x55, 0x1d, 0x11};
    /** id-ce-basicConstraints 2.5.29.19. */
    private static final byte[] BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};

    /** What the scan reports, in entry order. Offsets index the scanned array; nothing is copied. */
    interface Visitor {
        void entryType(int type);

        void extensionType(int type);

        void commonName(byte[] b, int from, int to);

        void spkiHash(byte[] b, int from, int to);

        /** The Validity SEQUENCE's whole TLV. */
        void validity(byte[] b, int from, int to);

        void dnsName(byte[] b, int from, int to);

        void ipAddress(byte[] b, int from, int to);

        void caTrue();
    }

    /** An entry the scanner cannot frame. Carries no stack trace: it is an outcome, not a bug. */
    static final class MalformedEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEntryException(String field, String rule) {
            super(field + ": " + rule, null, false, false);
        }
    }

    private final Profile profile;
    private byte[] b;
    // the last TLV read: tag, contents [cs, ce)
    private int tag;
    private int cs;
    private int ce;

    EntryScanner(Profile profile) {
        this.profile = profile;
    }

    /**
     * Scans {@code entry}, reporting to {@code v}.
     *
     * @throws MalformedEntryException naming the field and the rule it breaks
     */
    void scan(byte[] entry, Visitor v) {
        scan(entry, 0, entry.length, v);
    }

    /**
     * Scans the entry {@code b[from, to)} in place, reporting to {@code v} (offsets index {@code b}).
     *
     * @throws MalformedEntryException naming the field and the rule it breaks
     */
    void scan(byte[] buf, int from, int to, Visitor v) {
        this.b = buf;
        int p = from;
        int end = to;
        if (end - from > 0xffff) {
            throw new MalformedEntryException("MTCLogEntry", "larger than 65535 bytes");
        }
        if (profile.hasExtensions()) {
            int len = u16(p, end, "MTCLogEntry.extensions");
            p += 2;
            int extEnd = p + len;
            if (extEnd > end) {
                throw new MalformedEntryException("MTCLogEntry.extensions", "length beyond the entry");
            }
            int last = -1;
            while (p < extEnd) {
                int type = u16(p, extEnd, "MTCLogEntryExtension.extension_type");
                int dlen = u16(p + 2, extEnd, "MTCLogEntryExtension.extension_data");
                p += 4 + dlen;
                if (p > extEnd) {
                    throw new MalformedEntryException("MTCLogEntryExtension.extension_data", "length beyond the list");
                }
                if (type <= last) {
                    throw new MalformedEntryException("MTCLogEntry.extensions", "types must ascend, no repeats");
                }
                last = type;
                v.extensionType(type);
            }
        }
        int type = u16(p, end, "MTCLogEntry.type");
        p += 2;
        v.entryType(type);
        if (type == 0) {
            if (p != end) {
                throw new MalformedEntryException("MTCLogEntry", "null_entry followed by trailing data");
            }
            return;
        }
        if (type != 1) {
            return; // a type this monitor does not know: its body is opaque
        }
        if (profile.entryIsSequence()) {
            read(p, end, "TBSCertificateLogEntry");
            if (tag != 0x30 || ce != end) {
                throw new MalformedEntryException("TBSCertificateLogEntry", "must be one SEQUENCE");
            }
            p = cs;
        }
        tbsCertificateLogEntry(p, end, v);
    }

    private void tbsCertificateLogEntry(int p, int end, Visitor v) {
        final String f = "TBSCertificateLogEntry";
        p = read(p, end, f + ".version");
        if (tag == 0xa0) {
            p = read(p, end, f + ".issuer");
        }
        expect(0x30, f + ".issuer");
        int validityStart = p;
        p = read(p, end, f + ".validity");
        expect(0x30, f + ".validity");
        v.validity(b, validityStart, ce);
        p = read(p, end, f + ".subject");
        expect(0x30, f + ".subject");
        subject(cs, ce, v);
        if (profile.hasSubjectPublicKeyAlgorithm()) {
            p = read(p, end, f + ".subjectPublicKeyAlgorithm");
            expect(0x30, f + ".subjectPublicKeyAlgorithm");
        }
        p = read(p, end, f + ".subjectPublicKeyInfoHash");
        expect(0x04, f + ".subjectPublicKeyInfoHash");
        if (ce == cs) {
            throw new MalformedEntryException(f + ".subjectPublicKeyInfoHash", "empty hash");
        }
        v.spkiHash(b, cs, ce);
        if (p == end) {
            return;
        }
        p = read(p, end, f + ".extensions");
        if (tag == 0x81) {
            if (p == end) {
                return;
            }
            p = read(p, end, f + ".extensions");
        }
        if (tag == 0x82) {
            if (p == end) {
                return;
            }
            p = read(p, end, f + ".extensions");
        }
        expect(0xa3, f + ".extensions");
        if (p != end) {
            throw new MalformedEntryException(f, "trailing data after the extensions");
        }
        int ee = ce;
        read(cs, ee, f + ".extensions");
        expect(0x30, f + ".extensions");
        if (ce != ee) {
            throw new MalformedEntryException(f + ".extensions", "trailing data after the SEQUENCE");
        }
        extensions(cs, ce, v);
    }

    private void subject(int p, int end, Visitor v) {
        final String f = "TBSCertificateLogEntry.subject";
        while (p < end) {
            p = read(p, end, f + ".rdn");
            expect(0x31, f + ".rdn");
            int q = cs;
            int rdnEnd = ce;
            while (q < rdnEnd) {
                q = read(q, rdnEnd, f + ".atv");
                expect(0x30, f + ".atv");
                int atvEnd = ce;
                int r = read(cs, atvEnd, f + ".atv.type");
                expect(0x06, f + ".atv.type");
                boolean cn = is(CN);
                r = read(r, atvEnd, f + ".atv.value");
                if (r != atvEnd) {
                    throw new MalformedEntryException(f + ".atv", "trailing data after the value");
                }
                if (cn) {
                    v.commonName(b, cs, ce);
                }
            }
        }
    }

    private void extensions(int p, int end, Visitor v) {
        final String f = "TBSCertificateLogEntry.extensions";
        while (p < end) {
            p = read(p, end, f + ".extension");
            expect(0x30, f + ".extension");
            int xe = ce;
            int q = read(cs, xe, f + ".extnID");
            expect(0x06, f + ".extnID");
            boolean san = is(SAN);
            boolean bc = is(BASIC_CONSTRAINTS);
            q = read(q, xe, f + ".extnValue");
            if (tag == 0x01) {
                bool(f + ".critical");
                q = read(q, xe, f + ".extnValue");
            }
            expect(0x04, f + ".extnValue");
            if (q != xe) {
                throw new MalformedEntryException(f + ".extension", "trailing data after extnValue");
            }
            int vs = cs;
            int ve = ce;
            if (san) {
                subjectAltName(vs, ve, v);
            } else if (bc) {
                basicConstraints(vs, ve, v);
            }
        }
    }

    private void subjectAltName(int p, int end, Visitor v) {
        final String f = "subjectAltName";
        read(p, end, f);
        expect(0x30, f);
        if (ce != end) {
            throw new MalformedEntryException(f, "trailing data after GeneralNames");
        }
        if (ce == cs) {
            throw new MalformedEntryException(f, "must hold at least one GeneralName");
        }
        int q = cs;
        int ge = ce;
        while (q < ge) {
            q = read(q, ge, f + ".GeneralName");
            if (tag == 0x82) {
                int high = 0;
                for (int i = cs; i < ce; i++) {
                    high |= b[i];
                }
                if (high < 0) {
                    throw new MalformedEntryException(f + ".dNSName", "IA5String holds a non-ASCII byte");
                }
                v.dnsName(b, cs, ce);
            } else if (tag == 0x87) {
                v.ipAddress(b, cs, ce);
            }
        }
    }

    private void basicConstraints(int p, int end, Visitor v) {
        final String f = "basicConstraints";
        read(p, end, f);
        expect(0x30, f);
        if (ce != end) {
            throw new MalformedEntryException(f, "trailing data after the SEQUENCE");
        }
        if (ce > cs) {
            read(cs, ce, f + ".cA");
            if (tag == 0x01) {
                if (!bool(f + ".cA")) {
                    throw new MalformedEntryException(f + ".cA", "DER: a FALSE default must be absent");
                }
                v.caTrue();
            }
        }
    }

    private boolean bool(String field) {
        if (ce - cs != 1 || (b[cs] != 0 && b[cs] != (byte) 0xff)) {
            throw new MalformedEntryException(field, "a DER BOOLEAN is one byte, 0x00 or 0xFF");
        }
        return b[cs] != 0;
    }

    private boolean is(byte[] oid) {
        if (ce - cs != oid.length) {
            return false;
        }
        for (int i = 0; i < oid.length; i++) {
            if (b[cs + i] != oid[i]) {
                return false;
            }
        }
        return true;
    }

    private void expect(int t, String field) {
        if (tag != t) {
            throw new MalformedEntryException(field, String.format("expected tag 0x%02x, found 0x%02x", t, tag));
        }
    }

    /** Reads one TLV at {@code p} within {@code end}; sets tag, cs, ce; returns the position after it. */
    private int read(int p, int end, String field) {
        if (p >= end) {
            throw new MalformedEntryException(field, "missing");
        }
        int t = b[p] & 0xff;
        if ((t & 0x1f) == 0x1f) {
            throw new MalformedEntryException(field, "multi-byte tags are not used in certificates");
        }
        if (p + 1 >= end) {
            throw new MalformedEntryException(field, "truncated length");
        }
        int l0 = b[p + 1] & 0xff;
        int q = p + 2;
        int len;
        if (l0 < 0x80) {
            len = l0;
        } else {
            int n = l0 & 0x7f;
            if (n == 0 || n > 3) {
                throw new MalformedEntryException(field, n == 0 ? "indefinite length (not DER)" : "length too large");
            }
            if (q + n > end || b[q] == 0) {
                throw new MalformedEntryException(field, "truncated or non-minimal length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[q + i] & 0xff);
            }
            if (len < 0x80 || (n == 2 && len < 0x100) || (n == 3 && len < 0x10000)) {
                throw new MalformedEntryException(field, "non-minimal length (not DER)");
            }
            q += n;
        }
        if (len > end - q) {
            throw new MalformedEntryException(field, "length beyond its parent");
        }
        tag = t;
        cs = q;
        ce = q + len;
        return ce;
    }

    /** Drops the reference to the last scanned buffer. */
    void release() {
        b = null;
    }

    private int u16(int p, int end, String field) {
        if (p + 2 > end) {
            throw new MalformedEntryException(field, "truncated");
        }
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }
}
