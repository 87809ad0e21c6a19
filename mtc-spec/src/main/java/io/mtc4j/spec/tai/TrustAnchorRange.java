package io.mtc4j.spec.tai;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trust anchor range (draft-ietf-tls-trust-anchor-ids §"Trust Anchor Ranges"): the IDs {@code base.v} for every
 * {@code min <= v <= max}, as carried in a {@code TrustAnchorRange} of the {@code trust_anchor_group_inclusions}
 * property. {@code min} and {@code max} are unsigned 64-bit values held in {@code long}s; {@code -1L} is
 * 2<sup>64</sup>-1, "no upper bound".
 *
 * @param base the common prefix, itself a well-formed trust anchor ID
 * @param min  the smallest last component (unsigned)
 * @param max  the largest last component (unsigned)
 */
public record TrustAnchorRange(TrustAnchorId base, long min, long max) {
    /** {@code max} when the range has no upper bound: 2<sup>64</sup>-1. */
    public static final long UNBOUNDED = -1L;

    /**
     * Checks that the base is present.
     *
     * @param base the common prefix
     * @param min  the smallest last component (unsigned)
     * @param max  the largest last component (unsigned)
     */
    public TrustAnchorRange {
        Objects.requireNonNull(base, "base");
    }

    /**
     * TAI draft §"Trust Anchor Ranges": whether this range contains {@code id} (the draft's procedure, step by step).
     *
     * @param id the trust anchor ID to check
     * @return {@code true} if {@code id} is {@code base.v} with {@code min <= v <= max}
     */
    public boolean contains(TrustAnchorId id) {
        byte[] b = base.binary();
        byte[] full = id.binary();
        // 1. base must not end in the middle of a component (always true of a parsed TrustAnchorId)
        if ((b[b.length - 1] & 0x80) != 0) {
            return false;
        }
        // 2. base must be a prefix of id
        if (full.length <= b.length || !Arrays.equals(full, 0, b.length, b, 0, b.length)) {
            return false;
        }
        byte[] rest = Arrays.copyOfRange(full, b.length, full.length);
        // 3. rest is one minimal base-128 component
        if ((rest[rest.length - 1] & 0x80) != 0 || (rest[0] & 0xff) == 0x80) {
            return false;
        }
        long v = 0;
        for (int i = 0; i < rest.length; i++) {
            if (i < rest.length - 1 && (rest[i] & 0x80) == 0) {
                return false;
            }
            if (Long.compareUnsigned(v, 1L << 57) >= 0) {
                return false;
            }
            v = (v << 7) + (rest[i] & 0x7f);
        }
        // 4. min <= v <= max
        return Long.compareUnsigned(min, v) <= 0 && Long.compareUnsigned(v, max) <= 0;
    }

    @Override
    public String toString() {
        return base + ".[" + Long.toUnsignedString(min) + ".." + (max == UNBOUNDED ? "MAX" : Long.toUnsignedString(max))
                + "]";
    }
}
