package io.mtc4j.rp.config;

import java.util.Arrays;
import java.util.Base64;

/**
 * A trusted subtree (draft §"Trusted Subtrees"): log number, {@code [start, end)} and the subtree hash. Start and
 * end are unsigned (uint48 in the current profile).
 */
public record TrustedSubtree(int logNumber, long start, long end, byte[] hash) {
    public TrustedSubtree {
        if (logNumber < 1 || logNumber > 0xffff) {
            throw new IllegalArgumentException("log number " + logNumber + " outside 1..65535");
        }
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("subtree start " + Long.toUnsignedString(start) + " is after end "
                    + Long.toUnsignedString(end));
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Whether this is the subtree (log, start, end), ignoring the hash. */
    public boolean matches(int log, long s, long e) {
        return log == logNumber && s == start && e == end;
    }

    /** Compares {@code candidate} to the trusted hash (constant time is not needed: both are public). */
    public boolean hashEquals(byte[] candidate) {
        return Arrays.equals(hash, candidate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedSubtree t && t.logNumber == logNumber && t.start == start && t.end == end
                && Arrays.equals(t.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash) * 31 + Long.hashCode(start ^ end) + logNumber;
    }

    @Override
    public String toString() {
        return "log " + logNumber + " [" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end) + ") "
                + Base64.getEncoder().encodeToString(hash);
    }
}
