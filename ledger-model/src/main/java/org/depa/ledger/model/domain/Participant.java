package org.depa.ledger.model.domain;

/**
 * A registered organisation member with a long-term signing certificate.
 *
 * @param agreementVersion the common-agreement version this participant last signed, or null
 * @param agreementSignature base64 signature over that version's signing payload, for auditors
 */
public record Participant(
        String id,
        Role role,
        String mspId,
        String name,
        String certificatePem,
        String certificateSha256,
        String keyAlgorithm,
        ParticipantStatus status,
        String statusReason,
        String agreementVersion,
        String agreementSignature,
        String registeredAt,
        String updatedAt,
        String updatedTx) {}
