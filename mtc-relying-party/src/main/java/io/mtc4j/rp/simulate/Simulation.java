package io.mtc4j.rp.simulate;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.landmark.LandmarkAllocator;
import io.mtc4j.spec.landmark.LandmarkGroup;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * One simulated deployment (issue 19). The model, in two parts:
 * <ol>
 *   <li><b>The log, by checkpoint cohorts.</b> Requests arrive at the issuance rate; the certificates requested in
 *       one checkpoint interval (a Poisson number) form a cohort, appended at the checkpoint, whose standalone
 *       certificates prove inclusion in the two subtrees covering the interval (§"Standalone Certificates" step 2,
 *       {@link Covering#coveringSubtrees}). At every checkpoint {@link LandmarkAllocator#step} decides whether the
 *       checkpoint becomes a landmark (§"Allocating Landmarks"); a certificate's landmark-relative version proves
 *       inclusion in the subtree of the first later landmark containing it (§"Constructing Landmark-Relative
 *       Certificates" steps 1–2). Proof lengths are counted for every certificate issued from these subtrees.</li>
 *   <li><b>Handshakes, sampled.</b> A handshake is a uniformly random moment of the measured span, a uniformly random
 *       subscriber and an independent client. A subscriber renews every {@code renewAt * lifetime} and, with
 *       {@code keepOld}, keeps every earlier certificate until it expires (§"Certificate Renewal"); it deploys a
 *       certificate's landmark-relative version a subscriber delay after the landmark's allocation. A client either
 *       sends no {@code trust_anchors} or holds the landmarks allocated at least its update delay ago and advertises
 *       their {@link LandmarkGroup} (§"Single-Log Landmark Groups"). The server selects as {@link TlsSelection}.</li>
 * </ol>
 * It leaves out: issuance and cosigning latency below a checkpoint interval, revocation, more than one CA or log,
 * log rollover, clients that trust landmarks without the CA, and the TLS framing around the certificate.
 */
public final class Simulation {
    /** The most checkpoints one simulation keeps (8 bytes each). */
    static final long MAX_CHECKPOINTS = 50_000_000;

    private final SimulationParameters p;
    private final SimulationProgress progress;
    private final long c;
    private final long warmup;
    private final int n;
    private final long[] size;
    private long[] landmarkSize = new long[64];
    private long[] landmarkTime = new long[64];
    private int landmarks;
    private long done;
    private long total;
    private long lastReported;

    private Simulation(SimulationParameters p, SimulationProgress progress) {
        this.p = p;
        this.progress = progress;
        this.c = p.checkpointIntervalMillis();
        this.warmup = p.lifetimeMillis() + p.landmarkIntervalMillis();
        long span = warmup + p.durationMillis();
        long checkpoints = (span + c - 1) / c;
        if (checkpoints > MAX_CHECKPOINTS) {
            throw new MtcParseException("--checkpoint-interval", "the simulated span (" + Durations.format(span)
                    + ", warm-up of one lifetime and one landmark interval included) holds " + checkpoints
                    + " checkpoints, more than " + MAX_CHECKPOINTS + "; use a longer interval or a shorter --duration");
        }
        if (p.rate().perMilli() * span > 0.9 * (1L << 48)) {
            throw new MtcParseException("--rate", "the simulated span would log more than 0.9 * 2^48 entries, the most"
                    + " one log's serial numbers hold");
        }
        this.n = (int) checkpoints;
        this.size = new long[n + 1];
        this.landmarkSize[0] = 0;
        this.landmarkTime[0] = 0;
    }

    /**
     * Runs a simulation.
     *
     * @param parameters the parameters
     * @param progress receives progress
     * @return what it measured
     * @throws MtcParseException naming the flag if the parameters make the simulation too large
     */
    public static SimulationResult run(SimulationParameters parameters, SimulationProgress progress) {
        return new Simulation(parameters, progress).simulate();
    }

    private SimulationResult simulate() {
        total = n + (long) p.handshakes();
        SplittableRandom random = new SplittableRandom(p.seed());
        SplittableRandom logRandom = random.split();
        SplittableRandom handshakeRandom = random.split();
        simulateLog(logRandom);
        long maxActive = p.effectiveMaxActiveLandmarks();

        int first = (int) Math.min(n, (warmup + c - 1) / c); // first checkpoint at or after the warm-up
        first = Math.max(first, 1);
        int last = n; // checkpoints k with k*c < warmup + duration
        while (last > first && (long) last * c >= warmup + p.durationMillis()) {
            last--;
        }
        long[] standaloneHist = new long[ProofLengths.MAX];
        for (int k = first; k <= last; k++) {
            if (size[k] > size[k - 1]) {
                for (Subtree s : Covering.coveringSubtrees(size[k - 1], size[k])) {
                    ProofLengths.histogram(s, size[k - 1], size[k], standaloneHist);
                }
            }
        }
        long from = size[first - 1];
        long to = size[last];
        long[] landmarkHist = new long[ProofLengths.MAX];
        long landmarksInSpan = 0;
        long landmarkEntries = 0;
        long observed = 0;
        long[] nonEmpty = new long[landmarks + 1];
        long window = 0;
        for (int l = 1; l <= landmarks; l++) {
            List<Subtree> subtrees = Covering.coveringSubtrees(landmarkSize[l - 1], landmarkSize[l]);
            for (Subtree s : subtrees) {
                ProofLengths.histogram(s, Math.max(from, landmarkSize[l - 1]), Math.min(to, landmarkSize[l]), landmarkHist);
                nonEmpty[l] += s.start() == s.end() ? 0 : 1;
            }
            window += nonEmpty[l];
            if (l > maxActive) {
                window -= nonEmpty[(int) (l - maxActive)];
            }
            if (landmarkTime[l] >= warmup && landmarkTime[l] < warmup + p.durationMillis()) {
                landmarksInSpan++;
                landmarkEntries += landmarkSize[l] - landmarkSize[l - 1];
                observed = Math.max(observed, window);
            }
        }
        CertificateSizes sizes = new CertificateSizes(p.subjectKey(), p.cosigners(), p.lifetimeMillis());
        int standaloneMedian = ProofLengths.median(standaloneHist);
        int landmarkMedian = ProofLengths.median(landmarkHist);

        Handshakes h = sampleHandshakes(handshakeRandom, maxActive, sizes);
        long checkpoints = last - first + 1L;
        return new SimulationResult(p, maxActive, 2 * maxActive, 2 * maxActive * 32, observed, checkpoints,
                landmarksInSpan, to - from, (double) (to - from) / checkpoints,
                landmarksInSpan == 0 ? 0 : (double) landmarkEntries / landmarksInSpan, standaloneMedian,
                ProofLengths.max(standaloneHist), landmarkMedian, ProofLengths.max(landmarkHist),
                sizes.standalone(standaloneMedian), sizes.landmarkRelative(landmarkMedian), p.handshakes(),
                (double) h.landmarkRelative / p.handshakes(), (double) h.standalone / p.handshakes(),
                (double) h.none / p.handshakes(), (double) h.uncovered / p.handshakes(), h.meanBytes, h.p50, h.p99);
    }

    /** The log: cohort sizes and the landmarks LandmarkAllocator allocates at the checkpoints. */
    private void simulateLog(SplittableRandom random) {
        Poisson arrivals = new Poisson(p.rate().perMilli() * c);
        Duration between = Duration.ofMillis(p.landmarkIntervalMillis());
        LandmarkAllocator allocator = LandmarkAllocator.start(Instant.EPOCH, between);
        for (int k = 1; k <= n; k++) {
            size[k] = size[k - 1] + arrivals.sample(random);
            long tau = k * c;
            LandmarkAllocator next = allocator.step(Instant.ofEpochMilli(tau), size[k]);
            if (next != allocator) {
                addLandmark(size[k], tau);
                // the rule reads only the last landmark and interval: keep the sequence short (no quadratic copying)
                allocator = new LandmarkAllocator(Instant.EPOCH, between, LandmarkSequence.of(List.of(0L, size[k])),
                        next.lastAllocation());
            }
            tick();
        }
    }

    private void addLandmark(long treeSize, long time) {
        landmarks++;
        if (landmarks == landmarkSize.length) {
            landmarkSize = Arrays.copyOf(landmarkSize, landmarks * 2);
            landmarkTime = Arrays.copyOf(landmarkTime, landmarks * 2);
        }
        landmarkSize[landmarks] = treeSize;
        landmarkTime[landmarks] = time;
    }

    private void tick() {
        done++;
        if (done - lastReported >= total / 200 + 1 || done == total) {
            lastReported = done;
            progress.progress(done, total);
        }
    }

    private static final class Handshakes {
        long landmarkRelative;
        long standalone;
        long none;
        long uncovered;
        double meanBytes;
        int p50;
        int p99;
    }

    private Handshakes sampleHandshakes(SplittableRandom random, long maxActive, CertificateSizes sizes) {
        Handshakes out = new Handshakes();
        long lifetime = p.lifetimeMillis();
        long renewal = p.renewalPeriodMillis();
        long delta = (renewal + c - 1) / c; // a renewal requested at tau_k + P is issued at checkpoint k + delta
        int[] bytes = new int[p.handshakes()];
        long sum = 0;
        List<TlsSelection.Held> held = new ArrayList<>();
        List<long[]> certs = new ArrayList<>(); // {cohort, index, landmark or 0}
        for (int hs = 0; hs < bytes.length; hs++) {
            long t = warmup + (long) (random.nextDouble() * p.durationMillis());
            int latest = (int) Math.min(n, t / c);
            long lo = size[(int) Math.max(0, latest - delta)];
            long hi = size[latest];
            boolean noTrustAnchors = random.nextDouble() < p.noTrustAnchorsShare();
            double rpDelay = p.rpDelay().sample(random);
            double subscriberDelay = p.subscriberDelay().sample(random);
            held.clear();
            certs.clear();
            if (hi > lo) {
                long index = lo + random.nextLong(hi - lo);
                int k = cohortOf(index, latest);
                for (long j = k; j >= 1; j -= delta) {
                    if (j * c + lifetime <= t) {
                        break; // expired, and every earlier one too
                    }
                    long i = index;
                    if (j != k) {
                        if (!p.keepOld() || size[(int) j] == size[(int) j - 1]) {
                            break;
                        }
                        i = size[(int) j - 1] + random.nextLong(size[(int) j] - size[(int) j - 1]);
                    }
                    int l = landmarkOf(i);
                    boolean deployed = l <= landmarks && landmarkTime[l] + subscriberDelay <= t;
                    held.add(new TlsSelection.Held(deployed ? OptionalLong.of(l) : OptionalLong.empty()));
                    certs.add(new long[] {j, i, l});
                }
            }
            int latestTrusted = Double.isInfinite(rpDelay) ? 0 : landmarksAtOrBefore(t - rpDelay);
            TlsSelection.ClientSignal client = new TlsSelection.ClientSignal(!noTrustAnchors, latestTrusted == 0
                    ? Optional.empty()
                    : Optional.of(new LandmarkGroup(CertificateSizes.CA, CertificateSizes.LOG_NUMBER, latestTrusted,
                            maxActive)));
            TlsSelection.Choice choice = TlsSelection.selectCertificate(held, client);
            if (held.stream().noneMatch(x -> x.landmark().isPresent())) {
                out.uncovered++;
            }
            switch (choice.kind()) {
                case LANDMARK_RELATIVE -> {
                    long[] cert = certs.get(choice.certificate());
                    int l = (int) cert[2];
                    bytes[hs] = sizes.landmarkRelative(proofLength(landmarkSize[l - 1], landmarkSize[l], cert[1]));
                    out.landmarkRelative++;
                }
                case STANDALONE -> {
                    long[] cert = certs.get(choice.certificate());
                    int k = (int) cert[0];
                    bytes[hs] = sizes.standalone(proofLength(size[k - 1], size[k], cert[1]));
                    out.standalone++;
                }
                case NONE -> out.none++;
            }
            sum += bytes[hs];
            tick();
        }
        Arrays.sort(bytes);
        out.meanBytes = (double) sum / bytes.length;
        out.p50 = bytes[(int) Math.ceil(0.5 * bytes.length) - 1];
        out.p99 = bytes[(int) Math.ceil(0.99 * bytes.length) - 1];
        return out;
    }

    /** The inclusion proof length of entry {@code i} in the covering subtree of [start, end) that contains it. */
    private static int proofLength(long start, long end, long i) {
        for (Subtree s : Covering.coveringSubtrees(start, end)) {
            if (s.contains(i)) {
                return ProofLengths.inclusionProofLength(s, i);
            }
        }
        throw new IllegalStateException("no covering subtree of [" + start + ", " + end + ") contains " + i);
    }

    /** The checkpoint whose cohort holds entry {@code i}: the smallest k with size[k] > i. */
    private int cohortOf(long i, int upper) {
        return firstAbove(size, 1, upper, i);
    }

    /**
     * draft §"Constructing Landmark-Relative Certificates" step 1: the smallest landmark whose tree size exceeds
     * entry {@code i}; {@code landmarks + 1} if none is allocated yet.
     */
    private int landmarkOf(long i) {
        return firstAbove(landmarkSize, 1, landmarks + 1, i);
    }

    /** The smallest k in [lo, hi) with sorted[k] > value, else hi. */
    private static int firstAbove(long[] sorted, int lo, int hi, long value) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] > value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The number of the latest landmark allocated at or before {@code time}; 0 if none. */
    private int landmarksAtOrBefore(double time) {
        int lo = 0;
        int hi = landmarks;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (landmarkTime[mid] <= time) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
