package org.depa.ledger.model.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * Terms of availability a TDP sets for its dataset.
 *
 * @param priceMinor the least a contract must pay per use, in minor units of {@code currency}
 * @param maxEpsilonPerContract the most epsilon one contract may reserve
 * @param totalEpsilon the dataset's lifetime privacy budget across all contracts
 * @param delta the largest delta any contract may use
 */
public record DatasetTerms(
        List<String> allowedPurposes,
        Long priceMinor,
        String currency,
        BigDecimal maxEpsilonPerContract,
        BigDecimal totalEpsilon,
        BigDecimal delta) {
    public DatasetTerms {
        allowedPurposes = Frozen.list(allowedPurposes);
    }
}
