package io.mtc4j.conformance.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * GET requests to one log prefix and nothing else: every URL is {@code <prefix>/<relative path>}, redirects are
 * not followed (a 3xx is reported, never chased), each request has a bounded timeout and each body a bounded
 * size. Answers {@code Content-Encoding: gzip} as tlog-tiles §"Log entries" allows ("Logs MAY use
 * Content-Encoding: gzip with no negotiation"), and asks for {@code gzip, identity} as it recommends.
 */
final class LogHttp {
    /** A response: status, body (decoded from gzip if so encoded), Content-Type (empty if absent). */
    record Response(int status, byte[] body, String contentType, String url) {
        Response {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        boolean ok() {
            return status == 200;
        }
    }

    /** A transport failure or an over-long body; the message names the URL. */
    static final class FetchException extends Exception {
        private static final long serialVersionUID = 1L;

        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final String prefix;
    private final Duration timeout;
    private int requests;

    /** A client for the log at {@code prefix} (no trailing slash). */
    LogHttp(String prefix, Duration timeout) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** The log prefix URL. */
    String prefix() {
        return prefix;
    }

    /** How many requests were sent. */
    int requests() {
        return requests;
    }

    /** The absolute URL of {@code relative} under the prefix. */
    String url(String relative) {
        if (relative.startsWith("/") || relative.contains("..") || relative.contains("?") || relative.contains("#")) {
            throw new IllegalArgumentException("not a plain relative path: " + relative);
        }
        return prefix + "/" + relative;
    }

    /**
     * GETs {@code <prefix>/<relative>}, reading at most {@code maxBytes} of (decoded) body.
     *
     * @throws FetchException on a transport error, a timeout, an unsupported Content-Encoding or a body above
     *     {@code maxBytes}
     */
    Response get(String relative, int maxBytes) throws FetchException {
        String url = url(relative);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout)
                .header("Accept-Encoding", "gzip, identity").build();
        requests++;
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new FetchException("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("GET " + url + ": interrupted", e);
        }
        String encoding = resp.headers().firstValue("Content-Encoding").orElse("identity").trim()
                .toLowerCase(Locale.ROOT);
        byte[] body;
        try (InputStream raw = resp.body()) {
            InputStream in = switch (encoding) {
                case "identity", "" -> raw;
                case "gzip", "x-gzip" -> new GZIPInputStream(raw);
                default -> throw new FetchException("GET " + url + ": unsupported Content-Encoding '" + encoding
                        + "' (asked for gzip, identity)", null);
            };
            body = readAtMost(in, maxBytes, url);
        } catch (IOException e) {
            throw new FetchException("GET " + url + ": reading the body: " + e, e);
        }
        return new Response(resp.statusCode(), body, resp.headers().firstValue("Content-Type").orElse(""), url);
    }

    private static byte[] readAtMost(InputStream in, int maxBytes, String url) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxBytes) {
                throw new FetchException("GET " + url + ": body exceeds " + maxBytes + " bytes", null);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * True if {@code contentType} is {@code want} (e.g. {@code text/plain}), compared case-insensitively, and, if
     * {@code charset} is present, carries that charset parameter.
     */
    static boolean contentTypeIs(String contentType, String want, Optional<String> charset) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(want)) {
            return false;
        }
        if (charset.isEmpty()) {
            return true;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.equalsIgnoreCase(charset.get());
            }
        }
        return false;
    }
}
