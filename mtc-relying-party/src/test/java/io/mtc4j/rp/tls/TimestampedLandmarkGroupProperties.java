package io.mtc4j.rp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.tls.TimestampedLandmarkGroup.Advertising;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * draft §"Timestamped Landmark Groups": versions follow the clock; a landmark's inclusion holds exactly the versions
 * whose timestamp it was active at; a relying party following the draft's rule never claims a version newer than
 * any CA's update, and "the newer timestamp" never claims an older one.
 */
class TimestampedLandmarkGroupProperties {
    static final TrustAnchorId A = TrustAnchorId.parse("32473.1");
    static final TrustAnchorId B = TrustAnchorId.parse("32473.2");
    static final TimestampedLandmarkGroup HOURLY = TimestampedLandmarkGroup.since1970(TrustAnchorId.parse("32473.3"),
            Duration.ofHours(1), List.of(A, B));

    @Example
    void hourlyVersionsCountHoursSince1970() {
        Instant t = Instant.parse("2026-12-03T07:00:00Z");
        long hours = t.getEpochSecond() / 3600;
        assertEquals(hours, HOURLY.latestVersionAsOf(t).getAsLong());
        assertEquals(hours, HOURLY.firstVersionAtOrAfter(t));
        assertEquals(hours + 1, HOURLY.firstVersionAtOrAfter(t.plusSeconds(1)));
        assertEquals(hours, HOURLY.latestVersionAsOf(t.plusSeconds(3599)).getAsLong());
        assertEquals(TrustAnchorId.parse("32473.3." + hours), HOURLY.versionId(hours));
        assertFalse(HOURLY.latestVersionAsOf(Instant.EPOCH.minusSeconds(1)).isPresent());
    }

    @Property(tries = 500)
    void latestVersionAsOfBracketsTheTime(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds,
            @ForAll @LongRange(min = 1, max = 100_000) long periodSeconds) {
        TimestampedLandmarkGroup g = TimestampedLandmarkGroup.since1970(HOURLY.base(),
                Duration.ofSeconds(periodSeconds), List.of(A));
        Instant t = Instant.ofEpochSecond(seconds);
        long v = g.latestVersionAsOf(t).getAsLong();
        assertFalse(g.versionTimestamp(v).isAfter(t));
        assertTrue(g.versionTimestamp(v + 1).isAfter(t));
        long f = g.firstVersionAtOrAfter(t);
        assertFalse(g.versionTimestamp(f).isBefore(t));
        assertTrue(f == 0 || g.versionTimestamp(f - 1).isBefore(t));
    }

    @Property(tries = 500)
    void aLandmarksInclusionIsTheVersionsItWasActiveAt(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long alloc,
            @ForAll @LongRange(min = 0, max = 40_000) long active, @ForAll @LongRange(min = 0, max = 8) long after) {
        Instant allocated = Instant.ofEpochSecond(alloc);
        Instant left = allocated.plusSeconds(active);
        Optional<TrustAnchorRange> r = HOURLY.landmarkInclusion(A, allocated, Optional.of(left));
        long first = HOURLY.firstVersionAtOrAfter(allocated);
        for (long v = Math.max(0, first - 2); v < first + after + active / 3600 + 2; v++) {
            Instant ts = HOURLY.versionTimestamp(v);
            boolean activeAt = !ts.isBefore(allocated) && ts.isBefore(left);
            assertEquals(activeAt, r.isPresent() && r.get().contains(HOURLY.versionId(v)), "version " + v);
        }
        TrustAnchorRange open = HOURLY.landmarkInclusion(A, allocated, Optional.empty()).orElseThrow();
        assertEquals(first, open.min());
        assertEquals(TrustAnchorRange.UNBOUNDED, open.max());
    }

    @Property(tries = 500)
    void theDraftsRuleClaimsNoVersionNewerThanAnyUpdate(
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long a,
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long b) {
        Map<TrustAnchorId, Instant> upToDate = Map.of(A, Instant.ofEpochSecond(a), B, Instant.ofEpochSecond(b));
        TrustAnchorId safe = HOURLY.versionToAdvertise(upToDate, Advertising.UP_TO_DATE_FOR_ALL).orElseThrow();
        TrustAnchorId newer = HOURLY.versionToAdvertise(upToDate, Advertising.NEWER_TIMESTAMP).orElseThrow();
        long vs = safe.components().get(safe.components().size() - 1);
        long vn = newer.components().get(newer.components().size() - 1);
        Instant ts = HOURLY.versionTimestamp(vs);
        assertFalse(ts.isAfter(upToDate.get(A)) || ts.isAfter(upToDate.get(B)));
        assertTrue(HOURLY.versionTimestamp(vs + 1).isAfter(upToDate.get(A))
                || HOURLY.versionTimestamp(vs + 1).isAfter(upToDate.get(B)));
        assertTrue(vn >= vs);
        assertFalse(HOURLY.versionTimestamp(vn).isAfter(Instant.ofEpochSecond(Math.max(a, b))));
    }

    @Example
    void aMemberWithoutTrustedSubtreesBlocksTheDraftsRuleOnly() {
        Map<TrustAnchorId, Instant> onlyA = Map.of(A, Instant.parse("2026-12-03T07:30:00Z"));
        assertEquals(Optional.empty(), HOURLY.versionToAdvertise(onlyA, Advertising.UP_TO_DATE_FOR_ALL));
        assertEquals(HOURLY.latestVersionAsOf(onlyA.get(A)).getAsLong(), last(HOURLY.versionToAdvertise(onlyA,
                Advertising.NEWER_TIMESTAMP).orElseThrow()));
        // a CA that joins the group later does not block the versions before it joined
        TimestampedLandmarkGroup later = new TimestampedLandmarkGroup(HOURLY.base(), Instant.EPOCH,
                Duration.ofHours(1), List.of(new TimestampedLandmarkGroup.Member(A, Instant.EPOCH),
                        new TimestampedLandmarkGroup.Member(B, Instant.parse("2026-12-03T05:00:00Z"))));
        assertEquals(later.firstVersionAtOrAfter(Instant.parse("2026-12-03T05:00:00Z")) - 1,
                last(later.versionToAdvertise(onlyA, Advertising.UP_TO_DATE_FOR_ALL).orElseThrow()));
        assertEquals(later.firstVersionAtOrAfter(Instant.parse("2026-12-03T05:00:00Z")),
                later.caInclusion(B).min());
    }

    private static long last(TrustAnchorId id) {
        return id.components().get(id.components().size() - 1);
    }
}
