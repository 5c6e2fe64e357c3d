package org.depa.attestation;

/**
 * Why a report was refused. A verdict lists every reason it could establish; any reason at all means refusal.
 */
public enum ReasonCode {
    /** The report is not exactly 1184 bytes; nothing at a fixed offset can be trusted then. */
    WRONG_LENGTH,
    /** The report version is not 2, 3 or 5. */
    UNSUPPORTED_VERSION,
    /** A reserved field or bit does not hold the value the ABI requires (zero, or one for guest policy bit 17). */
    RESERVED_NONZERO,
    /** SIGNATURE_ALGO is not 1 (ECDSA P-384 with SHA-384). */
    UNSUPPORTED_SIGNATURE_ALGORITHM,
    /** r or s is zero, not below the P-384 group order, or has bytes set beyond its 48 significant ones. */
    SIGNATURE_OUT_OF_RANGE,
    /** The ECDSA signature over bytes [0, 0x2A0) does not verify under the leaf (VCEK/VLEK) key. */
    SIGNATURE_INVALID,
    /** The report says it was signed by a different kind of key than the leaf certificate holds, or not at all. */
    SIGNING_KEY_MISMATCH,
    /** No leaf certificate was given, or one of the chain's certificates is absent where it is needed. */
    MISSING_CERTIFICATE,
    /** A certificate is not strict DER X.509, or a key in it is not of the expected type. */
    MALFORMED_CERTIFICATE,
    /** A certificate signature, name link, algorithm or constraint in VCEK/VLEK -> ASK/ASVK -> ARK is wrong. */
    CHAIN_INVALID,
    /** A certificate is outside its validity period at the verification time. */
    CERTIFICATE_EXPIRED,
    /** The chain ends in a root that is neither a pinned AMD ARK nor an explicitly given development root. */
    UNKNOWN_ROOT,
    /** The productName extension names no product this verifier knows (Milan, Genoa, Turin). */
    UNKNOWN_PRODUCT,
    /** Product evidence disagrees: productName, the root's product, intermediate name or the report's CPUID. */
    PRODUCT_MISMATCH,
    /** A required AMD extension is absent from the leaf certificate. */
    MISSING_EXTENSION,
    /** An AMD extension is present but its value has the wrong type, size or range. */
    MALFORMED_EXTENSION,
    /** The leaf's TCB extensions do not equal the report's REPORTED_TCB. */
    TCB_MISMATCH,
    /** The leaf's hwID extension does not equal the report's CHIP_ID. */
    CHIP_ID_MISMATCH,
    /** A supplied CRL for this chain's root is not signed by it, is malformed, or is outside its update window. */
    CRL_INVALID,
    /** The CRL lists the intermediate's or the leaf's serial number. */
    REVOKED,
    /** Guest policy bit 19 (DEBUG) is set and the policy does not allow debug guests. */
    DEBUG_ENABLED,
    /** The report's VMPL is not the expected one. */
    VMPL_MISMATCH,
    /** A component of REPORTED_TCB is below the policy's minimum for this product. */
    TCB_BELOW_MINIMUM,
    /** The launch measurement is not in the policy's allow-list. */
    MEASUREMENT_NOT_ALLOWED,
    /** REPORT_DATA is not the expected 64 bytes. */
    REPORT_DATA_MISMATCH,
    /** The verifier itself failed on this input; refused rather than thrown. */
    INTERNAL_ERROR
}
