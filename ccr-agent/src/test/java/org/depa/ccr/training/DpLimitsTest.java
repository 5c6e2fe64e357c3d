package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpLimitsTest {
    @ParameterizedTest(name = "{5}")
    @CsvSource({
        "0, 1e-5, 1, 1.1, 10, epsilon",
        "-1, 1e-5, 1, 1.1, 10, epsilon",
        "1, 0, 1, 1.1, 10, delta",
        "1, 1, 1, 1.1, 10, delta",
        "1, 1e-5, 0, 1.1, 10, maxGradNorm",
        "1, 1e-5, 1, 0.1, 10, noiseMultiplier",
        "1, 1e-5, 1, 1.1, 0, epochs",
    })
    void refusesLimitsOutsideTheirRange(String eps, String delta, String c, String sigma, int epochs, String named) {
        assertThatThrownBy(() -> DpLimits.of(eps, delta, c, sigma, epochs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    @ParameterizedTest
    @CsvSource({"1.5, 0.01, 1.0, 2.0, 100", "8, 1e-5, 0.1, 0.5, 1"})
    void acceptsSaneLimits(String eps, String delta, String c, String sigma, int epochs) {
        assertThat(DpLimits.of(eps, delta, c, sigma, epochs).epochs()).isEqualTo(epochs);
    }

    /** The ledger lets a contract leave these open; DP-SGD needs each of them. */
    @ParameterizedTest(name = "{0} open")
    @CsvSource({"maxGradNorm", "noiseMultiplier", "epochs"})
    void refusesAContractThatLeavesAStepParameterOpen(String open) {
        PrivacyConstraints limits = new PrivacyConstraints(
                BigDecimal.ONE,
                new BigDecimal("1e-5"),
                open.equals("maxGradNorm") ? null : BigDecimal.ONE,
                open.equals("noiseMultiplier") ? null : new BigDecimal("1.1"),
                open.equals("epochs") ? null : 10);
        assertThatThrownBy(() -> DpLimits.checked(limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the contract sets no clipping norm, noise multiplier or epoch limit: DP-SGD needs all three");
    }

    @Test
    void theTrainingRequestRefusesWhatDpLimitsRefuses() {
        PrivacyConstraints noEpochs =
                new PrivacyConstraints(BigDecimal.ONE, new BigDecimal("1e-5"), BigDecimal.ONE, BigDecimal.ONE, 0);
        assertThatThrownBy(() -> new TrainingJob.Request(
                        Synthetic.spec(),
                        TableJoin.inner("joined", Synthetic.tables(10, 1)),
                        noEpochs,
                        java.nio.file.Path.of("unused"),
                        null,
                        ProgressListener.NONE,
                        false))
                .hasMessageContaining("epochs must be at least 1");
    }
}
