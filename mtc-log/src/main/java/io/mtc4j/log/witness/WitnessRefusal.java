package io.mtc4j.log.witness;

/**
 * A request the witness refuses, with the status tlog-witness prescribes and a message naming the field and the
 * rule. Nothing is recorded for a refused request.
 */
final class WitnessRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    WitnessRefusal(int status, String field, String rule) {
        super(field + ": " + rule, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
