package io.mtc4j.rp.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The checkpoint cohort sizes: Poisson with the right mean and variance, on both sides of the method switch. */
class PoissonTest {
    @Property(tries = 20)
    void meanAndVarianceEqualTheParameter(@ForAll @DoubleRange(min = 0.5, max = 5_000) double mean, @ForAll long seed) {
        Poisson p = new Poisson(mean);
        SplittableRandom r = new SplittableRandom(seed);
        int n = 20_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            long k = p.sample(r);
            assertTrue(k >= 0);
            sum += k;
            sq += (double) k * k;
        }
        double m = sum / n;
        double var = sq / n - m * m;
        assertEquals(mean, m, 6 * Math.sqrt(mean / n), "mean");
        assertEquals(mean, var, 6 * mean * Math.sqrt(2.0 / n) + 0.05 * mean, "variance");
    }

    @Property
    void logFactorialMatchesTheSum(@ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 3000) long k) {
        double exact = 0;
        for (long i = 2; i <= k; i++) {
            exact += Math.log(i);
        }
        assertEquals(exact, Poisson.logFactorial(k), 1e-9 * Math.max(1, exact));
    }
}
