package org.depa.ledger.model.domain;

import java.util.List;

/**
 * A contract as the ledger keeps it: the current version's terms and their hash, the parties who
 * must sign, the status and, once active, the reservations it holds.
 */
public record ContractRecord(
        String contractId,
        int version,
        ContractStatus status,
        String documentSha256,
        ContractTerms terms,
        List<String> parties,
        List<Reservation> reservations,
        String createdAt,
        String updatedAt,
        String updatedTx,
        String activatedAt,
        String closedAt,
        String closedBy,
        String closeReason,
        String receiptRunId) {}
