package org.depa.ledger.model.domain;

/** What a receipt obliges the TDC to pay one TDP, split between the TDP and its data principals. */
public record PaymentInstruction(
        String paymentId,
        String contractId,
        String runId,
        String payerId,
        String payeeId,
        String currency,
        long amountMinor,
        long dataPrincipalMinor,
        long payeeMinor,
        PaymentStatus status,
        String externalTxHash,
        String createdAt,
        String settledAt,
        String settledTx) {}
