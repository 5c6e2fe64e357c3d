package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a receipt obliges the TDC to pay one TDP, split between the TDP and its data principals.
 *
 * @param confirmations how many confirmations the payout had when the relay recorded it (null
 *     when not said)
 * @param pendingReason why the relay could not pay it yet (PENDING only; null once settled or
 *     before the relay tried); both are omitted from the JSON when null
 */
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
        String settledBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long confirmations,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingReason) {

    /** A new PENDING instruction, not yet tried by the relay. */
    public PaymentInstruction(
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
        this(
                paymentId,
                contractId,
                runId,
                payerId,
                payeeId,
                currency,
                amountMinor,
                dataPrincipalMinor,
                payeeMinor,
                status,
                externalTxHash,
                createdAt,
                settledAt,
                settledTx,
                chainId,
                blockNumber,
                settledBy,
                null,
                null);
    }

    /** This PENDING instruction, with the relay's reason for not paying it yet. */
    public PaymentInstruction deferred(String reason) {
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
                status,
                externalTxHash,
                createdAt,
                settledAt,
                settledTx,
                chainId,
                blockNumber,
                settledBy,
                confirmations,
                reason);
    }

    /**
     * This instruction settled by transaction {@code hash} in block {@code block} of chain
     * {@code chain}, as recorded by relay {@code relayId}.
     */
    public PaymentInstruction settled(
            long chain, String hash, long block, Long confirmedBy, String relayId, String at, String tx) {
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
                relayId,
                confirmedBy,
                null);
    }
}
