package io.mtc4j.rp.tls;

import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A timestamped landmark group (draft "Use in TLS", §"Timestamped Landmark Groups"): a versioned trust anchor group
 * (draft-ietf-tls-trust-anchor-ids §5.1 "Versioned Groups", IDs {@code base.v}) spanning several MTC CAs, whose
 * versions follow the clock: version {@code v} stands for the timestamp {@code epoch + v * period} and contains
 * each member CA's CA ID and the landmarks that CA had active as of that timestamp. Because the cadence is
 * predictable, a CA computes a certificate's trust anchor group inclusions (TAI §6.2, cited by the MTC draft as
 * §7.2) without coordination ({@link #landmarkInclusion}, {@link #caInclusion}); a relying party picks the version
 * it may send from when its trusted subtrees were last brought up to date ({@link #versionToAdvertise}).
 *
 * @param base the group's OID arc (the versions are {@code base.0}, {@code base.1}, ...)
 * @param epoch the timestamp of version 0
 * @param period the time between versions (the draft's example: hourly, for CAs allocating landmarks hourly)
 * @param members the CAs in the group and since when
 */
public record TimestampedLandmarkGroup(TrustAnchorId base, Instant epoch, Duration period, List<Member> members) {
    /**
     * A CA in the group.
     *
     * @param caId the CA ID
     * @param since the first timestamp whose version contains the CA
     */
    public record Member(TrustAnchorId caId, Instant since) {
        /**
         * Checks no component is missing.
         *
         * @param caId the CA ID
         * @param since when it joined
         */
        public Member {
            Objects.requireNonNull(caId, "caId");
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * Which version a relying party whose trusted subtrees are up to date for some CAs only advertises (draft
     * §"Timestamped Landmark Groups").
     */
    public enum Advertising {
        /**
         * The draft's rule: a version only if the trusted subtrees are up to date for every contained CA as of the
         * version's timestamp (the oldest update decides; a member CA without trusted subtrees allows only versions
         * that do not contain it yet).
         */
        UP_TO_DATE_FOR_ALL,
        /**
         * "Send the newer timestamp": the version as of the newest update, claiming landmarks the relying party may
         * lack for a CA it could not reach; the client then relies on the retry mechanism (TAI §4.3) when such a CA
         * issued a recent landmark-relative certificate.
         */
        NEWER_TIMESTAMP
    }

    /**
     * Checks the period is positive, copies the members and refuses a CA listed twice.
     *
     * @param base the OID arc
     * @param epoch version 0's timestamp
     * @param period the time between versions, at least a millisecond
     * @param members the member CAs
     */
    public TimestampedLandmarkGroup {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(period, "period");
        members = List.copyOf(members);
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("a timestamped group's period must be at least 1 ms, not " + period);
        }
        if (members.stream().map(Member::caId).distinct().count() != members.size()) {
            throw new IllegalArgumentException("a CA is listed twice in group " + base);
        }
    }

    /**
     * A group whose versions count {@code period}s since the Unix epoch (hourly: the hours since 1970), every member
     * since version 0.
     *
     * @param base the OID arc
     * @param period the time between versions
     * @param cas the member CAs
     * @return the group
     */
    public static TimestampedLandmarkGroup since1970(TrustAnchorId base, Duration period, List<TrustAnchorId> cas) {
        return new TimestampedLandmarkGroup(base, Instant.EPOCH, period,
                cas.stream().map(c -> new Member(c, Instant.EPOCH)).toList());
    }

    /**
     * The ID of version {@code v}, {@code base.v} (TAI §5.1).
     *
     * @param version the version, non-negative
     * @return the trust anchor group ID
     */
    public TrustAnchorId versionId(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("group versions are non-negative, not " + version);
        }
        return base.child(version);
    }

    /**
     * The timestamp version {@code v} stands for, {@code epoch + v * period}.
     *
     * @param version the version
     * @return its timestamp
     */
    public Instant versionTimestamp(long version) {
        return epoch.plusMillis(Math.multiplyExact(version, period.toMillis()));
    }

    /**
     * The newest version whose timestamp is at or before {@code t}; empty before the epoch.
     *
     * @param t a time
     * @return the version
     */
    public OptionalLong latestVersionAsOf(Instant t) {
        long ms = Duration.between(epoch, t).toMillis();
        return ms < 0 ? OptionalLong.empty() : OptionalLong.of(Math.floorDiv(ms, period.toMillis()));
    }

    /**
     * The oldest version whose timestamp is at or after {@code t} (0 for a time at or before the epoch).
     *
     * @param t a time
     * @return the version
     */
    public long firstVersionAtOrAfter(Instant t) {
        long ms = Duration.between(epoch, t).toMillis();
        return ms <= 0 ? 0 : Math.floorDiv(ms + period.toMillis() - 1, period.toMillis());
    }

    private Member member(TrustAnchorId caId) {
        return members.stream().filter(m -> m.caId().equals(caId)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("CA " + caId + " is not a member of group " + base));
    }

    /**
     * The trust anchor group inclusion (TAI §3.2, §5.1) of a landmark-relative certificate of member CA
     * {@code caId} whose landmark was allocated at {@code allocatedAt}: the versions whose timestamp is at or after
     * the allocation and, if the landmark has left the CA's active window at {@code leftWindowAt}, before that.
     * Without a known end the range is open ({@code max} 2^64-1), as TAI §5.1 prescribes at issuance for a trust
     * anchor still in the latest version.
     *
     * @param caId the issuing CA, a member
     * @param allocatedAt when the CA allocated the landmark
     * @param leftWindowAt when landmark {@code L + max_active_landmarks} was allocated, if it was
     * @return the inclusion; empty when no version contains the landmark (it was active for less than a period
     *     between two version timestamps)
     */
    public Optional<TrustAnchorRange> landmarkInclusion(TrustAnchorId caId, Instant allocatedAt,
            Optional<Instant> leftWindowAt) {
        Member m = member(caId);
        long min = Math.max(firstVersionAtOrAfter(allocatedAt), firstVersionAtOrAfter(m.since()));
        if (leftWindowAt.isEmpty()) {
            return Optional.of(new TrustAnchorRange(base, min, TrustAnchorRange.UNBOUNDED));
        }
        long end = firstVersionAtOrAfter(leftWindowAt.get()); // the first version without it
        return end <= min ? Optional.empty() : Optional.of(new TrustAnchorRange(base, min, end - 1));
    }

    /**
     * The trust anchor group inclusion of member CA {@code caId}'s CA ID, for its standalone certificates (draft
     * §"Standalone Certificates": CA IDs MAY be in other trust anchor groups): every version since it joined.
     *
     * @param caId the CA, a member
     * @return the inclusion, open-ended
     */
    public TrustAnchorRange caInclusion(TrustAnchorId caId) {
        return new TrustAnchorRange(base, firstVersionAtOrAfter(member(caId).since()), TrustAnchorRange.UNBOUNDED);
    }

    /**
     * When a relying party's trusted subtrees were last brought up to date, per CA: the oldest update among the
     * CA's logs (draft §"Trusted Subtrees"; a round of {@code LandmarkUpdater} fetches the landmarks as of its time).
     *
     * @param states the relying party's landmark states
     * @return per CA ID, the time it is up to date as of
     */
    public static Map<TrustAnchorId, Instant> upToDateAsOf(List<LandmarkState> states) {
        Map<TrustAnchorId, Instant> out = new HashMap<>();
        for (LandmarkState s : states) {
            out.merge(s.caId(), s.updatedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return out;
    }

    /**
     * draft §"Timestamped Landmark Groups": the version a relying party sends, given when its trusted subtrees were
     * up to date for each CA. {@link Advertising#UP_TO_DATE_FOR_ALL} follows the draft's rule (a relying party MAY
     * send a version if its trusted subtrees are up to date for all contained CAs as of the version's timestamp);
     * {@link Advertising#NEWER_TIMESTAMP} is the draft's "send the newer timestamp" mitigation, to be paired with
     * the retry mechanism.
     *
     * @param upToDateAsOf per CA ID, the time its trusted subtrees are up to date as of
     * @param strategy which rule to follow
     * @return the group version's ID, or empty when no version may be sent
     */
    public Optional<TrustAnchorId> versionToAdvertise(Map<TrustAnchorId, Instant> upToDateAsOf,
            Advertising strategy) {
        List<Instant> known = new ArrayList<>();
        long cap = Long.MAX_VALUE;
        for (Member m : members) {
            Instant t = upToDateAsOf.get(m.caId());
            if (t != null) {
                known.add(t);
            } else if (strategy == Advertising.UP_TO_DATE_FOR_ALL) {
                // not up to date for this CA at all: only versions that do not contain it yet
                cap = Math.min(cap, firstVersionAtOrAfter(m.since()) - 1);
            }
        }
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Instant asOf = strategy == Advertising.UP_TO_DATE_FOR_ALL
                ? known.stream().min(Instant::compareTo).get()
                : known.stream().max(Instant::compareTo).get();
        OptionalLong v = latestVersionAsOf(asOf);
        if (v.isEmpty() || Math.min(v.getAsLong(), cap) < 0) {
            return Optional.empty();
        }
        return Optional.of(versionId(Math.min(v.getAsLong(), cap)));
    }
}
