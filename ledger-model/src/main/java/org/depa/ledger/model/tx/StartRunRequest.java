package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * runs:start, by the contract's CCR provider, with the clean room's evidence: its SEV-SNP
 * attestation report and the certificate chain that signs it. The chaincode verifies the report
 * at the transaction's timestamp (the chain to a pinned AMD root, REPORT_DATA binding this run's
 * id, contract and run key) and records what the <em>verified</em> report says: the measurement,
 * the chip ({@code chipId}, all zero for a VLEK-signed report) and REPORTED_TCB, and the SHA-256
 * of the report. Every key release of the run must come from the same chip and TCB and carry a
 * signature by the run key.
 *
 * @param report the 1184-byte ATTESTATION_REPORT, base64 (at most {@link #MAX_REPORT_BYTES} bytes)
 * @param certificateChainPem the VCEK or VLEK, and optionally its ASK/ASVK and ARK, as PEM, in any
 *     order (at most {@link #MAX_CHAIN_CHARS} characters)
 * @param measurement optional: the launch measurement the provider expects (hex, 48 bytes); when
 *     given, it must equal the verified report's
 * @param chipId optional: the chip the provider expects (hex, 64 bytes); when given, it must equal
 *     the verified report's
 * @param reportedTcb optional: REPORTED_TCB the provider expects (hex, 8 bytes); when given, it
 *     must equal the verified report's
 * @param jobId the RUNNING training job this run serves, or null for a run outside any job (only
 *     under a contract that binds no model spec)
 */
public record StartRunRequest(
        String runId,
        String contractId,
        String ccrProviderId,
        String report,
        String certificateChainPem,
        String runPublicKeyPem,
        @JsonInclude(JsonInclude.Include.NON_NULL) String measurement,
        @JsonInclude(JsonInclude.Include.NON_NULL) String chipId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reportedTcb,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId) {

    /** A report is 1184 bytes; anything above this is refused before decoding. */
    public static final int MAX_REPORT_BYTES = 2048;
    /** A VLEK, ASVK and ARK with an ASK beside them take about 9,000 characters of PEM. */
    public static final int MAX_CHAIN_CHARS = 16_384;

    /** A run outside any training job, declaring nothing beyond the evidence. */
    public StartRunRequest(
            String runId,
            String contractId,
            String ccrProviderId,
            String report,
            String certificateChainPem,
            String runPublicKeyPem) {
        this(runId, contractId, ccrProviderId, report, certificateChainPem, runPublicKeyPem, null, null, null, null);
    }

    /** This request for the training job {@code job}. */
    public StartRunRequest forJob(String job) {
        return new StartRunRequest(
                runId,
                contractId,
                ccrProviderId,
                report,
                certificateChainPem,
                runPublicKeyPem,
                measurement,
                chipId,
                reportedTcb,
                job);
    }

    /** This request declaring the measurement, chip and TCB the provider expects the report to carry. */
    public StartRunRequest declaring(String measurementHex, String chipIdHex, String reportedTcbHex) {
        return new StartRunRequest(
                runId,
                contractId,
                ccrProviderId,
                report,
                certificateChainPem,
                runPublicKeyPem,
                measurementHex,
                chipIdHex,
                reportedTcbHex,
                jobId);
    }
}
