package io.mtc4j.spec.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonIntegersTest {
    @Test
    void theEdgeIsTwoToThe53() {
        assertEquals(9007199254740992L, JsonIntegers.node(1L << 53).longValue());
        assertTrue(JsonIntegers.node(1L << 53).isNumber());
        assertEquals("9007199254740993", JsonIntegers.node((1L << 53) + 1).textValue());
        assertEquals("18446744073709551615", JsonIntegers.node(-1L).textValue());
        assertEquals(0L, JsonIntegers.value(0L));
        assertEquals("18446744073709551615", JsonIntegers.value(BigInteger.TWO.pow(64).subtract(BigInteger.ONE)));
        assertEquals("-1", JsonIntegers.node(BigInteger.ONE.negate()).textValue());
    }

    /** Every unsigned value reads back exactly, and the long and BigInteger forms agree. */
    @Property
    void roundTripsAndAgrees(@ForAll long unsigned) {
        BigInteger big = new BigInteger(Long.toUnsignedString(unsigned));
        JsonNode n = JsonIntegers.node(unsigned);
        assertEquals(n, JsonIntegers.node(big));
        assertEquals(n.isNumber(), big.compareTo(BigInteger.valueOf(JsonIntegers.MAX_EXACT)) <= 0);
        assertEquals(big, n.isNumber() ? BigInteger.valueOf(n.longValue()) : new BigInteger(n.textValue()));
        Object v = JsonIntegers.value(unsigned);
        assertEquals(v, JsonIntegers.value(big));
        assertEquals(n.isNumber(), v instanceof Long);
    }
}
