package io.mtc4j.ca;

/**
 * A CA operation refused or failed: names the field (or file) and the rule, so an operator can fix the input.
 */
public final class CaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String rule;
    private final String detail;

    /**
     * @param field  what was wrong (a file, a configuration field, a request field)
     * @param rule   the rule broken, a short stable token
     * @param detail a sentence for people
     */
    public CaException(String field, String rule, String detail) {
        super(field + ": " + detail + " [" + rule + "]");
        this.field = field;
        this.rule = rule;
        this.detail = detail;
    }

    /**
     * @param field  what was wrong
     * @param rule   the rule broken
     * @param detail a sentence for people
     * @param cause  the underlying failure
     */
    public CaException(String field, String rule, String detail, Throwable cause) {
        super(field + ": " + detail + " [" + rule + "]", cause);
        this.field = field;
        this.rule = rule;
        this.detail = detail;
    }

    /** @return what was wrong: a file, a configuration field or a request field */
    public String field() {
        return field;
    }

    /** @return the rule broken, a short stable token */
    public String rule() {
        return rule;
    }

    /** @return the sentence for people, without the field and rule */
    public String detail() {
        return detail;
    }
}
