package io.mtc4j.log.client;

import io.mtc4j.log.storage.LogObjects;

/**
 * Where a log's objects come from: an HTTP prefix ({@link HttpLogTransport}) or a {@link LogObjects} store such as
 * a directory ({@link #of(LogObjects, String)}). Reads are bounded in size; a transport never interprets what it
 * reads (that is {@link LogClient}'s job). Implementations are thread-safe.
 */
public interface LogTransport {
    /**
     * GETs the object {@code key} (relative to the log prefix), reading at most {@code maxBytes} of body.
     *
     * @return the response, whatever its status
     * @throws LogClientException {@code TRANSPORT}, {@code TIMEOUT} or {@code HTTP_STATUS} (5xx) after the
     *     transport's retries, {@code OVERSIZED} for a body above {@code maxBytes}, {@code ENCODING} for an
     *     undecodable body
     */
    LogResponse get(String key, int maxBytes);

    /** Where {@code key} is read from (its URL or path), for messages. */
    String location(String key);

    /** The number of reads sent so far (retries included). */
    long requests();

    /**
     * A transport over a {@link LogObjects} store (a log directory, or any back end): 200 with the object, or 404.
     *
     * @param where names the store in messages (e.g. the directory), prefixed to every key
     */
    static LogTransport of(LogObjects objects, String where) {
        return new ObjectsTransport(objects, where);
    }
}
