package org.depa.ledger.model.domain;

/**
 * A registered organisation member with a long-term signing certificate, bound to the one client
 * identity that may act for it on the ledger.
 *
 * @param clientKeySha256 SHA-256 hex of the SubjectPublicKeyInfo of the client (enrolment)
 *     certificate that submits this participant's transactions: set at registration, changed only
 *     by the SRO (participants:bindClient)
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
        String clientKeySha256,
        ParticipantStatus status,
        String statusReason,
        String agreementVersion,
        String agreementSignature,
        String registeredAt,
        String updatedAt,
        String updatedTx) {
    /** This participant with a new status, as changed at {@code at} by transaction {@code tx}. */
    public Participant withStatus(ParticipantStatus newStatus, String reason, String at, String tx) {
        return new Participant(
                id,
                role,
                mspId,
                name,
                certificatePem,
                certificateSha256,
                keyAlgorithm,
                clientKeySha256,
                newStatus,
                reason,
                agreementVersion,
                agreementSignature,
                registeredAt,
                at,
                tx);
    }

    /** This participant having signed agreement {@code version} with {@code signature} (base64). */
    public Participant withAgreement(String version, String signature, String at, String tx) {
        return new Participant(
                id,
                role,
                mspId,
                name,
                certificatePem,
                certificateSha256,
                keyAlgorithm,
                clientKeySha256,
                status,
                statusReason,
                version,
                signature,
                registeredAt,
                at,
                tx);
    }

    /** This participant bound to another client key, as the SRO changed it. */
    public Participant withClient(String newClientKeySha256, String at, String tx) {
        return new Participant(
                id,
                role,
                mspId,
                name,
                certificatePem,
                certificateSha256,
                keyAlgorithm,
                newClientKeySha256,
                status,
                statusReason,
                agreementVersion,
                agreementSignature,
                registeredAt,
                at,
                tx);
    }
}
