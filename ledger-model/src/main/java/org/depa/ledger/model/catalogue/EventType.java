package org.depa.ledger.model.catalogue;

import java.util.Optional;

/**
 * The chaincode's events, one per committed write. The wire name (Fabric's event name and
 * {@code LedgerEvent.type}) is the constant's {@link #wireName()}, e.g. {@code ContractProposed}.
 */
public enum EventType {
    PARTICIPANT_REGISTERED("ParticipantRegistered"),
    PARTICIPANT_VERIFIED("ParticipantVerified"),
    PARTICIPANT_SUSPENDED("ParticipantSuspended"),
    PARTICIPANT_CLIENT_BOUND("ParticipantClientBound"),
    AGREEMENT_PUBLISHED("AgreementPublished"),
    AGREEMENT_SIGNED("AgreementSigned"),
    DATASET_REGISTERED("DatasetRegistered"),
    DATASET_UPDATED("DatasetUpdated"),
    DATASET_WITHDRAWN("DatasetWithdrawn"),
    MEASUREMENT_CERTIFIED("MeasurementCertified"),
    MEASUREMENT_REVOKED("MeasurementRevoked"),
    CONTRACT_PROPOSED("ContractProposed"),
    CONTRACT_AMENDED("ContractAmended"),
    CONTRACT_SIGNED("ContractSigned"),
    CONTRACT_ACTIVATED("ContractActivated"),
    CONTRACT_REVOKED("ContractRevoked"),
    CONTRACT_EXPIRED("ContractExpired"),
    RUN_STARTED("RunStarted"),
    KEY_RELEASED("KeyReleased"),
    /** A job's TDC released its sealed-spec key to a run of the job. */
    SPEC_KEY_RELEASED("SpecKeyReleased"),
    RUN_FAILED("RunFailed"),
    RECEIPT_SUBMITTED("ReceiptSubmitted"),
    OUTPUT_KEY_REGISTERED("OutputKeyRegistered"),
    JOB_SUBMITTED("JobSubmitted"),
    JOB_SCHEDULED("JobScheduled"),
    JOB_RUNNING("JobRunning"),
    JOB_COMPLETED("JobCompleted"),
    JOB_FAILED("JobFailed"),
    JOB_CANCELLED("JobCancelled"),
    PAYMENT_SETTLED("PaymentSettled"),
    /** The relay could not pay an instruction yet; the instruction carries the reason. */
    PAYMENT_DEFERRED("PaymentDeferred"),
    /** The payer repeated a settlement with the same external hash: nothing changed, but it is on record. */
    PAYMENT_SETTLEMENT_CONFIRMED("PaymentSettlementConfirmed");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The event type a wire name stands for; empty for a name this version does not know. */
    public static Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
