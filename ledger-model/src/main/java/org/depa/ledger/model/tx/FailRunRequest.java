package org.depa.ledger.model.tx;

public record FailRunRequest(String runId, String ccrProviderId, String reason) {}
