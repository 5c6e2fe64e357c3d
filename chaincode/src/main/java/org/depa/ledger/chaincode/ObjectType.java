package org.depa.ledger.chaincode;

/**
 * The kinds of object on the ledger and their composite-key prefixes. Indexes are separate object
 * types whose keys carry the indexed attribute and the object id, so a listing is one range scan.
 */
public enum ObjectType {
    /** The SRO's MSP id, the member organisations, the agreement in force (one key, SRO-governed). */
    GOVERNANCE("governance"),
    /** Shards of the SRO's registries: participant standing, certified measurements (SRO-governed). */
    SRO_REGISTRY("sro-registry"),
    PARTICIPANT("participant"),
    AGREEMENT("agreement"),
    DATASET("dataset"),
    DATASET_BY_OWNER("dataset-by-owner"),
    DATASET_BY_PURPOSE("dataset-by-purpose"),
    BUDGET("budget"),
    MEASUREMENT("measurement"),
    CONTRACT("contract"),
    /** Index: party id, contract id. Every party of the contract's current version (propose, amend). */
    CONTRACT_BY_PARTY("contract-by-party"),
    CONTRACT_VERSION("contract-version"),
    SIGNATURE("signature"),
    SIGNATURE_SEEN("signature-seen"),
    RUN("run"),
    RUN_BY_CONTRACT("run-by-contract"),
    KEY_RELEASE("key-release"),
    /** A job's TDC released its sealed-spec key to a run of the job: run id, transaction id. */
    SPEC_KEY_RELEASE("spec-key-release"),
    RECEIPT("receipt"),
    PAYMENT("payment"),
    PAYMENT_BY_CONTRACT("payment-by-contract"),
    /** A TDC's output encryption key (key-level policy: the TDC's organisation). */
    OUTPUT_KEY("output-key"),
    /** A training job (key-level policy: the TDC's and the CCR provider's organisations). */
    JOB("job"),
    /** Index: contract id, job id. A job that is not final holds its contracts. */
    JOB_BY_CONTRACT("job-by-contract"),
    /** Index: party id, job id. Every party of the job's contracts (written at submit). */
    JOB_BY_PARTY("job-by-party"),
    /** Written only by the load benchmark's baseline transaction. */
    PROBE("probe");

    private final String prefix;

    ObjectType(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Looks up a type by its prefix, as named in audit:history requests. */
    public static ObjectType fromPrefix(String prefix) {
        for (ObjectType type : values()) {
            if (type.prefix.equals(prefix)) {
                return type;
            }
        }
        return null;
    }
}
