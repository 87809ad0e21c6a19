package io.mtc4j.log.client;

import java.util.Objects;

/**
 * One answer of a log to a GET: the object key, where it came from, the status, the Content-Type and the body
 * (decoded from gzip if so encoded). A directory answers 200 with its object or 404. Immutable; the body is copied.
 *
 * @param key         the object key under the log prefix, e.g. {@code checkpoint} or {@code tile/0/000}
 * @param location    the URL or file path the object was read from
 * @param status      the HTTP status (200 or 404 for a directory)
 * @param contentType the Content-Type header, empty if absent or for a directory
 * @param body        the body (empty unless the status is 200)
 */
public record LogResponse(String key, String location, int status, String contentType, byte[] body) {
    public LogResponse {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body itself, not a copy: for this package's verified readers, which never modify it and hand it out only
     * read-only ({@link EntryView}) or copied.
     */
    byte[] bodyShared() {
        return body;
    }

    /** The body's length, without copying it. */
    public int length() {
        return body.length;
    }

    /** True for status 200. */
    public boolean ok() {
        return status == 200;
    }

    /**
     * True if the Content-Type is {@code type} (e.g. {@code text/plain}), compared case-insensitively, and, if
     * {@code charset} is non-null, carries that charset parameter.
     */
    public boolean contentTypeIs(String type, String charset) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(type)) {
            return false;
        }
        if (charset == null) {
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
                return v.equalsIgnoreCase(charset);
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LogResponse[" + location + ", " + status + ", " + body.length + " bytes]";
    }
}
