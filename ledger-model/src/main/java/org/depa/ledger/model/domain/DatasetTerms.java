package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * Terms of availability a TDP sets for its dataset.
 *
 * @param priceMinor the least a contract must pay per use, in minor units of {@code currency}
 * @param maxEpsilonPerContract the most epsilon one contract may reserve
 * @param totalEpsilon the dataset's lifetime privacy budget across all contracts
 * @param delta the largest delta any contract may use
 * @param payout where contracts pay this TDP on chain, or null (then no relay settles its
 *     payments: they stay PENDING, naming why); omitted from the JSON when null, so terms without
 *     one hash as they always did
 */
public record DatasetTerms(
        List<String> allowedPurposes,
        Long priceMinor,
        String currency,
        BigDecimal maxEpsilonPerContract,
        BigDecimal totalEpsilon,
        BigDecimal delta,
        @JsonInclude(JsonInclude.Include.NON_NULL) PayoutAccounts payout) {
    public DatasetTerms {
        allowedPurposes = Frozen.list(allowedPurposes);
    }

    /** Terms that name no payout accounts. */
    public DatasetTerms(
            List<String> allowedPurposes,
            Long priceMinor,
            String currency,
            BigDecimal maxEpsilonPerContract,
            BigDecimal totalEpsilon,
            BigDecimal delta) {
        this(allowedPurposes, priceMinor, currency, maxEpsilonPerContract, totalEpsilon, delta, null);
    }
}
