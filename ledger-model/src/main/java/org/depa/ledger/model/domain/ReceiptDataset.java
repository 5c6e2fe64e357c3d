package org.depa.ledger.model.domain;

import java.math.BigDecimal;

/** What a run used of one dataset, and the epsilon it spent. */
public record ReceiptDataset(String datasetId, String ciphertextSha256, BigDecimal epsilonSpent) {}
