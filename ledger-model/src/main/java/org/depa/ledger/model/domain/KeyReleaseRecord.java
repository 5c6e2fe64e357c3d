package org.depa.ledger.model.domain;

/** A TDP's record that it released one dataset key to one run's attested clean room. */
public record KeyReleaseRecord(
        String runId,
        String datasetId,
        String contractId,
        String tdpId,
        String measurement,
        String reportSha256,
        String recipientKeySha256,
        String releasedAt,
        String txId) {}
