package org.depa.ledger.model.tx;

/** datasets:list: at most one of ownerId and purpose; neither lists everything. */
public record ListDatasetsRequest(String ownerId, String purpose, Integer pageSize, String bookmark) {}
