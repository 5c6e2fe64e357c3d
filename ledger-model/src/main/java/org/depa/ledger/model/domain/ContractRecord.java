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
        String receiptRunId) {
    public ContractRecord {
        parties = Frozen.list(parties);
        reservations = Frozen.list(reservations);
    }

    /** A new DRAFT version: no signatures, reservations or closing yet. */
    public static ContractRecord draft(
            String contractId,
            int version,
            String documentSha256,
            ContractTerms terms,
            List<String> parties,
            String createdAt,
            String at,
            String tx) {
        return new ContractRecord(
                contractId,
                version,
                ContractStatus.DRAFT,
                documentSha256,
                terms,
                parties,
                List.of(),
                createdAt,
                at,
                tx,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * This contract moved to {@code newStatus}: activation stamps {@code activatedAt}; a final status
     * stamps the closing time, who closed it and why.
     */
    public ContractRecord withStatus(
            ContractStatus newStatus,
            List<Reservation> newReservations,
            String by,
            String reason,
            String runId,
            String at,
            String tx) {
        boolean closing = newStatus.isFinal();
        return new ContractRecord(
                contractId,
                version,
                newStatus,
                documentSha256,
                terms,
                parties,
                newReservations,
                createdAt,
                at,
                tx,
                newStatus == ContractStatus.ACTIVE ? at : activatedAt,
                closing ? at : closedAt,
                closing ? by : closedBy,
                closing ? reason : closeReason,
                runId);
    }
}
