package io.mtc4j.spec.merkle;

import io.mtc4j.spec.Profile;

/**
 * The half-open interval {@code [start, end)} of a Merkle Tree's entries (draft §"Definition of a Subtree").
 * Both ends are unsigned 64-bit integers held in {@code long}. The record itself accepts any pair, because the
 * draft's procedures take {@code start} and {@code end} as input and check validity themselves; use
 * {@link #isValid()} (or {@link #isValid(Profile)}) before relying on one.
 */
public record Subtree(long start, long end) {

    /**
     * draft §"Definition of a Subtree": {@code start <= end} and {@code start} is a multiple of
     * {@code BIT_CEIL(end - start)}, including the 64-bit overflow case (size above 2^63: only start 0). Empty
     * subtrees {@code [x, x)} are valid (editor's copy after -05).
     *
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @return whether valid
     */
    public static boolean isValid(long start, long end) {
        if (Long.compareUnsigned(start, end) > 0) {
            return false;
        }
        long size = end - start;
        if (Long.compareUnsigned(size, 1L << 63) > 0) {
            return start == 0; // BIT_CEIL(size) would be 2^64
        }
        return (start & (bitCeil(size) - 1)) == 0;
    }

    /**
     * The valid-subtree test of {@code profile}: through plants-04 (and plants-05 as published) the rule was
     * {@code 0 <= start < end}, so empty subtrees are invalid (MTC-NOTES §3.2, §6).
     *
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param profile the wire profile
     * @return the valid-subtree test of {@code profile}: through plants-04 (and plants-05 as published) the rule was {@code 0 <= start < end}, so empty subtrees are invalid (MTC-NOTES §3.2, §6)
     */
    public static boolean isValid(long start, long end, Profile profile) {
        if (start == end && !profile.allowsEmptySubtrees()) {
            return false;
        }
        return isValid(start, end);
    }

    /**
     * {@link #isValid(long, long)} for this interval.
     *
     * @return whether valid
     */
    public boolean isValid() {
        return isValid(start, end);
    }

    /**
     * {@link #isValid(long, long, Profile)} for this interval.
     *
     * @param profile the wire profile
     * @return whether valid
     */
    public boolean isValid(Profile profile) {
        return isValid(start, end, profile);
    }

    /**
     * {@code end - start} (unsigned).
     *
     * @return the {@code long}
     */
    public long size() {
        return end - start;
    }

    /**
     * Whether {@code start <= index < end} (unsigned).
     *
     * @param index the entry's index
     * @return whether {@code start <= index < end} (unsigned)
     */
    public boolean contains(long index) {
        return Long.compareUnsigned(start, index) <= 0 && Long.compareUnsigned(index, end) < 0;
    }

    /**
     * True for a non-empty subtree whose size is a power of two (appendix §"Subtrees": a full subtree).
     *
     * @return {@code true} for a non-empty subtree whose size is a power of two (appendix §"Subtrees": a full subtree)
     */
    public boolean isFull() {
        long size = size();
        return size != 0 && (size & (size - 1)) == 0;
    }

    /** {@code BIT_CEIL(x)} for {@code x <= 2^63}: the smallest power of two {@code >= x}, with BIT_CEIL(0) = 1. */
    static long bitCeil(long x) {
        if (Long.compareUnsigned(x, 1) <= 0) {
            return 1;
        }
        return 1L << (64 - Long.numberOfLeadingZeros(x - 1));
    }

    /** {@code [start, end)} in unsigned decimal, the notation of the draft and of its test vectors. */
    @Override
    public String toString() {
        return "[" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end) + ")";
    }
}
