package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrivateRandomnessTest {

    @Nested
    class Noise {
        @Test
        void gaussianHasTheRequestedMeanDeviationAndTails() {
            PrivateRandomness r = new PrivateRandomness();
            int n = 400_000;
            float[] v = new float[n];
            double std = 2.5;
            r.addGaussian(v, std);
            double sum = 0;
            double sumSq = 0;
            double sum4 = 0;
            int beyond2 = 0;
            for (float f : v) {
                sum += f;
                sumSq += (double) f * f;
                sum4 += Math.pow(f / std, 4);
                if (Math.abs(f) > 2 * std) {
                    beyond2++;
                }
            }
            double mean = sum / n;
            double var = sumSq / n - mean * mean;
            // standard errors: mean std/sqrt(n) ~ 0.004; sd ~ std/sqrt(2n) ~ 0.003
            assertThat(mean).isCloseTo(0, within(0.02));
            assertThat(Math.sqrt(var)).isCloseTo(std, within(0.02));
            assertThat(sum4 / n).isCloseTo(3.0, within(0.05)); // Gaussian kurtosis
            assertThat((double) beyond2 / n).isCloseTo(0.0455, within(0.002));
        }

        @Test
        void twoGeneratorsDoNotRepeatEachOther() {
            float[] a = new float[64];
            float[] b = new float[64];
            new PrivateRandomness().addGaussian(a, 1);
            new PrivateRandomness().addGaussian(b, 1);
            assertThat(a).isNotEqualTo(b);
        }

        @Test
        void adjacentValuesAreUncorrelated() {
            float[] v = new float[200_000];
            new PrivateRandomness().addGaussian(v, 1);
            double c = 0;
            for (int i = 0; i + 1 < v.length; i++) {
                c += (double) v[i] * v[i + 1];
            }
            assertThat(c / (v.length - 1)).isCloseTo(0, within(0.01));
        }
    }

    @Nested
    class PoissonSampling {
        @Test
        void eachExampleIsChosenWithRateQAndBatchSizesVary() {
            PrivateRandomness r = new PrivateRandomness();
            int n = 1000;
            double q = 0.05;
            int rounds = 4000;
            int[] hits = new int[n];
            long total = 0;
            long sumSq = 0;
            for (int k = 0; k < rounds; k++) {
                int[] s = r.poissonSample(n, q);
                total += s.length;
                sumSq += (long) s.length * s.length;
                for (int i = 0; i < s.length; i++) {
                    hits[s[i]]++;
                    if (i > 0) {
                        assertThat(s[i]).isGreaterThan(s[i - 1]);
                    }
                }
            }
            double meanSize = (double) total / rounds;
            double varSize = (double) sumSq / rounds - meanSize * meanSize;
            assertThat(meanSize).isCloseTo(n * q, within(0.5));
            // Binomial(n, q): variance n q (1 - q) = 47.5
            assertThat(varSize).isCloseTo(n * q * (1 - q), within(5.0));
            // first, middle and last examples are all chosen at rate q (no edge bias)
            double first = 0;
            double last = 0;
            for (int i = 0; i < 100; i++) {
                first += hits[i];
                last += hits[n - 1 - i];
            }
            assertThat(first / (100.0 * rounds)).isCloseTo(q, within(0.005));
            assertThat(last / (100.0 * rounds)).isCloseTo(q, within(0.005));
        }

        @Test
        void rateOneTakesEveryone() {
            assertThat(new PrivateRandomness().poissonSample(5, 1.0)).containsExactly(0, 1, 2, 3, 4);
        }
    }
}
