package io.mtc4j.log.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP answer as the cosigner clients return it ({@link io.mtc4j.log.witness.WitnessClient} for tlog-witness,
 * {@link io.mtc4j.log.mirror.MirrorClient} for tlog-mirror): the status, the Content-Type and the body, whatever
 * they are (the conformance checkers judge answers the spec forbids too).
 *
 * @param status      the HTTP status code
 * @param contentType the Content-Type, {@code ""} if none
 * @param body        the body
 */
public record HttpReply(int status, String contentType, byte[] body) {
    /**
     * Copies the body.
     *
     * @param status      the HTTP status code
     * @param contentType the Content-Type, {@code ""} if none
     * @param body        the body
     */
    public HttpReply {
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
    }

    /**
     * The body.
     *
     * @return a copy
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The status and the body's text, cut after 200 characters, for messages.
     *
     * @return {@code <status> <text>}
     */
    @Override
    public String toString() {
        String t = text();
        return status + " " + (t.length() > 200 ? t.substring(0, 200) + "..." : t).strip();
    }
}
