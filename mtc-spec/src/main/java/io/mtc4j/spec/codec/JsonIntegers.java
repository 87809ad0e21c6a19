package io.mtc4j.spec.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;

/**
 * The project's one rule for integers in JSON output (the CLI's {@code --json}, the test vectors and the adapter
 * protocol): a non-negative integer up to 2^53 is a JSON number; a larger one, which not every JSON reader holds
 * exactly (RFC 8259 §6), is a decimal string. Unsigned 64-bit values such as serials, indices and subtree bounds
 * all follow it.
 */
public final class JsonIntegers {
    /** 2^53: the largest integer this rule writes as a JSON number. */
    public static final long MAX_EXACT = 1L << 53;
    private static final BigInteger MAX_EXACT_BIG = BigInteger.valueOf(MAX_EXACT);

    private JsonIntegers() {}

    /**
     * An unsigned 64-bit value as a JSON node.
     *
     * @param unsigned the value, read as unsigned (a negative {@code long} is above 2^63)
     * @return a number node up to 2^53, else a decimal text node
     */
    public static JsonNode node(long unsigned) {
        return unsigned >= 0 && unsigned <= MAX_EXACT ? JsonNodeFactory.instance.numberNode(unsigned)
                : JsonNodeFactory.instance.textNode(Long.toUnsignedString(unsigned));
    }

    /**
     * A non-negative integer as a JSON node.
     *
     * @param value the value; negative values are written as decimal strings too
     * @return a number node from 0 to 2^53, else a decimal text node
     */
    public static JsonNode node(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(MAX_EXACT_BIG) <= 0
                ? JsonNodeFactory.instance.numberNode(value.longValueExact())
                : JsonNodeFactory.instance.textNode(value.toString());
    }

    /**
     * An unsigned 64-bit value for a JSON model built of maps and lists (as {@code mtc inspect} builds).
     *
     * @param unsigned the value, read as unsigned
     * @return a {@link Long} up to 2^53, else its decimal {@link String}
     */
    public static Object value(long unsigned) {
        return unsigned >= 0 && unsigned <= MAX_EXACT ? (Object) unsigned : Long.toUnsignedString(unsigned);
    }

    /**
     * A non-negative integer for a JSON model built of maps and lists.
     *
     * @param value the value
     * @return a {@link Long} from 0 to 2^53, else its decimal {@link String}
     */
    public static Object value(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(MAX_EXACT_BIG) <= 0 ? (Object) value.longValueExact()
                : value.toString();
    }
}
