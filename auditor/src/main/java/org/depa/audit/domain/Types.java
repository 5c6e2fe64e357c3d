package org.depa.audit.domain;

/** The chaincode's object types (its composite-key prefixes, chaincode ObjectType) the replay reads. */
final class Types {
    static final String GOVERNANCE = "governance";
    static final String SRO_REGISTRY = "sro-registry";
    static final String PARTICIPANT = "participant";
    static final String DATASET = "dataset";
    static final String BUDGET = "budget";
    static final String MEASUREMENT = "measurement";
    static final String CONTRACT = "contract";
    static final String CONTRACT_VERSION = "contract-version";
    static final String SIGNATURE = "signature";
    static final String RUN = "run";
    static final String KEY_RELEASE = "key-release";
    static final String SPEC_KEY_RELEASE = "spec-key-release";
    static final String JOB = "job";
    static final String RECEIPT = "receipt";
    static final String PAYMENT = "payment";

    /** The SRO registry of certified measurements (chaincode Governing.MEASUREMENTS). */
    static final String MEASUREMENTS_REGISTRY = "measurements";
    /** The SRO registry of participants' standing (chaincode Governing.PARTICIPANTS). */
    static final String PARTICIPANTS_REGISTRY = "participants";

    private Types() {}
}
