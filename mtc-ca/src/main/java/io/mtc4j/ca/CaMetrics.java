package io.mtc4j.ca;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The CA's counters, rendered in the Prometheus text format by the intake server's {@code /metrics}: requests
 * accepted and refused, certificates issued, runs, and where a run's time goes (journal, log append, standalone
 * certificates), so the cost split is visible in production too.
 */
final class CaMetrics {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong runNanos = new AtomicLong();
    private final AtomicLong journalNanos = new AtomicLong();
    private final AtomicLong appendNanos = new AtomicLong();
    private final AtomicLong certNanos = new AtomicLong();
    private final AtomicLong lastLandmark = new AtomicLong();
    private final AtomicLong hashNanos = new AtomicLong();
    private final AtomicLong signNanos = new AtomicLong();
    private final AtomicLong buildNanos = new AtomicLong();
    private final AtomicLong storeNanos = new AtomicLong();

    void hashing(long nanos) {
        hashNanos.addAndGet(nanos);
    }

    void signing(long nanos) {
        signNanos.addAndGet(nanos);
    }

    void building(long nanos) {
        buildNanos.addAndGet(nanos);
    }

    void storing(long nanos) {
        storeNanos.addAndGet(nanos);
    }

    void accepted(int n) {
        accepted.addAndGet(n);
    }

    void refused() {
        refused.incrementAndGet();
    }

    void run(long nanos) {
        runs.incrementAndGet();
        runNanos.addAndGet(nanos);
    }

    /** A run's batch journaled and appended (the run thread). */
    void logged(long journal, long append) {
        journalNanos.addAndGet(journal);
        appendNanos.addAndGet(append);
    }

    /** One pass of the standalone stage (steps 2-6 of the runs it took, the cosigners' answers included). */
    void certificates(long nanos) {
        certNanos.addAndGet(nanos);
    }

    /** A run's standalone certificates stored. */
    void issued(int n) {
        issued.addAndGet(n);
    }

    void landmark(long l) {
        lastLandmark.set(l);
    }

    long issued() {
        return issued.get();
    }

    /** Prometheus text, the CA's state appended by the caller's values. */
    String render(int currentLog, long treeSize, int pending, boolean healthy) {
        StringBuilder b = new StringBuilder();
        counter(b, "mtc_ca_requests_accepted_total", "requests accepted into the pending pool", accepted.get());
        counter(b, "mtc_ca_requests_refused_total", "submissions refused (pool full or unavailable)", refused.get());
        counter(b, "mtc_ca_certificates_issued_total", "standalone certificates issued", issued.get());
        counter(b, "mtc_ca_runs_total", "issuance runs that appended a batch", runs.get());
        seconds(b, "mtc_ca_run_seconds_total", "time in issuance runs (journal, append, acknowledgement)",
                runNanos.get());
        seconds(b, "mtc_ca_journal_seconds_total", "time journaling subject public keys", journalNanos.get());
        seconds(b, "mtc_ca_append_seconds_total", "time appending to the log (tiles, checkpoint, storage)",
                appendNanos.get());
        seconds(b, "mtc_ca_certificates_seconds_total", "time in the standalone stage: signing subtrees,"
                + " the cosigners' answers, building and storing certificates", certNanos.get());
        seconds(b, "mtc_ca_subtree_hash_seconds_total", "of which: leaf and subtree hashes, checked against the"
                + " log's tiles", hashNanos.get());
        seconds(b, "mtc_ca_subtree_sign_seconds_total", "of which: CA and external subtree signatures",
                signNanos.get());
        seconds(b, "mtc_ca_certificate_build_seconds_total", "of which: building the standalone certificates",
                buildNanos.get());
        seconds(b, "mtc_ca_certificate_store_seconds_total", "of which: writing them durably", storeNanos.get());
        gauge(b, "mtc_ca_current_log", "the current log number", currentLog);
        gauge(b, "mtc_ca_tree_size", "the current log's committed size", treeSize);
        gauge(b, "mtc_ca_pending_requests", "requests accepted and not yet logged", pending);
        gauge(b, "mtc_ca_last_landmark", "the last landmark allocated since start", lastLandmark.get());
        gauge(b, "mtc_ca_healthy", "1 while the CA issues", healthy ? 1 : 0);
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void seconds(StringBuilder b, String name, String help, long nanos) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(String.format(java.util.Locale.ROOT, "%.6f",
                        nanos / 1e9)).append('\n');
    }
}
