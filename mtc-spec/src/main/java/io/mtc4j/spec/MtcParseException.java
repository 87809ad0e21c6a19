package io.mtc4j.spec;

import java.util.Objects;

/**
 * Input bytes or text that do not follow the wire format. Every parser in mtc4j throws only this type
 * for bad input; its message is {@code "<field>: <rule>"}, naming the field that broke the rule.
 */
public final class MtcParseException extends MtcException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String rule;

    /**
     * An exception with the given detail.
     *
     * @param field the field's name, for error messages
     * @param rule the rule it breaks
     */
    public MtcParseException(String field, String rule) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
        this.field = field;
        this.rule = rule;
    }

    /**
     * An exception with the given detail.
     *
     * @param field the field's name, for error messages
     * @param rule the rule it breaks
     * @param cause the cause
     */
    public MtcParseException(String field, String rule, Throwable cause) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"), cause);
        this.field = field;
        this.rule = rule;
    }

    /**
     * The structure field whose bytes broke the rule, e.g. {@code "MTCProof.inclusion_proof"}.
     *
     * @return the structure field whose bytes broke the rule, e.g
     */
    public String field() {
        return field;
    }

    /**
     * The rule that was broken, e.g. {@code "length is not a multiple of HASH_SIZE (32)"}.
     *
     * @return the rule that was broken, e.g
     */
    public String rule() {
        return rule;
    }

    /**
     * The same error with {@code outer + "."} prefixed to the field, for nested structures.
     *
     * @param outer the outer element
     * @return the same error with {@code outer + "."} prefixed to the field, for nested structures
     */
    public MtcParseException within(String outer) {
        return new MtcParseException(outer + "." + field, rule, this);
    }
}
