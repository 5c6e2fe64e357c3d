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
        String settledTx) {
    /** This instruction settled by the payment chain's transaction {@code hash}. */
    public PaymentInstruction settled(String hash, String at, String tx) {
        return new PaymentInstruction(
                paymentId,
                contractId,
                runId,
                payerId,
                payeeId,
                currency,
                amountMinor,
                dataPrincipalMinor,
                payeeMinor,
                PaymentStatus.SETTLED,
                hash,
                createdAt,
                at,
                tx);
    }
}
