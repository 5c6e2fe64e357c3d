package org.depa.ledger.model.tx;

/** payments:settle: the payer records the external transaction that settled an instruction. */
public record SettlePaymentRequest(String paymentId, String participantId, String externalTxHash) {}
