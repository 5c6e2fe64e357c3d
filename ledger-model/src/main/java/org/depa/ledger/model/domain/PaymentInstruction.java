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
        String settledTx,
        Long chainId,
        Long blockNumber,
        String settledBy) {
    /**
     * This instruction settled by transaction {@code hash} in block {@code block} of chain
     * {@code chain}, as recorded by relay {@code relayId}.
     */
    public PaymentInstruction settled(long chain, String hash, long block, String relayId, String at, String tx) {
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
                tx,
                chain,
                block,
                relayId);
    }
}
