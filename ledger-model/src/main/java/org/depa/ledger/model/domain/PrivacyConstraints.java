package org.depa.ledger.model.domain;

import java.math.BigDecimal;

/** The differential-privacy limits a contract sets for one dataset. */
public record PrivacyConstraints(
        BigDecimal epsilon, BigDecimal delta, BigDecimal maxGradNorm, BigDecimal noiseMultiplier, Integer epochs) {}
