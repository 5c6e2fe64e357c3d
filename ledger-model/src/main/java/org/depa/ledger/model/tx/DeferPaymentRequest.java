package org.depa.ledger.model.tx;

/**
 * payments:defer: the payment relay ({@code participantId}, role PAYMENT_RELAY) records why it
 * cannot pay a PENDING instruction yet, e.g. "escrow not funded: it holds 0 minor units, this
 * payment needs 5000". The relay retries; the reason is replaced by the next one or cleared by
 * the settlement.
 */
public record DeferPaymentRequest(String paymentId, String participantId, String reason) {}
