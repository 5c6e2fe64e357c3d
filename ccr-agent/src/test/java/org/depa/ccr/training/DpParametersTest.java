package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpParametersTest {
    @ParameterizedTest(name = "{5}")
    @CsvSource({
        "0, 1e-5, 1, 1.1, 10, epsilon",
        "-1, 1e-5, 1, 1.1, 10, epsilon",
        "1, 0, 1, 1.1, 10, delta",
        "1, 1, 1, 1.1, 10, delta",
        "1, 1e-5, 0, 1.1, 10, maxGradNorm",
        "1, 1e-5, 1, 0.1, 10, noiseMultiplier",
        "1, 1e-5, 1, 1.1, 0, maxEpochs",
    })
    void refusesLimitsOutsideTheirRange(String eps, String delta, String c, String sigma, int epochs, String named) {
        assertThatThrownBy(() -> DpParameters.of(eps, delta, c, sigma, epochs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    @ParameterizedTest
    @CsvSource({"1.5, 0.01, 1.0, 2.0, 100", "8, 1e-5, 0.1, 0.5, 1"})
    void acceptsSaneLimits(String eps, String delta, String c, String sigma, int epochs) {
        assertThat(DpParameters.of(eps, delta, c, sigma, epochs).maxEpochs()).isEqualTo(epochs);
    }
}
