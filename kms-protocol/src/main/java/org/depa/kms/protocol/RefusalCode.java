package org.depa.kms.protocol;

/** Why a bridge refused a challenge or a release; carried in {@link Problem#reasonCode()}. */
public enum RefusalCode {
    /** The request is not well-formed JSON of the expected shape, or a field is invalid. */
    MALFORMED_REQUEST,
    /** The recipient JWK is not an acceptable public key (private part present, weak or unknown type). */
    UNSUPPORTED_RECIPIENT_KEY,
    /** The bridge never issued this nonce, or forgot it (the store is bounded). */
    NONCE_UNKNOWN,
    /** The nonce was already used by an earlier release request. */
    NONCE_REPLAYED,
    /** The nonce's lifetime ended before the release request arrived. */
    NONCE_EXPIRED,
    /**
     * Too many challenges are outstanding: for this run from this caller, for this caller, or in all; the detail
     * says which. Retry after the outstanding ones expire.
     */
    CHALLENGE_CAPACITY,
    /** REPORT_DATA is not the binding of this nonce, recipient key and run. */
    REPORT_DATA_MISMATCH,
    /**
     * The report comes from another chip (CHIP_ID) or TCB (REPORTED_TCB) than the report that started the run. A run
     * started from a VLEK-signed report (no chip id) is bound by the TCB and the run key only.
     */
    CHIP_MISMATCH,
    /** The request carries no valid signature by the run key the run's start report bound. */
    RUN_KEY_PROOF_INVALID,
    /** The SEV-SNP report or its chain did not verify, or the policy refused it; see attestationReasons. */
    ATTESTATION_REFUSED,
    /** The run, contract or dataset as read from the ledger does not allow this release. */
    NOT_RELEASABLE,
    /** The ledger refused runs:recordKeyRelease; see ledgerCode. */
    LEDGER_REFUSED,
    /** The ledger could not be reached or did not confirm the commit. */
    LEDGER_UNAVAILABLE,
    /** This bridge holds no key for the dataset. */
    KEY_UNAVAILABLE,
    /**
     * The bridge holds an entry for the dataset's key but cannot seal a release with it (not a 32-byte AES key, or a
     * token key it may not use); refused before anything is recorded on the ledger.
     */
    KEY_UNUSABLE,
    /** The request's URI, headers or body are larger than the bridge accepts, or did not arrive in time. */
    REQUEST_TOO_LARGE,
    /** No such endpoint. */
    NOT_FOUND,
    /** The endpoint exists but answers POST only. */
    METHOD_NOT_ALLOWED,
    /** An administrative route was called without a TLS client certificate (it needs the key owner's). */
    NO_CLIENT_CERTIFICATE,
    /**
     * The client certificate on an administrative route does not chain to the bridge's organisation CA, or is
     * outside its validity; the detail says which.
     */
    CLIENT_NOT_TRUSTED,
    /** The client certificate is a valid one of the organisation, but not the key owner's (another party's). */
    NOT_THE_KEY_OWNER,
    /** The bridge was started without its owner's certificate or organisation CA: its administrative routes answer no one. */
    ADMIN_NOT_CONFIGURED,
    /** A key import names a key id the bridge already holds, and did not ask to replace it; nothing was stored. */
    KEY_ID_TAKEN,
    /**
     * A key import's key and its proof do not belong together: the key and dataset id did not make the ciphertext's
     * start, or the key did not seal the sealed spec; nothing was stored.
     */
    KEY_MISMATCH,
    /** The bridge failed; nothing was released. */
    INTERNAL
}
