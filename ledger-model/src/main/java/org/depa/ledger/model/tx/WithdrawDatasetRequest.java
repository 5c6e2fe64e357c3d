package org.depa.ledger.model.tx;

public record WithdrawDatasetRequest(String datasetId, String ownerId, String reason) {}
