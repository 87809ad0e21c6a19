package io.mtc4j.log.http;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, rendered in the Prometheus text exposition format (version 0.0.4): requests by status
 * code, body bytes sent, and per log the checkpoint's tree size and age.
 */
final class ServerMetrics {
    private final LongAdder[] byStatus = new LongAdder[600];
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    ServerMetrics() {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new LongAdder();
        }
    }

    void response(int status, long bodyBytes) {
        byStatus[status >= 100 && status < 600 ? status : 0].increment();
        bytesSent.add(bodyBytes);
    }

    void overloaded() {
        rejected.increment();
    }

    long requests(int status) {
        return byStatus[status].sum();
    }

    /** One log's gauges at scrape time. */
    record LogGauges(long treeSize, double checkpointAgeSeconds) {}

    /** The exposition text: counters, then per-log gauges ({@code logs} in the order the server lists them). */
    String render(Map<String, LogGauges> logs, int inFlight, long cacheBytes, long accessLogDropped) {
        StringBuilder sb = new StringBuilder(1024);
        header(sb, "mtc_log_http_requests_total", "counter", "HTTP requests answered, by status code.");
        for (int s = 0; s < byStatus.length; s++) {
            long n = byStatus[s].sum();
            if (n > 0) {
                sb.append("mtc_log_http_requests_total{code=\"").append(s).append("\"} ").append(n).append('\n');
            }
        }
        header(sb, "mtc_log_http_response_bytes_total", "counter", "Response body bytes sent (HEAD sends none).");
        sb.append("mtc_log_http_response_bytes_total ").append(bytesSent.sum()).append('\n');
        header(sb, "mtc_log_http_overload_rejections_total", "counter",
                "Requests answered 429 because the concurrency limit was reached.");
        sb.append("mtc_log_http_overload_rejections_total ").append(rejected.sum()).append('\n');
        header(sb, "mtc_log_http_requests_in_flight", "gauge",
                "Log requests holding one of the concurrency limit's permits (health and metrics hold none).");
        sb.append("mtc_log_http_requests_in_flight ").append(inFlight).append('\n');
        header(sb, "mtc_log_http_cache_bytes", "gauge", "Bytes of immutable tiles and bundles held in memory.");
        sb.append("mtc_log_http_cache_bytes ").append(cacheBytes).append('\n');
        header(sb, "mtc_log_http_access_log_dropped_total", "counter",
                "Access log lines dropped because the log writer fell behind.");
        sb.append("mtc_log_http_access_log_dropped_total ").append(accessLogDropped).append('\n');
        header(sb, "mtc_log_tree_size", "gauge", "Tree size of the checkpoint served, by log (its number, or a mirror's origin hash).");
        logs.forEach((n, g) -> sb.append("mtc_log_tree_size{log=\"").append(n).append("\"} ").append(g.treeSize)
                .append('\n'));
        header(sb, "mtc_log_checkpoint_age_seconds", "gauge", "Seconds since the checkpoint served was made: its"
                + " newest subtree/v1 cosignature timestamp, else when this server first saw it.");
        logs.forEach((n, g) -> sb.append("mtc_log_checkpoint_age_seconds{log=\"").append(n).append("\"} ")
                .append(g.checkpointAgeSeconds).append('\n'));
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
