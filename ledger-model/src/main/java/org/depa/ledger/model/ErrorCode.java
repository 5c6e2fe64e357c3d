package org.depa.ledger.model;

/**
 * Every refusal the ledger can give. The chaincode puts {@link #name()} in the ChaincodeException
 * payload, so clients branch on a stable code rather than on message text; {@link #category()} is
 * what a REST front end maps to an HTTP status.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(Category.BAD_REQUEST),
    INVALID_ARGUMENT(Category.BAD_REQUEST),
    NOT_FOUND(Category.NOT_FOUND),
    ALREADY_EXISTS(Category.CONFLICT),

    NOT_SRO(Category.FORBIDDEN),
    WRONG_ORGANISATION(Category.FORBIDDEN),
    /** The submitter's client identity is not the one bound to the participant it acts for. */
    WRONG_CLIENT(Category.FORBIDDEN),
    WRONG_ROLE(Category.FORBIDDEN),
    NOT_A_PARTY(Category.FORBIDDEN),
    PARTICIPANT_NOT_VERIFIED(Category.FORBIDDEN),
    PARTICIPANT_SUSPENDED(Category.FORBIDDEN),
    AGREEMENT_NOT_SIGNED(Category.FORBIDDEN),
    NO_AGREEMENT(Category.RULE_VIOLATION),

    INVALID_CERTIFICATE(Category.BAD_REQUEST),
    CERTIFICATE_NOT_VALID_NOW(Category.RULE_VIOLATION),
    UNSUPPORTED_KEY(Category.BAD_REQUEST),

    INVALID_SIGNATURE(Category.RULE_VIOLATION),
    MALLEABLE_SIGNATURE(Category.RULE_VIOLATION),
    SIGNATURE_REPLAYED(Category.CONFLICT),
    ALREADY_SIGNED(Category.CONFLICT),
    STALE_VERSION(Category.CONFLICT),

    INVALID_STATE(Category.CONFLICT),
    /**
     * On Fabric: the proposal's timestamp, which the submitting client writes and the chaincode
     * judges time by, is further from the endorsing peer's clock than the chaincode process's
     * window (DEPA_TX_TIME_WINDOW, default 5 minutes). The message names both times and the window.
     */
    TIMESTAMP_OUTSIDE_WINDOW(Category.RULE_VIOLATION),
    CONTRACT_NOT_STARTED(Category.RULE_VIOLATION),
    CONTRACT_EXPIRED(Category.RULE_VIOLATION),
    SIGNATURES_MISSING(Category.RULE_VIOLATION),
    REVOCATION_NOT_PERMITTED(Category.FORBIDDEN),

    DATASET_UNAVAILABLE(Category.RULE_VIOLATION),
    PURPOSE_NOT_ALLOWED(Category.RULE_VIOLATION),
    EPSILON_ABOVE_DATASET_LIMIT(Category.RULE_VIOLATION),
    PAYMENT_BELOW_PRICE(Category.RULE_VIOLATION),
    BUDGET_EXCEEDED(Category.RULE_VIOLATION),
    BUDGET_BELOW_COMMITTED(Category.RULE_VIOLATION),

    MEASUREMENT_NOT_CERTIFIED(Category.RULE_VIOLATION),
    MEASUREMENT_NOT_ALLOWED(Category.RULE_VIOLATION),
    /**
     * A run's attestation report does not verify: its chain does not end at a trusted root at the
     * transaction's time, its signature or structure is wrong, or it is not a report at all. The
     * message lists the verifier's reasons (UNKNOWN_ROOT, CERTIFICATE_EXPIRED, WRONG_LENGTH, ...).
     */
    ATTESTATION_INVALID(Category.RULE_VIOLATION),
    /**
     * An authentic report says something else than the request: REPORT_DATA does not bind this
     * run's id, contract and run key, or a declared measurement, chip id or TCB differs.
     */
    ATTESTATION_MISMATCH(Category.RULE_VIOLATION),
    /** A key release's report comes from another chip or TCB than the run's start report. */
    CHIP_MISMATCH(Category.RULE_VIOLATION),
    DATASET_NOT_IN_CONTRACT(Category.RULE_VIOLATION),
    RUN_NOT_ACTIVE(Category.CONFLICT),
    RECEIPT_EXISTS(Category.CONFLICT),
    KEY_NOT_RELEASED(Category.RULE_VIOLATION),
    HASH_MISMATCH(Category.RULE_VIOLATION),
    EPSILON_OVERSPENT(Category.RULE_VIOLATION),
    PAYMENT_ALREADY_SETTLED(Category.CONFLICT),
    /** A training job names a contract whose terms commit to no model spec. */
    MODEL_NOT_COMMITTED(Category.RULE_VIOLATION),
    /** A contract is held by another training job that has not finished (its budget is that job's). */
    CONTRACT_IN_USE(Category.CONFLICT),

    /** Raised by ledgers, never by the chaincode: a read changed between endorsement and commit. */
    MVCC_READ_CONFLICT(Category.CONFLICT),
    /** Raised by ledgers: the transaction did not satisfy the endorsement policy. */
    ENDORSEMENT_POLICY_FAILURE(Category.FORBIDDEN),
    /** Raised by ledgers: the chaincode failed in a way it did not classify. */
    INTERNAL(Category.INTERNAL);

    /** Coarse class of a refusal, stable across codes. */
    public enum Category {
        BAD_REQUEST,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        RULE_VIOLATION,
        INTERNAL
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** Reads a code from a chaincode error payload; unknown or empty payloads map to {@link #INTERNAL}. */
    public static ErrorCode fromPayload(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return INTERNAL;
        }
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim();
        for (ErrorCode code : values()) {
            if (code.name().equals(text)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
