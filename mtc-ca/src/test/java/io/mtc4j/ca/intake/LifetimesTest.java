package io.mtc4j.ca.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LifetimesTest {
    @ParameterizedTest
    @CsvSource({"7d,604800", "90h,324000", "1d12h,129600", "3600s,3600", "1h30m,5400", "1d1h1m1s,90061"})
    void parses(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Lifetimes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "d", "0d", "07d", "7 d", "7D", "1h1d", "1d1d", "-1d", "1.5d", "7w", "1d ",
            "99999999999d", "0s0m"})
    void refuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> Lifetimes.parse(text));
    }

    @Property
    void formatThenParseIsTheIdentity(@ForAll @LongRange(min = 1, max = 100L * 365 * 86_400) long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        assertEquals(d, Lifetimes.parse(Lifetimes.format(d)));
    }

    @Property
    void rfc3339TimesReadBackInAnyOffset(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epoch,
            @ForAll @LongRange(min = -18 * 60, max = 18 * 60) long offsetMinutes) {
        Instant t = Instant.ofEpochSecond(epoch);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) offsetMinutes * 60);
        String text = OffsetDateTime.ofInstant(t, offset).format(java.time.format.DateTimeFormatter.ofPattern(
                "uuuu-MM-dd'T'HH:mm:ssxxx"));
        assertEquals(t, RequestPolicy.time(text, "f"));
    }
}
