package io.mtc4j.rp.config;

import java.util.Arrays;
import java.util.Base64;

/**
 * A trusted subtree (draft §"Trusted Subtrees"): log number, {@code [start, end)} and the subtree hash. Start and
 * end are unsigned (uint48 in the current profile).
 */
public record TrustedSubtree(int logNumber, long start, long end, byte[] hash) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param logNumber the log number (1..65535)
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param hash the log's hash function
     */
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

    /**
     * Whether h.
     *
     * @return whether h
     */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * Whether this is the subtree (log, start, end), ignoring the hash.
     *
     * @param log the log number
     * @param s the subtree
     * @param e the element
     * @return whether this is the subtree (log, start, end), ignoring the hash
     */
    public boolean matches(int log, long s, long e) {
        return log == logNumber && s == start && e == end;
    }

    /**
     * Compares {@code candidate} to the trusted hash (constant time is not needed: both are public).
     *
     * @param candidate the candidate
     * @return whether h equals
     */
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
