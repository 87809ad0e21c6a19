package io.mtc4j.rp.tls;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Objects;

/**
 * A trust anchor range (draft-ietf-tls-trust-anchor-ids §3.1 "Trust Anchor Ranges"): a base ID and two unsigned
 * 64-bit bounds; it contains every ID that is {@code base} followed by one component {@code v} with
 * {@code min <= v <= max}. A path's trust anchor group inclusions are such ranges (§3.2; the
 * {@code trust_anchor_group_inclusions} certificate property). {@code min} and {@code max} are unsigned:
 * {@code -1L} is 2^64-1, the open upper bound of §5.1 "Versioned Groups".
 *
 * @param base the range's base ID (e.g. a versioned group's OID arc)
 * @param min the least contained component, unsigned
 * @param max the greatest contained component, unsigned ({@link #UNBOUNDED} for none)
 */
public record TrustAnchorRange(TrustAnchorId base, long min, long max) {
    /** 2^64-1 as an unsigned {@code long}: a range with no upper bound (TAI §3.1). */
    public static final long UNBOUNDED = -1L;

    /**
     * Checks the base is present and {@code min <= max} (unsigned).
     *
     * @param base the base ID
     * @param min the least component
     * @param max the greatest component
     * @throws IllegalArgumentException if {@code min > max}
     */
    public TrustAnchorRange {
        Objects.requireNonNull(base, "base");
        if (Long.compareUnsigned(min, max) > 0) {
            throw new IllegalArgumentException("trust anchor range " + base + ": min " + Long.toUnsignedString(min)
                    + " exceeds max " + Long.toUnsignedString(max));
        }
    }

    /**
     * TAI §3.1: whether this range contains {@code id}, by the draft's procedure over the binary forms (the base
     * ends on a component boundary, is a proper prefix of {@code id}, and the rest is one minimally encoded
     * component within [min, max]).
     *
     * @param id a requested trust anchor ID
     * @return whether the range contains it
     */
    public boolean contains(TrustAnchorId id) {
        byte[] b = base.binary();
        byte[] i = id.binary();
        // 1. base does not end in the middle of an OID component
        if ((b[b.length - 1] & 0x80) != 0) {
            return false;
        }
        // 2. base is a prefix of id; rest is what follows
        if (i.length < b.length || !java.util.Arrays.equals(i, 0, b.length, b, 0, b.length)) {
            return false;
        }
        int restStart = b.length;
        int restLen = i.length - restStart;
        // 3.1 rest is not empty
        if (restLen == 0) {
            return false;
        }
        // 3.2 the last byte ends a component
        if ((i[i.length - 1] & 0x80) != 0) {
            return false;
        }
        // 3.3 every other byte continues it
        for (int k = restStart; k < i.length - 1; k++) {
            if ((i[k] & 0x80) == 0) {
                return false;
            }
        }
        // 3.4 minimal encoding
        if ((i[restStart] & 0xff) == 0x80) {
            return false;
        }
        // 3.5-3.6 decode, v < 2^64 throughout
        long v = 0;
        for (int k = restStart; k < i.length; k++) {
            if (Long.compareUnsigned(v, 1L << 57) >= 0) {
                return false;
            }
            v = (v << 7) + (i[k] & 127);
        }
        // 4. min <= v <= max
        return Long.compareUnsigned(min, v) <= 0 && Long.compareUnsigned(v, max) <= 0;
    }

    /**
     * The range's IDs as text, e.g. {@code 32473.3.[42..MAX]}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return base + ".[" + Long.toUnsignedString(min) + ".."
                + (max == UNBOUNDED ? "MAX" : Long.toUnsignedString(max)) + "]";
    }
}
