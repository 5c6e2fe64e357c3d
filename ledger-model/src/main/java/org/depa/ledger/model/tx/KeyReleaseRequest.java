package org.depa.ledger.model.tx;

/**
 * runs:recordKeyRelease, by the dataset's TDP (its kms-bridge) after it verified the clean room's
 * attestation report; the chaincode re-checks the contract, the measurement, the chip and TCB of the
 * run's start ({@code chipId}, {@code reportedTcb}: the release report's) and the run key's signature
 * ({@code runKeySignature}, base64, over {@code SigningPayloads.keyRelease}) before it counts.
 */
public record KeyReleaseRequest(
        String runId,
        String datasetId,
        String tdpId,
        String measurement,
        String reportSha256,
        String recipientKeySha256,
        String chipId,
        String reportedTcb,
        String runKeySignature) {}
