package org.depa.ledger.model.domain;

/** A party's verified signature over one contract version's signing payload. */
public record ContractSignature(
        String contractId,
        int version,
        String participantId,
        String algorithm,
        String signature,
        String signatureSha256,
        String signedAt,
        String txId) {}
