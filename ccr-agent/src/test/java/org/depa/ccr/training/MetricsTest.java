package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final float[] LABEL = {1, 0, 1, 1, 0, 0};
    static final float[] PROB = {0.9f, 0.8f, 0.7f, 0.3f, 0.2f, 0.1f};

    @Nested
    class KnownCases {
        @Test
        void accuracyAndF1AtHalf() {
            // predicted positive: 0,1,2 -> tp 2 (0,2), fp 1 (1), fn 1 (3), tn 2
            assertThat(Metrics.accuracy(PROB, LABEL)).isEqualTo(4.0 / 6);
            assertThat(Metrics.f1(PROB, LABEL)).isEqualTo(2.0 * 2 / (2 * 2 + 1 + 1));
        }

        @Test
        void rocAucCountsOrderedPairs() {
            // positives 0.9, 0.7, 0.3 against negatives 0.8, 0.2, 0.1: pairs won 3 + 2 + 2 = 7 of 9
            assertThat(Metrics.rocAuc(PROB, LABEL)).isCloseTo(7.0 / 9, within(1e-12));
        }

        @Test
        void rocAucTiesCountHalfAndExtremes() {
            assertThat(Metrics.rocAuc(new float[] {0.5f, 0.5f}, new float[] {1, 0}))
                    .isEqualTo(0.5);
            assertThat(Metrics.rocAuc(new float[] {0.9f, 0.1f}, new float[] {1, 0}))
                    .isEqualTo(1.0);
            assertThat(Metrics.rocAuc(new float[] {0.1f, 0.9f}, new float[] {1, 0}))
                    .isEqualTo(0.0);
            assertThat(Metrics.rocAuc(new float[] {0.1f, 0.9f}, new float[] {1, 1}))
                    .isNaN();
        }

        @Test
        void f1IsZeroWithoutTruePositivesAndLogLossIsFinite() {
            assertThat(Metrics.f1(new float[] {0.1f, 0.2f}, new float[] {1, 0})).isZero();
            assertThat(Metrics.logLoss(new float[] {0f, 1f}, new float[] {1, 0}))
                    .isFinite()
                    .isGreaterThan(10);
            assertThat(Metrics.logLoss(new float[] {0.5f}, new float[] {1})).isCloseTo(Math.log(2), within(1e-7));
        }
    }
}
