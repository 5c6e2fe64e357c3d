package org.depa.ledger.model.domain;

/**
 * A TDP's record that it released one dataset key to one run's attested clean room: the release
 * report's chip and TCB (those of the run's start) and the run key's signature over the request.
 */
public record KeyReleaseRecord(
        String runId,
        String datasetId,
        String contractId,
        String tdpId,
        String measurement,
        String reportSha256,
        String recipientKeySha256,
        String chipId,
        String reportedTcb,
        String runKeySignature,
        String releasedAt,
        String txId) {}
