package org.depa.kms.bridge;

import java.util.Objects;
import org.depa.attestation.Verdict;
import org.depa.dataset.SealedSpec;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.kms.protocol.SpecReleaseRequest;
import org.depa.kms.protocol.SpecReleaseResponse;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;

/**
 * A TDC's bridge releasing the key of its sealed model spec to an attested run of its job, exactly as a TDP's bridge
 * releases a dataset key ({@link ReleaseGate}: nonce, evidence, run STARTED, the run key's signature, custody, the
 * SEV-SNP verdict against the contract's certified measurements, the chip and TCB of the run's start), and only for a
 * run of a job of THIS TDC: the key is the one filed under the job's commitment ({@link SealedSpec#keyId}), so a run
 * of a job with another commitment finds no key to release. Then runs:recordSpecKeyRelease is submitted (the
 * chaincode re-checks all of it, and that the caller is the job's TDC) and only after the commit is the sealed key
 * handed over.
 */
public final class SpecKeyReleaseService {
    private final ReleaseGate gate;
    private final String tdcId;
    private final boolean developmentRoot;
    private final RefusalAudit refusals;

    SpecKeyReleaseService(ReleaseGate gate, String tdcId, boolean developmentRoot, RefusalAudit refusals) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.tdcId = Objects.requireNonNull(tdcId, "tdcId");
        this.developmentRoot = developmentRoot;
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    public SpecReleaseResponse release(SpecReleaseRequest request) throws RefusalException {
        Objects.requireNonNull(request, "request");
        String subject = "job:" + request.jobId();
        try {
            ReleaseGate.Evidence e = gate.evidence(
                    request.runId(),
                    request.nonce(),
                    request.reportBase64(),
                    request.recipientJwk(),
                    request.certificateChainPem());
            String jobId;
            try {
                jobId = Fields.id("jobId", request.jobId());
            } catch (LedgerRuleException ex) {
                throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, ex.getMessage());
            }
            TrainingRun run = gate.startedRun(e.runId());
            RunBindingCheck.requireRunKey(
                    run,
                    SpecReleaseRequest.signedPayload(
                            run.runId(), jobId, e.report(), ReportDataBinding.recipientKeySha256(e.recipient())),
                    RunBindingCheck.signature(request.runKeySignature()));
            TrainingJob job = gate.read(Jobs.GET, jobId);
            if (!job.tdcId().equals(tdcId)) {
                throw RefusalException.ledger(
                        RefusalCode.NOT_RELEASABLE,
                        ErrorCode.NOT_A_PARTY.name(),
                        "job '" + jobId + "' is not a job of this bridge's TDC");
            }
            if (!jobId.equals(run.jobId())) {
                throw RefusalException.ledger(
                        RefusalCode.NOT_RELEASABLE,
                        ErrorCode.NOT_A_PARTY.name(),
                        "run '" + run.runId() + "' does not serve job '" + jobId + "'");
            }
            String keyId = SealedSpec.keyId(job.modelSpecCommitment());
            gate.requireSealable(
                    keyId, "the model spec of job '" + jobId + "' (commitment " + job.modelSpecCommitment() + ")");
            ContractRecord contract = gate.read(Contracts.GET, run.contractId());
            Verdict verdict = gate.verify(e.report(), e.chain(), gate.policy(contract, e));
            RunBindingCheck.requireSameChip(run, verdict);
            String jwe = seal(keyId, e, jobId);
            SpecKeyReleaseRecord record = gate.submit(
                    Runs.RECORD_SPEC_KEY_RELEASE,
                    new SpecKeyReleaseRequest(
                            run.runId(),
                            jobId,
                            tdcId,
                            job.modelSpecCommitment(),
                            verdict.measurementHex(),
                            Hashes.sha256Hex(e.report()),
                            ReportDataBinding.recipientKeySha256(e.recipient()),
                            verdict.chipIdHex(),
                            verdict.reportedTcbHex(),
                            request.runKeySignature()));
            refusals.roll(tdcId);
            Audit.released(
                    tdcId,
                    run.runId(),
                    subject,
                    keyId,
                    record.txId(),
                    record.measurement(),
                    record.recipientKeySha256(),
                    developmentRoot);
            return new SpecReleaseResponse(jwe, record.txId(), record);
        } catch (RefusalException e) {
            refusals.refused(tdcId, request.runId(), subject, e);
            throw e;
        }
    }

    /** {@link #release(SpecReleaseRequest)} of a body as it came over the wire, read with the ledger's strict JSON. */
    public SpecReleaseResponse releaseJson(String body) throws RefusalException {
        SpecReleaseRequest request;
        try {
            request = Json.read(body, SpecReleaseRequest.class);
        } catch (LedgerRuleException e) {
            refusals.refused(tdcId, null, null, RefusalCode.MALFORMED_REQUEST.name(), e.getMessage());
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        return release(request);
    }

    /** Seals before the commit: a key that cannot be sealed is refused with nothing recorded. */
    private String seal(String keyId, ReleaseGate.Evidence e, String jobId) throws RefusalException {
        try {
            return gate.keys()
                    .seal(keyId, e.recipient(), new ReleaseClaims(SpecReleaseRequest.subject(jobId), e.runId(), keyId));
        } catch (KeyCustodyException ex) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNUSABLE,
                    "the spec key of job '" + jobId + "' could not be sealed; nothing was recorded");
        }
    }
}
