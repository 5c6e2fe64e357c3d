package org.depa.ledger.model.domain;

/**
 * A TDC's record that its bridge released the key of its sealed model spec to one run of its job: the
 * commitment the sealed spec opens (the job's), the release report's measurement, chip and TCB (those of the run's
 * start) and the run key's signature over the request. An auditor sees who learned the spec key and when.
 */
public record SpecKeyReleaseRecord(
        String runId,
        String jobId,
        String contractId,
        String tdcId,
        String modelSpecCommitment,
        String measurement,
        String reportSha256,
        String recipientKeySha256,
        String chipId,
        String reportedTcb,
        String runKeySignature,
        String releasedAt,
        String txId) {}
