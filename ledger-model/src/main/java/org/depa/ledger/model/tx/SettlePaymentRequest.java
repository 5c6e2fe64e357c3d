package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * payments:settle: the payment relay ({@code participantId}, role PAYMENT_RELAY) records the chain
 * transaction that paid an instruction: the chain's id, the transaction hash, its block, and how
 * many confirmations the payout had when the relay recorded it ({@code confirmations}, optional:
 * at least 1).
 */
public record SettlePaymentRequest(
        String paymentId,
        String participantId,
        Long chainId,
        String externalTxHash,
        Long blockNumber,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long confirmations) {

    /** A record that does not say how many confirmations the payout had. */
    public SettlePaymentRequest(
            String paymentId, String participantId, Long chainId, String externalTxHash, Long blockNumber) {
        this(paymentId, participantId, chainId, externalTxHash, blockNumber, null);
    }
}
