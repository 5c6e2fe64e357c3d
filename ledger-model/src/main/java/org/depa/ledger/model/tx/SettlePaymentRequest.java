package org.depa.ledger.model.tx;

/**
 * payments:settle: the payment relay ({@code participantId}, role PAYMENT_RELAY) records the chain
 * transaction that paid an instruction: the chain's id, the transaction hash and its block.
 */
public record SettlePaymentRequest(
        String paymentId, String participantId, Long chainId, String externalTxHash, Long blockNumber) {}
