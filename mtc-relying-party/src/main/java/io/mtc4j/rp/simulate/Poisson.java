package io.mtc4j.rp.simulate;

import java.util.SplittableRandom;

/**
 * Poisson variates: the number of certificates requested in one checkpoint interval when requests arrive at a
 * constant rate. Knuth's multiplication method below a mean of 10, above it Hörmann's transformed rejection with
 * squeeze (PTRS; W. Hörmann, "The transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12, 1993).
 */
final class Poisson {
    private final double mean;
    private final double expMinusMean;
    private final double sqrtMean;
    private final double logMean;
    private final double b;
    private final double a;
    private final double invAlpha;
    private final double vr;

    Poisson(double mean) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite and non-negative");
        }
        this.mean = mean;
        this.expMinusMean = Math.exp(-mean);
        this.sqrtMean = Math.sqrt(mean);
        this.logMean = Math.log(mean);
        this.b = 0.931 + 2.53 * sqrtMean;
        this.a = -0.059 + 0.02483 * b;
        this.invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        this.vr = 0.9277 - 3.6224 / (b - 2);
    }

    long sample(SplittableRandom random) {
        if (mean == 0) {
            return 0;
        }
        if (mean < 10) {
            long k = 0;
            double p = random.nextDouble();
            while (p > expMinusMean) {
                k++;
                p *= random.nextDouble();
            }
            return k;
        }
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - logFactorial(k)) {
                return k;
            }
        }
    }

    /** ln(k!) exactly summed below 16, by Stirling's series with four correction terms above. */
    static double logFactorial(long k) {
        if (k < 16) {
            double s = 0;
            for (long i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = k + 1;
        double x2 = 1 / (x * x);
        double series = (((-1.0 / 1680 * x2 + 1.0 / 1260) * x2 - 1.0 / 360) * x2 + 1.0 / 12) / x;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
    }
}
