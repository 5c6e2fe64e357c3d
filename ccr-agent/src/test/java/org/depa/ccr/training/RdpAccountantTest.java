package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.depa.ccr.training.RdpAccountant.Conversion;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpAccountantTest {

    /** TF Privacy's MNIST tutorial: N = 60000, batch 256, delta 1e-5, steps = ceil(epochs * N / batch). */
    static RdpAccountant mnist(double sigma, int epochs) {
        RdpAccountant a = new RdpAccountant();
        long steps = (long) Math.ceil(epochs * 60000.0 / 256);
        a.compose(256 / 60000.0, sigma, steps);
        return a;
    }

    @Nested
    class PublishedFigures {
        @ParameterizedTest
        @CsvSource({"1.1, 60, 3.01", "1.3, 15, 1.19", "0.7, 45, 7.10"})
        void classicConversionReproducesTfPrivacyMnist(double sigma, int epochs, double published) {
            double eps = mnist(sigma, epochs).spent(1e-5, Conversion.CLASSIC).epsilon();
            // Published with two decimals: the exact figure rounds to it.
            assertThat(eps).isCloseTo(published, within(0.005));
        }

        @ParameterizedTest
        @CsvSource({"1.1, 60", "1.3, 15", "0.7, 45"})
        void improvedConversionIsTighterButClose(double sigma, int epochs) {
            RdpAccountant a = mnist(sigma, epochs);
            double classic = a.spent(1e-5, Conversion.CLASSIC).epsilon();
            double improved = a.spent(1e-5, Conversion.IMPROVED).epsilon();
            assertThat(improved).isLessThan(classic).isGreaterThan(classic * 0.75);
            assertThat(a.spent(1e-5, Conversion.BEST).epsilon()).isEqualTo(improved);
        }
    }

    @Nested
    class Orders {
        @ParameterizedTest
        @CsvSource({"0.01, 1.0", "0.004, 1.1", "0.1, 2.0", "0.05, 0.7"})
        void fractionalOrdersInterpolateBetweenIntegerNeighbours(double q, double sigma) {
            // RDP is non-decreasing in the order; the fractional series must fall between its neighbours.
            for (double a = 2.1; a < 10; a += 0.1) {
                double lo = RdpAccountant.rdpOneStep(q, sigma, Math.floor(a));
                double hi = RdpAccountant.rdpOneStep(q, sigma, Math.ceil(a));
                double mid = RdpAccountant.rdpOneStep(q, sigma, a);
                assertThat(mid).as("order %s", a).isBetween(lo - 1e-12, hi + 1e-12);
            }
        }

        @ParameterizedTest
        @CsvSource({"0.01, 1.0, 2", "0.2, 1.5, 3", "0.05, 0.8, 5"})
        void integerOrderMatchesAClosedFormAtTwoAndTheFractionalSeriesNearby(double q, double sigma, int alpha) {
            double exact = RdpAccountant.rdpOneStep(q, sigma, alpha);
            double near = RdpAccountant.logAFractional(q, sigma, alpha + 1e-9) / (alpha + 1e-9 - 1);
            assertThat(near).isCloseTo(exact, within(1e-6 * Math.max(1, exact)));
            if (alpha == 2) {
                // A_2 = 1 + q^2 (exp(1/sigma^2) - 1).
                double closed = Math.log1p(q * q * Math.expm1(1 / (sigma * sigma)));
                assertThat(exact).isCloseTo(closed, within(1e-12));
            }
        }

        @ParameterizedTest
        @CsvSource({"2.5", "7.0", "40"})
        void fullSamplingIsThePlainGaussian(double alpha) {
            assertThat(RdpAccountant.rdpOneStep(1.0, 2.0, alpha)).isEqualTo(alpha / 8);
        }
    }

    @Nested
    class Budget {
        @ParameterizedTest
        @CsvSource({"0.04, 2.0, 1.5, 0.01", "0.04, 1.0, 3.0, 1e-5", "0.01, 0.8, 3, 1e-5"})
        void stepsWithinNeverExceedTheBudgetAndOneMoreWould(double q, double sigma, double eps, double delta) {
            RdpAccountant a = new RdpAccountant();
            a.compose(q, sigma, 3);
            long k = a.stepsWithin(q, sigma, eps, delta, Conversion.BEST, 1_000_000);
            assertThat(a.spentAfter(q, sigma, k, delta, Conversion.BEST).epsilon())
                    .isLessThanOrEqualTo(eps);
            assertThat(a.spentAfter(q, sigma, k + 1, delta, Conversion.BEST).epsilon())
                    .isGreaterThan(eps);
        }

        @ParameterizedTest
        @CsvSource({"0.04, 2.0", "0.5, 0.9"})
        void epsilonGrowsWithSteps(double q, double sigma) {
            RdpAccountant a = new RdpAccountant();
            double previous = 0;
            for (int i = 0; i < 30; i++) {
                a.compose(q, sigma, 17);
                double now = a.spent(1e-5, Conversion.BEST).epsilon();
                assertThat(now).isGreaterThan(previous);
                previous = now;
            }
        }

        @org.junit.jupiter.api.Test
        void noStepFitsWhenTheBudgetIsAlreadySpent() {
            RdpAccountant a = new RdpAccountant();
            a.compose(0.04, 1.0, 3);
            double spent = a.spent(1e-5, Conversion.BEST).epsilon();
            assertThat(a.stepsWithin(0.04, 1.0, spent - 1e-9, 1e-5, Conversion.BEST, 100))
                    .isZero();
            assertThat(a.stepsWithin(0.04, 1.0, spent, 1e-5, Conversion.BEST, 100))
                    .isZero();
        }

        @org.junit.jupiter.api.Test
        void restoreFromSegmentsGivesTheSameSpend() {
            RdpAccountant a = new RdpAccountant();
            a.compose(0.04, 2.0, 10);
            a.compose(0.04, 2.0, 15);
            a.compose(0.02, 1.5, 7);
            assertThat(a.segments()).hasSize(2);
            RdpAccountant b = RdpAccountant.restore(a.segments());
            assertThat(b.spent(1e-5, Conversion.BEST)).isEqualTo(a.spent(1e-5, Conversion.BEST));
            assertThat(b.totalSteps()).isEqualTo(32);
        }

        @ParameterizedTest
        @CsvSource({"1e-6, 0.5", "1e-6, 50", "0.999, 0.5", "0.5, 100", "0.001, 0.3", "0.9, 3"})
        void staysFiniteAndNonNegativeAtExtremes(double q, double sigma) {
            RdpAccountant a = new RdpAccountant();
            a.compose(q, sigma, 1000);
            for (Conversion c : Conversion.values()) {
                double eps = a.spent(1e-5, c).epsilon();
                assertThat(eps).as("%s", c).isFinite().isNotNegative();
            }
            double[] perStep = RdpAccountant.rdpPerStep(
                    q,
                    sigma,
                    RdpAccountant.DEFAULT_ORDERS.stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray());
            for (int i = 0; i < perStep.length; i++) {
                assertThat(perStep[i]).isNotNegative();
                // never worse than the unsampled Gaussian: alpha / (2 sigma^2)
                double alpha = RdpAccountant.DEFAULT_ORDERS.get(i);
                assertThat(perStep[i]).isLessThanOrEqualTo(alpha / (2 * sigma * sigma) * (1 + 1e-9));
                if (i > 0) {
                    assertThat(perStep[i]).isGreaterThanOrEqualTo(perStep[i - 1] * (1 - 1e-9) - 1e-15);
                }
            }
        }

        @ParameterizedTest
        @CsvSource({"0.01", "0.1", "0.5"})
        void moreNoiseNeverCostsMore(double q) {
            double previous = Double.POSITIVE_INFINITY;
            for (double sigma = 0.5; sigma <= 5; sigma += 0.25) {
                RdpAccountant a = new RdpAccountant();
                a.compose(q, sigma, 500);
                double eps = a.spent(1e-5, Conversion.BEST).epsilon();
                assertThat(eps).isLessThanOrEqualTo(previous);
                previous = eps;
            }
        }

        @org.junit.jupiter.api.Test
        void refusesNonsense() {
            RdpAccountant a = new RdpAccountant();
            assertThatThrownBy(() -> a.compose(0, 1, 1)).hasMessageContaining("sampling rate");
            assertThatThrownBy(() -> a.compose(0.1, 0, 1)).hasMessageContaining("noise multiplier");
            assertThatThrownBy(() -> a.spent(0, Conversion.BEST)).hasMessageContaining("delta");
            assertThatThrownBy(() -> new RdpAccountant(List.of(1.0))).hasMessageContaining("orders");
        }
    }
}
