package org.depa.ledger.chaincode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.JobRequests;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.OutputKey;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Training jobs (issue 11): a TDC names one or more of its ACTIVE contracts and the model-spec
 * commitment their parties signed; its CCR provider schedules it, runs it (one run per contract,
 * each naming the job) and completes it with the runs' receipts. A job that is not final holds
 * its contracts, so a second job cannot claim a reservation the first will spend.
 */
@Contract(name = "jobs", info = @Info(title = "DEPA training jobs", version = "1"))
public final class JobTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerOutputKey(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.REGISTER_OUTPUT_KEY, json, request -> {
            RegisterOutputKeyRequest r = JobRequests.outputKey(request);
            PublicKeyInfo key = Pem.publicKey("publicKeyPem", r.publicKeyPem());
            String curve = curve(key);
            Participant tdc = Guard.actor(ctx, r.tdcId(), Role.TDC);
            if (key.sha256().equals(tdc.clientKeySha256())
                    || key.sha256().equals(ClientKeys.sha256("certificatePem", tdc.certificatePem()))) {
                throw Fields.invalid(
                        "publicKeyPem",
                        "is a key participant '" + tdc.id()
                                + "' signs or submits with; register a dedicated encryption key");
            }
            if (ctx.state().exists(ObjectType.OUTPUT_KEY, r.keyId())) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "output key '" + r.keyId() + "' is already registered");
            }
            OutputKey k = new OutputKey(
                    r.keyId(), tdc.id(), r.publicKeyPem(), curve, key.sha256(), ctx.nowText(), ctx.txId());
            // Only the TDC's organisation (with a majority) may ever change where its outputs are sealed.
            ctx.state().putWithPolicy(ObjectType.OUTPUT_KEY, k, Governing.policy(ctx, tdc.mspId()), r.keyId());
            ctx.events().emit(EventType.OUTPUT_KEY_REGISTERED, ObjectType.OUTPUT_KEY, r.keyId(), tdc.id());
            return k;
        });
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String submit(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.SUBMIT, json, request -> {
            SubmitJobRequest r = JobRequests.submit(request);
            Participant tdc = Guard.actor(ctx, r.tdcId(), Role.TDC);
            if (ctx.state().exists(ObjectType.JOB, r.jobId())) {
                throw new LedgerRuleException(ErrorCode.ALREADY_EXISTS, "job '" + r.jobId() + "' already exists");
            }
            OutputKey key = ctx.state().get(ObjectType.OUTPUT_KEY, OutputKey.class, r.outputKeyId());
            if (!key.tdcId().equals(tdc.id())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY,
                        "output key '" + key.keyId() + "' belongs to '" + key.tdcId() + "', not '" + tdc.id() + "'");
            }
            String ccrProviderId = null;
            for (String contractId : r.contractIds()) {
                ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, contractId);
                if (!c.terms().tdcId().equals(tdc.id())) {
                    throw new LedgerRuleException(
                            ErrorCode.NOT_A_PARTY,
                            "contract '" + contractId + "' is TDC '" + c.terms().tdcId() + "''s, not '" + tdc.id()
                                    + "''s");
                }
                ContractRules.requireInForce(ctx, c);
                JobRules.requireCommitment(c, r.modelSpecCommitment());
                if (ccrProviderId != null && !ccrProviderId.equals(c.terms().ccrProviderId())) {
                    throw Fields.invalid(
                            "contractIds",
                            "name different CCR providers ('" + ccrProviderId + "', '"
                                    + c.terms().ccrProviderId() + "'); one job runs in one provider's clean room");
                }
                ccrProviderId = c.terms().ccrProviderId();
                JobRules.requireFree(ctx, c);
            }
            TrainingJob job = new TrainingJob(
                    r.jobId(),
                    tdc.id(),
                    ccrProviderId,
                    r.contractIds(),
                    r.modelSpecCommitment(),
                    r.sealedSpecUri(),
                    key.keyId(),
                    key.keySha256(),
                    JobStatus.SUBMITTED,
                    null,
                    List.of(),
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId(),
                    tdc.id());
            Participant ccr = ctx.state().get(ObjectType.PARTICIPANT, Participant.class, ccrProviderId);
            // The job binds what is trained and where the output goes: only the TDC's and the CCR
            // provider's organisations (with a majority) may change it.
            ctx.state()
                    .putWithPolicy(ObjectType.JOB, job, Governing.policy(ctx, tdc.mspId(), ccr.mspId()), job.jobId());
            r.contractIds().forEach(id -> ctx.state().putIndex(ObjectType.JOB_BY_CONTRACT, id, job.jobId()));
            PartyIndex.job(ctx, job, PartyIndex.jobParties(ctx, job));
            ctx.events().emit(EventType.JOB_SUBMITTED, ObjectType.JOB, job.jobId(), tdc.id());
            return job;
        });
    }

    /** The CCR provider accepts a SUBMITTED job whose contracts are all still in force. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String schedule(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.SCHEDULE, json, request -> {
            JobActionRequest r = JobRequests.action(request, false);
            TrainingJob job = byProvider(ctx, r);
            JobRules.requireStatus(job, "scheduling", JobStatus.SUBMITTED);
            requireContractsInForce(ctx, job);
            return move(ctx, job, JobStatus.SCHEDULED, r.reason(), List.of(), r, EventType.JOB_SCHEDULED);
        });
    }

    /** The CCR provider's clean room runs the job; from now on only the provider can end it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String start(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.START, json, request -> {
            JobActionRequest r = JobRequests.action(request, false);
            TrainingJob job = byProvider(ctx, r);
            JobRules.requireStatus(job, "starting", JobStatus.SCHEDULED);
            requireContractsInForce(ctx, job);
            return move(ctx, job, JobStatus.RUNNING, r.reason(), List.of(), r, EventType.JOB_RUNNING);
        });
    }

    /**
     * The CCR provider completes a RUNNING job with one completed run per contract, each started for
     * this job and with a receipt (signed by the attested run key) naming the job and its commitment.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String complete(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.COMPLETE, json, request -> {
            CompleteJobRequest r = JobRequests.complete(request);
            TrainingJob job = JobRules.job(ctx, r.jobId());
            Guard.actor(ctx, r.ccrProviderId(), Role.CCR_PROVIDER);
            requireProvider(job, r.ccrProviderId());
            JobRules.requireStatus(job, "completing", JobStatus.RUNNING);
            Map<String, String> runByContract = new TreeMap<>();
            for (String runId : r.runIds()) {
                TrainingRun run = ctx.state().get(ObjectType.RUN, TrainingRun.class, runId);
                if (!job.jobId().equals(run.jobId())) {
                    throw Fields.invalid("runIds", "run '" + runId + "' was not started for job '" + job.jobId() + "'");
                }
                if (run.status() != RunStatus.COMPLETED) {
                    throw new LedgerRuleException(
                            ErrorCode.RUN_NOT_ACTIVE,
                            "run '" + runId + "' is " + run.status() + ": only a run with a receipt completes a job");
                }
                TrainingReceipt receipt = ctx.state().get(ObjectType.RECEIPT, TrainingReceipt.class, runId);
                if (!job.jobId().equals(receipt.body().jobId())
                        || !job.modelSpecCommitment().equals(receipt.body().modelSpecCommitment())) {
                    throw new LedgerRuleException(
                            ErrorCode.HASH_MISMATCH,
                            "the receipt of run '" + runId + "' does not name job '" + job.jobId()
                                    + "' and its commitment");
                }
                if (runByContract.put(run.contractId(), runId) != null) {
                    throw Fields.invalid("runIds", "name two runs of contract '" + run.contractId() + "'");
                }
            }
            List<String> runIds = new ArrayList<>();
            for (String contractId : job.contractIds()) {
                String runId = runByContract.get(contractId);
                if (runId == null) {
                    throw Fields.invalid("runIds", "name no completed run of contract '" + contractId + "'");
                }
                runIds.add(runId);
            }
            JobActionRequest by = new JobActionRequest(job.jobId(), r.ccrProviderId(), null);
            return move(ctx, job, JobStatus.COMPLETED, null, List.copyOf(runIds), by, EventType.JOB_COMPLETED);
        });
    }

    /**
     * The CCR provider fails a job that is not final, with a reason. Its contracts are free again;
     * an open run of the job is failed separately (runs:fail), and a receipt already in has spent
     * its contract's budget.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String fail(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.FAIL, json, request -> {
            JobActionRequest r = JobRequests.action(request, true);
            TrainingJob job = byProvider(ctx, r);
            JobRules.requireStatus(job, "failing", JobStatus.SUBMITTED, JobStatus.SCHEDULED, JobStatus.RUNNING);
            return move(ctx, job, JobStatus.FAILED, r.reason(), List.of(), r, EventType.JOB_FAILED);
        });
    }

    /** The TDC withdraws its job before it runs; nothing was spent, its contracts are free again. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String cancel(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.CANCEL, json, request -> {
            JobActionRequest r = JobRequests.action(request, false);
            TrainingJob job = JobRules.job(ctx, r.jobId());
            Guard.actor(ctx, r.participantId(), Role.TDC);
            if (!job.tdcId().equals(r.participantId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY, "job '" + job.jobId() + "' is TDC '" + job.tdcId() + "''s");
            }
            JobRules.requireStatus(
                    job,
                    "cancelling (a RUNNING job is ended by its CCR provider)",
                    JobStatus.SUBMITTED,
                    JobStatus.SCHEDULED);
            return move(ctx, job, JobStatus.CANCELLED, r.reason(), List.of(), r, EventType.JOB_CANCELLED);
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String jobId) {
        return TxRunner.run(Jobs.GET, jobId, id -> JobRules.job(ctx, id));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getOutputKey(DepaContext ctx, String keyId) {
        return TxRunner.run(Jobs.GET_OUTPUT_KEY, keyId, id -> ctx.state()
                .get(ObjectType.OUTPUT_KEY, OutputKey.class, Fields.id("keyId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listByContract(DepaContext ctx, String contractId) {
        return TxRunner.run(
                Jobs.LIST_BY_CONTRACT,
                contractId,
                id -> ctx.state().keys(ObjectType.JOB_BY_CONTRACT, Fields.id("contractId", id)).stream()
                        .map(ids -> ctx.state().get(ObjectType.JOB, TrainingJob.class, ids.get(1)))
                        .toList());
    }

    /** A party's jobs (only its own, unless the SRO or an auditor reads), a page at a time. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.LIST, json, r -> PartyIndex.jobs(ctx, r));
    }

    /** Indexes a job submitted before the party index existed; writing the same entries again changes nothing. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String index(DepaContext ctx, String json) {
        return TxRunner.run(Jobs.INDEX, json, r -> {
            TrainingJob job = JobRules.job(ctx, r.jobId());
            java.util.TreeSet<String> parties = PartyIndex.jobParties(ctx, job);
            PartyIndex.requireIndexer(ctx, r.participantId(), List.copyOf(parties), "job '" + job.jobId() + "'");
            PartyIndex.job(ctx, job, parties);
            return job;
        });
    }

    /** An encryption key: EC P-256 or P-384 (ECDH); Ed25519 is a signature key. */
    private static String curve(PublicKeyInfo key) {
        if (key.algorithm() == SignatureAlgorithm.ECDSA_P256_SHA256) {
            return "P-256";
        }
        if (key.algorithm() == SignatureAlgorithm.ECDSA_P384_SHA384) {
            return "P-384";
        }
        throw new LedgerRuleException(
                ErrorCode.UNSUPPORTED_KEY,
                "field 'publicKeyPem' is a " + key.algorithm() + " key; an output key must be EC P-256 or P-384");
    }

    private static TrainingJob byProvider(DepaContext ctx, JobActionRequest r) {
        TrainingJob job = JobRules.job(ctx, r.jobId());
        Guard.actor(ctx, r.participantId(), Role.CCR_PROVIDER);
        requireProvider(job, r.participantId());
        return job;
    }

    private static void requireProvider(TrainingJob job, String participantId) {
        if (!job.ccrProviderId().equals(participantId)) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "job '" + job.jobId() + "' is run by CCR provider '" + job.ccrProviderId() + "', not '"
                            + participantId + "'");
        }
    }

    private static void requireContractsInForce(DepaContext ctx, TrainingJob job) {
        for (String contractId : job.contractIds()) {
            ContractRules.requireInForce(ctx, ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, contractId));
        }
    }

    private static TrainingJob move(
            DepaContext ctx,
            TrainingJob job,
            JobStatus status,
            String reason,
            List<String> runIds,
            JobActionRequest by,
            EventType event) {
        TrainingJob moved = job.withStatus(status, reason, runIds, by.participantId(), ctx.nowText(), ctx.txId());
        ctx.state().put(ObjectType.JOB, moved, job.jobId());
        ctx.events().emit(event, ObjectType.JOB, job.jobId(), by.participantId());
        return moved;
    }
}
