package org.depa.ledger.model.tx;

public record PageRequest(Integer pageSize, String bookmark) {}
