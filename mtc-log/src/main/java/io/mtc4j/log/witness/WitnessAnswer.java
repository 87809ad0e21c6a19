package io.mtc4j.log.witness;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One answer of the witness: an HTTP status, a content type and a body, plus a reason for the logs (never a key).
 *
 * @param status      the HTTP status code
 * @param contentType the body's media type
 * @param body        the body
 * @param reason      why, for the structured log (one line; {@code ok} for a success)
 */
public record WitnessAnswer(int status, String contentType, byte[] body, String reason) {
    /** The media type of tlog-witness 409 bodies. */
    public static final String TLOG_SIZE = "text/x.tlog.size";
    /** The media type of signature lines and errors. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /**
     * Checks the components and copies the body.
     *
     * @param status      the HTTP status code
     * @param contentType the body's media type
     * @param body        the body
     * @param reason      why, for the structured log
     */
    public WitnessAnswer {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(reason, "reason");
        body = body.clone();
    }

    /**
     * The body.
     *
     * @return a copy of the body
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * A text answer whose body is {@code text}.
     *
     * @param status the status code
     * @param text   the body (and the reason)
     * @return the answer
     */
    static WitnessAnswer text(int status, String text) {
        return new WitnessAnswer(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), text);
    }

    /**
     * A refusal naming the field and the rule it broke.
     *
     * @param e the refusal
     * @return the answer
     */
    static WitnessAnswer refusal(WitnessRefusal e) {
        return text(e.status(), e.getMessage());
    }
}
