package io.mtc4j.ca.acme;

/**
 * An RFC 8555 §6.7 problem document ({@code urn:ietf:params:acme:error:<type>}) with the HTTP status, a detail and
 * the request field it is about. Thrown before any state changes, so a refusal has no side effects.
 */
final class AcmeProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final int status;
    private final String field;

    AcmeProblem(String type, int status, String field, String detail) {
        super(detail);
        this.type = type;
        this.status = status;
        this.field = field;
    }

    static AcmeProblem malformed(String field, String detail) {
        return new AcmeProblem("malformed", 400, field, detail);
    }

    static AcmeProblem unauthorized(String field, String detail) {
        return new AcmeProblem("unauthorized", 403, field, detail);
    }

    /** @return the error type's last URN component, e.g. {@code badNonce} */
    String type() {
        return type;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
