package org.depa.ledger.model.domain;

/** A signed training receipt as stored: the body, the run key's signature, when it was recorded. */
public record TrainingReceipt(
        ReceiptBody body, String signature, int contractVersion, String submittedAt, String txId) {}
