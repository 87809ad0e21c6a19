package io.mtc4j.conformance.cacmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mtc ca load --url URL --rate N --duration D}: a load generator for the intake API (like Tessera's
 * "hammer"). Offers N requests/s as batched JSON submissions ({@code --batch}, default 1000 a batch) with
 * pregenerated P-256 keys and distinct DNS names, keeps at most {@code --concurrency} batches in flight (a tick that
 * finds them all busy is counted as "behind"), and reports accepted requests/s, certificates/s and the time from a
 * batch's acknowledgement to its standalone certificate (p50/p90/p99). Overload answers (429/503) are counted, not
 * retried: the figure is what the CA accepts.
 */
final class LoadCommand {
    static final String USAGE = String.join("\n",
            "       mtc ca load --url URL --rate N --duration D [--batch B] [--concurrency C] [--json]",
            "",
            "load     offers N requests/s to the intake API at URL (the 'api:' URL) for D (e.g. 30s), in JSON batches of",
            "         B (default 1000) with pregenerated P-256 keys, at most C batches in flight (default 64). Reports",
            "         accepted requests/s, certificates/s (a batch counts once its last standalone certificate is served)",
            "         and time-to-standalone p50/p90/p99 from each batch's acknowledgement (polled every 50 ms).",
            "         Progress every 5 s on stderr; --json prints the report as one JSON object.");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEYS = 256;
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long the end of a run waits for answers and certificates: at least a minute, else three run lengths. */
    private static final Duration MIN_GRACE = Duration.ofSeconds(60);

    private LoadCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("--json"), Set.of("--url", "--rate", "--duration", "--batch",
                "--concurrency"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("load takes no positional arguments, got " + a.positional());
        }
        URI url = URI.create(a.value("--url").orElseThrow(() -> new UsageException("missing --url URL")));
        double rate = positive(a.value("--rate").orElseThrow(() -> new UsageException("missing --rate N")), "--rate");
        Duration duration = SubmitCommand.duration(a.value("--duration").orElseThrow(() ->
                new UsageException("missing --duration D")));
        int batch = (int) positive(a.value("--batch").orElse("1000"), "--batch");
        int concurrency = (int) positive(a.value("--concurrency").orElse("64"), "--concurrency");
        if (batch > 1000) {
            throw new UsageException("--batch is at most 1000 (the API's limit)");
        }
        batch = (int) Math.max(1, Math.min(batch, Math.ceil(rate)));
        Report report = new Run(new IntakeClient(url), rate, duration, batch, concurrency, err).run();
        if (a.flag("--json")) {
            out.println(JSON.writeValueAsString(report.json()));
        } else {
            report.print(out);
        }
        return report.accepted() > 0 && report.errors() == 0 ? 0 : 1;
    }

    private static double positive(String text, String flag) {
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(flag + " must be a positive number, not " + text);
    }

    /** What a run measured. */
    record Report(double seconds, long offered, long accepted, long refused, long overloaded, long behind,
            long errors, long certificates, double certificateSeconds, List<Long> latenciesMillis) {
        double acceptedPerSecond() {
            return accepted / seconds;
        }

        double certificatesPerSecond() {
            return certificateSeconds <= 0 ? 0 : certificates / certificateSeconds;
        }

        long percentile(double p) {
            if (latenciesMillis.isEmpty()) {
                return -1;
            }
            List<Long> s = new ArrayList<>(latenciesMillis);
            Collections.sort(s);
            return s.get((int) Math.min(s.size() - 1, Math.ceil(p / 100 * s.size()) - 1));
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "duration: %.1fs%n", seconds);
            out.printf(Locale.ROOT, "requests: offered %d accepted %d refused %d overloaded %d behind %d errors %d%n",
                    offered, accepted, refused, overloaded, behind, errors);
            out.printf(Locale.ROOT, "accepted requests/s: %.0f%n", acceptedPerSecond());
            out.printf(Locale.ROOT, "certificates/s: %.0f%n", certificatesPerSecond());
            out.printf(Locale.ROOT, "time-to-standalone p50: %d ms p90: %d ms p99: %d ms (%d batches)%n",
                    percentile(50), percentile(90), percentile(99), latenciesMillis.size());
        }

        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("seconds", seconds).put("offered", offered).put("accepted", accepted).put("refused", refused)
                    .put("overloaded", overloaded).put("behind", behind).put("errors", errors)
                    .put("acceptedPerSecond", acceptedPerSecond()).put("certificates", certificates)
                    .put("certificatesPerSecond", certificatesPerSecond());
            o.putObject("timeToStandaloneMillis").put("p50", percentile(50)).put("p90", percentile(90))
                    .put("p99", percentile(99)).put("samples", latenciesMillis.size());
            return o;
        }
    }

    /** One load run. */
    private static final class Run {
        private final IntakeClient client;
        private final double rate;
        private final Duration duration;
        private final int batch;
        private final int concurrency;
        private final PrintStream err;
        private final List<String> keys;
        private final AtomicLong offered = new AtomicLong();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong overloaded = new AtomicLong();
        private final AtomicLong behind = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicLong certificates = new AtomicLong();
        private final AtomicLong inFlight = new AtomicLong();
        private final AtomicLong lastCertificateNanos = new AtomicLong();
        private final AtomicLong sequence = new AtomicLong();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<CompletableFuture<?>> work = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "mtc-ca-load");
            t.setDaemon(true);
            return t;
        });
        private final String runId = Long.toString(System.currentTimeMillis(), 36);
        private long startNanos;

        Run(IntakeClient client, double rate, Duration duration, int batch, int concurrency, PrintStream err)
                throws GeneralSecurityException {
            this.client = client;
            this.rate = rate;
            this.duration = duration;
            this.batch = batch;
            this.concurrency = concurrency;
            this.err = err;
            this.keys = pregenerateKeys();
        }

        private static List<String> pregenerateKeys() throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                out.add(Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded()));
            }
            return out;
        }

        Report run() throws InterruptedException {
            long periodNanos = (long) (batch / rate * 1e9);
            startNanos = System.nanoTime();
            err.printf(Locale.ROOT, "load: %.0f requests/s in batches of %d for %s against %s%n", rate, batch,
                    duration, client.api());
            err.println("load: answers come once the entries are in the log; waiting for them and the certificates"
                    + " after the run is part of the measurement");
            var ticks = timer.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
            var progress = timer.scheduleAtFixedRate(this::progress, 5, 5, TimeUnit.SECONDS);
            Thread.sleep(duration.toMillis());
            ticks.cancel(false);
            long endNanos = System.nanoTime();
            Duration grace = duration.multipliedBy(3).compareTo(MIN_GRACE) > 0 ? duration.multipliedBy(3) : MIN_GRACE;
            long graceEnd = System.nanoTime() + grace.toNanos();
            CompletableFuture<?> f;
            while ((f = work.poll()) != null) {
                try {
                    f.get(Math.max(1, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // counted where it failed
                } catch (java.util.concurrent.TimeoutException e) {
                    err.println("load: work still pending after the grace period; reporting what finished");
                    break;
                }
            }
            progress.cancel(false);
            timer.shutdownNow();
            double seconds = (endNanos - startNanos) / 1e9;
            double certSeconds = (lastCertificateNanos.get() - startNanos) / 1e9;
            return new Report(seconds, offered.get(), accepted.get(), refused.get(), overloaded.get(), behind.get(),
                    errors.get(), certificates.get(), certSeconds, List.copyOf(latencies));
        }

        /** Counts an error; the first few are printed, so a failing run says why. */
        private void error(String what) {
            if (errors.incrementAndGet() <= 5) {
                err.println("load: error: " + what);
            }
        }

        private void progress() {
            double t = (System.nanoTime() - startNanos) / 1e9;
            err.printf(Locale.ROOT, "t=%.0fs accepted=%d (%.0f/s) certificates=%d overloaded=%d behind=%d"
                    + " errors=%d%n", t, accepted.get(), accepted.get() / t, certificates.get(), overloaded.get(),
                    behind.get(), errors.get());
        }

        private void tick() {
            if (inFlight.get() >= concurrency) {
                behind.incrementAndGet();
                return;
            }
            inFlight.incrementAndGet();
            byte[] body = body();
            offered.addAndGet(batch);
            CompletableFuture<?> f = client.submitAsync(body).handle((s, e) -> {
                inFlight.decrementAndGet();
                if (e != null) {
                    error("POST " + client.api() + "/v1/requests: " + e);
                    return CompletableFuture.completedFuture(null);
                }
                if (s instanceof IntakeClient.Accepted acc) {
                    accepted.addAndGet(acc.certificates().size());
                    IntakeClient.Issued last = acc.certificates().get(acc.certificates().size() - 1);
                    return awaitStandalone(last.standalone(), System.nanoTime(), acc.certificates().size());
                }
                if (s instanceof IntakeClient.Overloaded) {
                    overloaded.addAndGet(batch);
                } else {
                    refused.addAndGet(batch);
                    IntakeClient.Refused r = (IntakeClient.Refused) s;
                    err.println("refused: " + r.field() + ": " + r.error() + ": " + r.detail());
                }
                return CompletableFuture.completedFuture(null);
            }).thenCompose(x -> x);
            work.add(f);
        }

        /** Polls the batch's last standalone certificate every POLL until it is served. */
        private CompletableFuture<Void> awaitStandalone(URI url, long ackNanos, int count) {
            return client.fetchAsync(url).thenCompose(fetched -> {
                if (fetched.status() == 200) {
                    long now = System.nanoTime();
                    latencies.add((now - ackNanos) / 1_000_000);
                    certificates.addAndGet(count);
                    lastCertificateNanos.accumulateAndGet(now, Math::max);
                    return CompletableFuture.completedFuture((Void) null);
                }
                if (fetched.status() != 202) {
                    error("GET " + url + " answered " + fetched.status());
                    return CompletableFuture.completedFuture((Void) null);
                }
                CompletableFuture<Void> later = new CompletableFuture<>();
                timer.schedule(() -> awaitStandalone(url, ackNanos, count).whenComplete((v, e) -> {
                    if (e != null) {
                        later.completeExceptionally(e);
                    } else {
                        later.complete(v);
                    }
                }), POLL.toMillis(), TimeUnit.MILLISECONDS);
                return later;
            }).exceptionally(e -> {
                error("GET " + url + ": " + e);
                return null;
            });
        }

        /** {"requests": [{"dns": ["<n>.<run>.load.test"], "spki": "<key>"}, ...]}. */
        private byte[] body() {
            StringBuilder b = new StringBuilder(batch * 180).append("{\"requests\":[");
            for (int i = 0; i < batch; i++) {
                long n = sequence.getAndIncrement();
                b.append(i == 0 ? "" : ",").append("{\"dns\":[\"h").append(n).append('.').append(runId)
                        .append(".load.test\"],\"spki\":\"").append(keys.get((int) (n % KEYS))).append("\"}");
            }
            return b.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        }
    }
}
