package io.mtc4j.ca;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.merkle.Subtree;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * draft §"Standalone Certificates" steps 4-5 for one run: asks every external cosigner at once, each with its own
 * time-out, verifies what each returns against its configured key (a signature that does not verify is a refusal),
 * and, per {@link CosignerSet}, keeps the signatures of the first {@code quorum} members that signed each subtree.
 * It stops waiting as soon as every set has its quorum on every subtree (the rest are cancelled) or when the last
 * member answered or timed out. Every failure is logged with the cosigner ID and the reason (never a key).
 */
final class CosignerQuorum implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CosignerQuorum.class.getName());

    /** A set as clients: the first {@code quorum} members to answer count. */
    record Group(int quorum, List<CosignerClient> members) {
        Group {
            members = List.copyOf(members);
        }
    }

    /**
     * The signatures a run obtained.
     *
     * @param signatures per subtree (same order), the external signatures when every set reached its quorum on it
     * @param missing    why the quorum was not met, for the log ("" when it was met on every subtree)
     */
    record Outcome(List<Optional<List<SubtreeSignature>>> signatures, String missing) {}

    private final List<Group> groups;
    private final ExecutorService pool;

    private CosignerQuorum(List<Group> groups) {
        this.groups = List.copyOf(groups);
        this.pool = groups.isEmpty() ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mtc-ca-cosigner");
            t.setDaemon(true);
            return t;
        });
    }

    /** The HTTP clients of {@code ca.json}'s cosigner sets. */
    static CosignerQuorum of(List<CosignerSet> sets) {
        List<Group> gs = new ArrayList<>();
        for (CosignerSet s : sets) {
            gs.add(new Group(s.quorum(), s.members().stream().map(CosignerClient::http).toList()));
        }
        return new CosignerQuorum(gs);
    }

    /** Clients given by the caller: each one is required. */
    static CosignerQuorum allOf(List<CosignerClient> clients) {
        List<Group> gs = new ArrayList<>();
        for (CosignerClient c : clients) {
            gs.add(new Group(1, List.of(c)));
        }
        return new CosignerQuorum(gs);
    }

    /** @return whether no external cosigner is configured (every run's quorum is met at once) */
    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** One member's answer, verified. */
    private record Answer(int group, int member, List<Optional<byte[]>> signatures) {}

    /** Asks every member for {@code r}'s subtrees and keeps each set's first {@code quorum} valid answers. */
    Outcome collect(Profile profile, CosignerClient.Request r) {
        int n = r.subtrees().size();
        if (groups.isEmpty()) {
            List<Optional<List<SubtreeSignature>>> none = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                none.add(Optional.of(List.of()));
            }
            return new Outcome(none, "");
        }
        ExecutorCompletionService<Answer> done = new ExecutorCompletionService<>(pool);
        List<Future<Answer>> futures = new ArrayList<>();
        List<long[]> pending = new ArrayList<>(); // {group, member, deadline nanos, future index}
        long now = System.nanoTime();
        for (int g = 0; g < groups.size(); g++) {
            for (int m = 0; m < groups.get(g).members().size(); m++) {
                CosignerClient c = groups.get(g).members().get(m);
                int gg = g;
                int mm = m;
                futures.add(done.submit(() -> new Answer(gg, mm, verified(profile, c, r))));
                pending.add(new long[] {g, m, now + c.timeout().toNanos(), futures.size() - 1});
            }
        }
        List<Answer> answers = new ArrayList<>(); // in the order they completed
        List<String> failures = new ArrayList<>();
        try {
            while (!pending.isEmpty() && !met(answers, n)) {
                long next = pending.stream().mapToLong(p -> p[2]).min().orElseThrow();
                Future<Answer> f = done.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f != null) {
                    int idx = futures.indexOf(f);
                    pending.removeIf(p -> p[3] == idx);
                    try {
                        answers.add(f.get());
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        failures.add(failed(futures, idx, r, c instanceof java.io.IOException && c.getMessage()
                                != null ? c.getMessage() : c.toString()));
                    } catch (CancellationException e) {
                        // cancelled at its deadline below: already counted
                    }
                    continue;
                }
                long t = System.nanoTime();
                for (long[] p : List.copyOf(pending)) {
                    if (p[2] - t <= 0) {
                        futures.get((int) p[3]).cancel(true);
                        pending.remove(p);
                        CosignerClient c = groups.get((int) p[0]).members().get((int) p[1]);
                        failures.add(failed(futures, (int) p[3], r, "no answer within " + DurationText.format(
                                c.timeout())));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        } finally {
            // the quorum is met (or nothing more can come): the redundant members still asked are not waited for
            for (long[] p : pending) {
                futures.get((int) p[3]).cancel(true);
            }
        }
        return outcome(answers, n, failures);
    }

    private String failed(List<Future<Answer>> futures, int idx, CosignerClient.Request r, String why) {
        CosignerClient c = client(idx);
        LOG.log(Level.WARNING, "ca.cosign.failed cosigner={0} log={1} subtrees={2} reason={3}", c.cosigner().id(),
                r.logId(), r.subtrees().size(), why);
        return c.cosigner().id() + ": " + why;
    }

    private CosignerClient client(int flatIndex) {
        int i = flatIndex;
        for (Group g : groups) {
            if (i < g.members().size()) {
                return g.members().get(i);
            }
            i -= g.members().size();
        }
        throw new IndexOutOfBoundsException(flatIndex);
    }

    /** Asks {@code c} and keeps only the signatures that verify under its key. */
    private static List<Optional<byte[]>> verified(Profile profile, CosignerClient c, CosignerClient.Request r)
            throws Exception {
        List<Optional<byte[]>> got = c.cosign(r);
        if (got.size() != r.subtrees().size()) {
            throw new java.io.IOException("answered " + got.size() + " subtrees of " + r.subtrees().size());
        }
        List<byte[]> hashes = r.hashes();
        List<Optional<byte[]>> out = new ArrayList<>();
        for (int k = 0; k < got.size(); k++) {
            Subtree s = r.subtrees().get(k);
            Optional<byte[]> sig = got.get(k);
            if (sig.isPresent() && !c.cosigner().verifySubtreeSignature(profile, r.logId(), s.start(), s.end(),
                    hashes.get(k), sig.get())) {
                LOG.log(Level.WARNING, "ca.cosign.invalid cosigner={0} log={1} subtree=[{2},{3}) reason=the subtree"
                        + " signature does not verify under the configured key", c.cosigner().id(), r.logId(),
                        s.start(), s.end());
                sig = Optional.empty();
            }
            out.add(sig);
        }
        return out;
    }

    /** Whether every set has {@code quorum} answers with a signature on every one of the {@code n} subtrees. */
    private boolean met(List<Answer> answers, int n) {
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 0; k < n; k++) {
                if (signers(answers, g, k).size() < groups.get(g).quorum()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Answer> signers(List<Answer> answers, int g, int k) {
        List<Answer> out = new ArrayList<>();
        for (Answer a : answers) {
            if (a.group() == g && a.signatures().get(k).isPresent()) {
                out.add(a);
            }
        }
        return out;
    }

    private Outcome outcome(List<Answer> answers, int n, List<String> failures) {
        List<Optional<List<SubtreeSignature>>> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<SubtreeSignature> sigs = new ArrayList<>();
            boolean ok = true;
            for (int g = 0; g < groups.size(); g++) {
                List<Answer> by = signers(answers, g, k);
                int q = groups.get(g).quorum();
                if (by.size() < q) {
                    ok = false;
                    missing.add("subtree " + k + ": set " + g + " has " + by.size() + " of " + q);
                    continue;
                }
                for (Answer a : by.subList(0, q)) {
                    sigs.add(new SubtreeSignature(groups.get(g).members().get(a.member()).cosigner().id(),
                            a.signatures().get(k).orElseThrow()));
                }
            }
            out.add(ok ? Optional.of(List.copyOf(sigs)) : Optional.empty());
        }
        if (!missing.isEmpty()) {
            missing.addAll(failures);
        }
        return new Outcome(out, String.join("; ", missing));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
