package io.mtc4j.ca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.der.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The CA's JSON intake API (CA-API.md), asked before the log routes: {@code POST /v1/requests}, {@code GET
 * /v1/certificates/<serial>/standalone|landmark}, {@code GET /v1/ca.pem}, {@code GET /healthz}, {@code GET
 * /metrics}. Everything else is left to the log server. A submission is answered once its entries are durable in
 * the log (the future of {@link CertificationAuthority#submit}); the request thread does not wait for it.
 */
final class IntakeHandler extends Handler.Abstract {
    static final int MAX_BATCH = 1000;
    /** 1000 requests with CSRs of large keys fit; more is refused before parsing (413). */
    static final int MAX_BODY = 16 << 20;
    private static final Pattern CERT_PATH = Pattern.compile("/v1/certificates/(0|[1-9][0-9]{0,19})/(standalone|landmark)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a submission waits for a free checker before it is answered 429. */
    private static final long PERMIT_WAIT_MILLIS = 2_000;

    private final CertificationAuthority ca;
    private final RequestChecker checker;
    /**
     * Submissions parsed and checked at once: one per processor. The checks are CPU work; unbounded, a burst of
     * large batches starves the issuance run of the CPU it needs to answer them.
     */
    private final java.util.concurrent.Semaphore checking = new java.util.concurrent.Semaphore(
            Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final AtomicLong[] byStatus = new AtomicLong[6];

    IntakeHandler(CertificationAuthority ca, RequestChecker checker) {
        this.ca = ca;
        this.checker = checker;
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new AtomicLong();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null) {
            return false;
        }
        boolean get = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
        if (path.equals("/healthz") && get) {
            health(response, callback);
        } else if (path.equals("/metrics") && get) {
            send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics());
        } else if (path.equals("/v1/requests")) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                error(response, callback, 405, "method", "method", "only POST");
            } else {
                submit(request, response, callback);
            }
        } else if (path.equals("/v1/ca.pem") && get) {
            send(response, callback, 200, "application/pem-certificate-chain",
                    Pem.encode("CERTIFICATE", ca.caCertificate()));
        } else if (path.startsWith("/v1/")) {
            Matcher m = CERT_PATH.matcher(path);
            if (m.matches() && get) {
                certificate(response, callback, new BigInteger(m.group(1)), m.group(2).equals("standalone"));
            } else {
                error(response, callback, 404, "not-found", "path", "no such resource");
            }
        } else {
            return false;
        }
        return true;
    }

    private void health(Response response, Callback callback) {
        ObjectNode o = JSON.createObjectNode();
        boolean ok = ca.failure().isEmpty();
        o.put("status", ok ? "ok" : "failed");
        ca.failure().ifPresent(f -> o.put("detail", f));
        o.put("currentLog", ca.currentLog());
        o.put("treeSize", ca.treeSize());
        o.put("pending", ca.pending());
        // runs whose standalone certificates wait for the external cosigners' quorum: the CA still issues
        o.put("waitingRuns", ca.waitingRuns());
        // runs acknowledged whose standalone certificates the standalone stage has not yet taken up
        o.put("queuedRuns", ca.queuedRuns());
        send(response, callback, ok ? 200 : 503, "application/json", o + "\n");
    }

    private String metrics() {
        StringBuilder b = new StringBuilder(ca.metrics().render(ca.currentLog(), ca.treeSize(), ca.pending(),
                ca.failure().isEmpty()));
        b.append("# HELP mtc_ca_standalone_waiting_runs runs whose standalone certificates wait for the external"
                + " cosigners' quorum\n# TYPE mtc_ca_standalone_waiting_runs gauge\nmtc_ca_standalone_waiting_runs ")
                .append(ca.waitingRuns()).append('\n');
        b.append("# HELP mtc_ca_standalone_queued_runs runs acknowledged whose standalone certificates the standalone"
                + " stage has not yet taken up\n# TYPE mtc_ca_standalone_queued_runs gauge\n"
                + "mtc_ca_standalone_queued_runs ").append(ca.queuedRuns()).append('\n');
        b.append("# HELP mtc_ca_http_responses_total intake API responses by status class\n")
                .append("# TYPE mtc_ca_http_responses_total counter\n");
        for (int i = 1; i < byStatus.length; i++) {
            b.append("mtc_ca_http_responses_total{code=\"").append(i).append("xx\"} ").append(byStatus[i].get())
                    .append('\n');
        }
        return b.toString();
    }

    private void certificate(Response response, Callback callback, BigInteger serial, boolean standalone) {
        CertificateStatus s = standalone ? ca.standalone(serial) : ca.landmarkRelative(serial);
        switch (s.state()) {
            case ISSUED -> send(response, callback, 200, "application/pem-certificate-chain",
                    Pem.encode("CERTIFICATE", s.certificate().orElseThrow()));
            case PENDING -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, retrySeconds(standalone));
                send(response, callback, 202, "application/json", "{\"status\":\"pending\"}\n");
            }
            case GONE -> error(response, callback, 410, "gone", "serial", "this certificate will never exist (the"
                    + " log was rolled over before a landmark covered the entry)");
            default -> error(response, callback, 404, "unknown-serial", "serial", "no entry has this serial");
        }
    }

    /** A standalone certificate appears with the next run; a landmark-relative one with the next landmark. */
    private long retrySeconds(boolean standalone) {
        long ms = (standalone ? ca.config().checkpointInterval() : ca.config().landmarkInterval()).toMillis();
        return Math.max(1, Math.min((ms + 999) / 1000, 3600));
    }

    private void submit(Request request, Response response, Callback callback) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the body is left unread
            error(response, callback, 415, "content-type", "Content-Type", "must be application/json");
            return;
        }
        boolean admitted;
        try {
            admitted = checking.tryAcquire(PERMIT_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            ca.metrics().refused();
            overloaded(response, callback, new OverloadedException(OverloadedException.Reason.POOL_FULL,
                    java.time.Duration.ofSeconds(1), "every request checker is busy"));
            return;
        }
        try {
            check(request, response, callback);
        } finally {
            checking.release();
        }
    }

    private void check(Request request, Response response, Callback callback) {
        JsonNode body;
        try {
            byte[] bytes = readBounded(request);
            if (bytes == null) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body is unread
                error(response, callback, 413, "too-large", "body", "over " + MAX_BODY + " bytes");
                return;
            }
            body = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            error(response, callback, 400, "malformed-json", "body", e.getOriginalMessage());
            return;
        } catch (IOException e) {
            error(response, callback, 400, "unreadable", "body", e.toString());
            return;
        }
        if (body == null || !body.isObject()) {
            error(response, callback, 400, "malformed-json", "body", "must be a JSON object {\"requests\": [...]}");
            return;
        }
        JsonNode rs = body.get("requests");
        if (body.size() != 1 || rs == null || !rs.isArray() || rs.isEmpty() || rs.size() > MAX_BATCH) {
            error(response, callback, 400, "requests", "requests", "must be the only field, an array of 1 to "
                    + MAX_BATCH + " request objects");
            return;
        }
        List<IssuanceRequest> requests = new ArrayList<>(rs.size());
        CompletableFuture<List<IssuedCertificate>> done;
        try {
            for (int i = 0; i < rs.size(); i++) {
                String field = "requests[" + i + "]";
                JsonNode r = rs.get(i);
                if (!r.isObject()) {
                    throw new CaException(field, "object", "must be a JSON object");
                }
                requests.add(checker.check(r, field));
            }
            done = ca.submit(requests);
        } catch (CaException e) {
            error(response, callback, 400, e.rule(), e.field(), e.getMessage());
            return;
        } catch (OverloadedException e) {
            overloaded(response, callback, e);
            return;
        }
        String base = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        // answered on the server's threads: the run completes every batch's future, and its own thread goes on to
        // the standalone certificates instead of writing up to a thousand answers
        done.whenCompleteAsync((issued, failure) -> {
            if (failure != null) {
                Throwable t = failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure;
                overloaded(response, callback, t instanceof OverloadedException o ? o : new OverloadedException(
                        OverloadedException.Reason.UNAVAILABLE, java.time.Duration.ofSeconds(5), t.toString()));
                return;
            }
            send(response, callback, 200, "application/json", certificates(base, issued));
        }, answering(request.getComponents().getExecutor()));
    }

    /** The server's executor, or the completing thread itself when the executor refuses (never an unanswered POST). */
    private static java.util.concurrent.Executor answering(java.util.concurrent.Executor server) {
        return task -> {
            try {
                server.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /**
     * {@code {"certificates": [{"serial", "log", "index", "standalone", "landmark"}, ...]}}, written directly (up to
     * 1,000 objects an answer, on the path of every acknowledgement).
     */
    static String certificates(String base, List<IssuedCertificate> issued) {
        String prefix = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(base
                + "/v1/certificates/"));
        StringBuilder b = new StringBuilder(32 + issued.size() * (2 * prefix.length() + 120));
        b.append("{\"certificates\":[");
        for (int i = 0; i < issued.size(); i++) {
            IssuedCertificate c = issued.get(i);
            String serial = c.serial().toString();
            b.append(i == 0 ? "{" : ",{").append("\"serial\":\"").append(serial).append("\",\"log\":")
                    .append(c.logNumber()).append(",\"index\":").append(c.index()).append(",\"standalone\":\"")
                    .append(prefix).append(serial).append("/standalone\",\"landmark\":\"").append(prefix)
                    .append(serial).append("/landmark\"}");
        }
        return b.append("]}\n").toString();
    }

    private static byte[] readBounded(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : b;
        }
    }

    private void overloaded(Response response, Callback callback, OverloadedException e) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.max(1, e.retryAfter().getSeconds()));
        // the body may be unread: say the connection ends, so a client does not send its next request on it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        int status = e.reason() == OverloadedException.Reason.POOL_FULL ? 429 : 503;
        ObjectNode o = JSON.createObjectNode();
        o.put("error", "overloaded");
        o.put("detail", e.getMessage());
        send(response, callback, status, "application/json", o + "\n");
    }

    private void error(Response response, Callback callback, int status, String rule, String field, String detail) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", rule);
        o.put("field", field);
        o.put("detail", detail == null ? "" : detail);
        send(response, callback, status, "application/json", o + "\n");
    }

    private void send(Response response, Callback callback, int status, String type, String body) {
        byStatus[Math.min(5, status / 100)].incrementAndGet();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
