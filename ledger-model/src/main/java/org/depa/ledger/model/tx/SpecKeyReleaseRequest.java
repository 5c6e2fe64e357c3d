package org.depa.ledger.model.tx;

/**
 * runs:recordSpecKeyRelease, by a job's TDC (its own kms-bridge, under the TDC's ledger identity) after it
 * verified the clean room's attestation report, exactly as a TDP's bridge records a dataset key release: the
 * chaincode re-checks that the run belongs to the job and is STARTED, that the job is the TDC's, the contract, the
 * measurement, the chip and TCB of the run's start, and the run key's signature ({@code runKeySignature}, base64,
 * over {@code SigningPayloads.specKeyRelease}).
 *
 * @param modelSpecCommitment the commitment of the sealed spec whose key is released; must be the job's
 */
public record SpecKeyReleaseRequest(
        String runId,
        String jobId,
        String tdcId,
        String modelSpecCommitment,
        String measurement,
        String reportSha256,
        String recipientKeySha256,
        String chipId,
        String reportedTcb,
        String runKeySignature) {}
