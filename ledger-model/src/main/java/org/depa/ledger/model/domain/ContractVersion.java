package org.depa.ledger.model.domain;

/** One proposed version of a contract's terms, kept for auditors after later amendments. */
public record ContractVersion(
        String contractId, int version, String documentSha256, ContractTerms terms, String proposedAt, String txId) {}
