package org.depa.ledger.model.tx;

/**
 * runs:recordKeyRelease, by the dataset's TDP (its kms-bridge) after it verified the clean room's
 * attestation report; the chaincode re-checks the contract and the measurement before it counts.
 */
public record KeyReleaseRequest(
        String runId,
        String datasetId,
        String tdpId,
        String measurement,
        String reportSha256,
        String recipientKeySha256) {}
