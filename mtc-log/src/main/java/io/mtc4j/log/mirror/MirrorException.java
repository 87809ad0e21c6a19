package io.mtc4j.log.mirror;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A refusal with the HTTP status tlog-witness or tlog-mirror prescribes for it, a message naming the field or the
 * rule, and the body the spec fixes for that status (a {@code text/x.tlog.size} or {@code text/x.tlog.mirror-info}
 * body for 409 and 202), else the message as plain text.
 */
public final class MirrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** tlog-witness §"add-checkpoint": the 409 body type. */
    public static final String SIZE_TYPE = "text/x.tlog.size";

    private final int status;
    private final String contentType;
    private final byte[] body;

    private MirrorException(int status, String message, String contentType, byte[] body) {
        super(message);
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.body = body.clone();
    }

    /**
     * A refusal whose body is the message.
     *
     * @param status  the HTTP status
     * @param message the reason, naming the field and the rule
     * @return the exception
     */
    public static MirrorException of(int status, String message) {
        return new MirrorException(status, message, "text/plain; charset=utf-8",
                (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * tlog-witness §"add-checkpoint": 409 with the size of the latest checkpoint in a {@code text/x.tlog.size}
     * body.
     *
     * @param latest  the latest size
     * @param message the reason
     * @return the exception
     */
    static MirrorException sizeConflict(long latest, String message) {
        return new MirrorException(409, message, SIZE_TYPE,
                (Long.toUnsignedString(latest) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * tlog-mirror §"add-entries": 409 with a {@code text/x.tlog.mirror-info} body.
     *
     * @param info    the body
     * @param message the reason
     * @return the exception
     */
    static MirrorException infoConflict(MirrorInfo info, String message) {
        return new MirrorException(409, message, MirrorInfo.CONTENT_TYPE, info.format());
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The response body's media type.
     *
     * @return the content type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The response body.
     *
     * @return a copy of the body
     */
    public byte[] body() {
        return body.clone();
    }
}
