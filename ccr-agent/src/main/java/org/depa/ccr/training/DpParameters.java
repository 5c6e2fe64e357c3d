package org.depa.ccr.training;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The privacy limits a run trains within, as the contract states them.
 *
 * @param epsilon the budget: training stops before a step would take the spend above it
 * @param delta the delta at which epsilon is computed
 * @param maxGradNorm the per-example gradient clipping norm C
 * @param noiseMultiplier sigma: the noise added to each step's clipped sum has std sigma * C
 * @param maxEpochs the most epochs the contract allows (the specification may ask for fewer)
 */
public record DpParameters(
        BigDecimal epsilon, BigDecimal delta, BigDecimal maxGradNorm, BigDecimal noiseMultiplier, int maxEpochs) {
    public DpParameters {
        Objects.requireNonNull(epsilon, "epsilon");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(maxGradNorm, "maxGradNorm");
        Objects.requireNonNull(noiseMultiplier, "noiseMultiplier");
        if (epsilon.signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be positive");
        }
        if (delta.signum() <= 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("delta must be in (0, 1)");
        }
        if (maxGradNorm.signum() <= 0) {
            throw new IllegalArgumentException("maxGradNorm must be positive");
        }
        if (noiseMultiplier.compareTo(new BigDecimal("0.3")) < 0) {
            // Below about 0.3 the RDP bounds explode and no useful training fits any sane budget.
            throw new IllegalArgumentException("noiseMultiplier must be at least 0.3");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be at least 1");
        }
    }

    public static DpParameters of(
            String epsilon, String delta, String maxGradNorm, String noiseMultiplier, int epochs) {
        return new DpParameters(
                new BigDecimal(epsilon),
                new BigDecimal(delta),
                new BigDecimal(maxGradNorm),
                new BigDecimal(noiseMultiplier),
                epochs);
    }
}
