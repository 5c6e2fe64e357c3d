package org.depa.ledger.model.tx;

/** contracts:getVersion: one version of a contract, as it was proposed or amended. */
public record ContractVersionRef(String contractId, int version) {}
