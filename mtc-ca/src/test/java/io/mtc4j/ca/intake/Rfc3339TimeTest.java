package io.mtc4j.ca.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339TimeTest {
    @Property
    void rfc3339TimesReadBackInAnyOffset(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epoch,
            @ForAll @LongRange(min = -18 * 60, max = 18 * 60) long offsetMinutes, @ForAll boolean lowerCase) {
        Instant t = Instant.ofEpochSecond(epoch);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) offsetMinutes * 60);
        String text = OffsetDateTime.ofInstant(t, offset).format(java.time.format.DateTimeFormatter.ofPattern(
                "uuuu-MM-dd'T'HH:mm:ssXXX"));
        assertEquals(t, RequestPolicy.time(lowerCase ? text.toLowerCase(java.util.Locale.ROOT) : text, "f"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-03", "2026-12-03T07:00Z", "2026-12-03 07:00:00Z", "2026-12-03T07:00:00",
        "2026-12-03T07:00:00+0100", "2026-12-03T07:00:00.1Z", "2026-13-03T07:00:00Z", "2026-12-03T24:00:00Z",
        " 2026-12-03T07:00:00Z", "+2026-12-03T07:00:00Z"})
    void refusesWhatIsNotRfc3339WithWholeSeconds(String text) {
        PolicyException e = assertThrows(PolicyException.class, () -> RequestPolicy.time(text, "r.notBefore"));
        assertEquals(PolicyException.TIME, e.rule());
        assertEquals("r.notBefore", e.field());
    }
}
