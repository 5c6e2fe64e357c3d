package org.depa.ledger.chaincode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Training runs in a clean room: start (bound to an attested measurement and a run key), key
 * releases by each TDP, and one signed receipt that spends the privacy budget, completes the
 * contract and creates the payment instructions.
 */
@Contract(name = "runs", info = @Info(title = "DEPA training runs", version = "1"))
public final class RunTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String start(DepaContext ctx, String json) {
        return TxRunner.run(Runs.START, json, r -> {
            String runId = Fields.id("runId", r.runId());
            PublicKeyInfo runKey = Pem.publicKey("runPublicKeyPem", r.runPublicKeyPem());
            Guard.actor(ctx, Fields.id("ccrProviderId", r.ccrProviderId()), Role.CCR_PROVIDER);
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            if (!c.terms().ccrProviderId().equals(r.ccrProviderId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY,
                        "contract '" + c.contractId() + "' names CCR provider '"
                                + c.terms().ccrProviderId() + "', not '" + r.ccrProviderId() + "'");
            }
            ContractRules.requireInForce(ctx, c);
            // The evidence, verified here on every endorsing peer: what the run records is what the report says.
            RunAttestation.Attested attested = RunAttestation.verify(ctx, r, runId, c.contractId());
            String measurement = attested.measurement();
            ContractRules.requireMeasurementAllowed(ctx, c, measurement);
            String jobId = r.jobId() == null ? null : Fields.id("jobId", r.jobId());
            JobRules.requireRunAllowed(ctx, c, jobId, r.ccrProviderId());
            if (ctx.state().exists(ObjectType.RUN, runId)) {
                throw new LedgerRuleException(ErrorCode.ALREADY_EXISTS, "run '" + runId + "' already exists");
            }
            for (List<String> ids : ctx.state().keys(ObjectType.RUN_BY_CONTRACT, c.contractId())) {
                TrainingRun other = ctx.state().get(ObjectType.RUN, TrainingRun.class, ids.get(1));
                if (other.status() == RunStatus.STARTED) {
                    throw new LedgerRuleException(
                            ErrorCode.INVALID_STATE,
                            "run '" + other.runId() + "' of contract '" + c.contractId()
                                    + "' is still open; finish or fail it first");
                }
            }
            TrainingRun run = new TrainingRun(
                    runId,
                    c.contractId(),
                    c.version(),
                    r.ccrProviderId(),
                    measurement,
                    attested.reportSha256(),
                    r.runPublicKeyPem(),
                    runKey.algorithm().name(),
                    attested.chipId(),
                    attested.reportedTcb(),
                    RunStatus.STARTED,
                    null,
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId(),
                    jobId,
                    attested.evidence());
            ctx.state().put(ObjectType.RUN, run, runId);
            ctx.state().putIndex(ObjectType.RUN_BY_CONTRACT, c.contractId(), runId);
            ctx.events().emit(EventType.RUN_STARTED, ObjectType.RUN, runId, r.ccrProviderId());
            return run;
        });
    }

    /** Recorded by a TDP's key-release service before it hands the wrapped key over. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String recordKeyRelease(DepaContext ctx, String json) {
        return TxRunner.run(Runs.RECORD_KEY_RELEASE, json, r -> {
            String measurement = Fields.hex("measurement", r.measurement(), 48);
            String reportSha256 = Fields.sha256Hex("reportSha256", r.reportSha256());
            String recipient = Fields.sha256Hex("recipientKeySha256", r.recipientKeySha256());
            String datasetId = Fields.id("datasetId", r.datasetId());
            ChipBinding.Chip chip = ChipBinding.read(r.chipId(), r.reportedTcb());
            Guard.actor(ctx, Fields.id("tdpId", r.tdpId()), Role.TDP);
            TrainingRun run = ctx.state().get(ObjectType.RUN, TrainingRun.class, Fields.id("runId", r.runId()));
            ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, run.contractId());
            ContractRules.requireInForce(ctx, c);
            requireStarted(run);
            DatasetClause clause = ContractRules.clause(c, datasetId);
            if (!clause.tdpId().equals(r.tdpId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY,
                        "dataset '" + datasetId + "' belongs to '" + clause.tdpId() + "', not '" + r.tdpId() + "'");
            }
            if (!measurement.equals(run.measurement())) {
                throw new LedgerRuleException(
                        ErrorCode.MEASUREMENT_NOT_ALLOWED,
                        "the attested measurement " + measurement + " differs from run '" + run.runId()
                                + "' measurement " + run.measurement());
            }
            ContractRules.requireMeasurementAllowed(ctx, c, measurement);
            ChipBinding.requireSameRun(run, chip, datasetId, reportSha256, recipient, r.runKeySignature());
            KeyReleaseRecord k = new KeyReleaseRecord(
                    run.runId(),
                    datasetId,
                    c.contractId(),
                    r.tdpId(),
                    measurement,
                    reportSha256,
                    recipient,
                    chip.chipId(),
                    chip.reportedTcb(),
                    r.runKeySignature(),
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().put(ObjectType.KEY_RELEASE, k, run.runId(), datasetId, ctx.txId());
            ctx.events().emit(EventType.KEY_RELEASED, ObjectType.KEY_RELEASE, run.runId() + "/" + datasetId, r.tdpId());
            return k;
        });
    }

    /** Recorded by a job's TDC's bridge before it hands the wrapped spec key over ({@link SpecKeyReleases}). */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String recordSpecKeyRelease(DepaContext ctx, String json) {
        return TxRunner.run(Runs.RECORD_SPEC_KEY_RELEASE, json, r -> SpecKeyReleases.record(ctx, r));
    }

    /** A run that cannot finish is failed by its CCR provider; nothing is spent and a new run may start. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String fail(DepaContext ctx, String json) {
        return TxRunner.run(Runs.FAIL, json, r -> {
            TrainingRun run = ctx.state().get(ObjectType.RUN, TrainingRun.class, Fields.id("runId", r.runId()));
            Guard.actor(ctx, Fields.id("ccrProviderId", r.ccrProviderId()), Role.CCR_PROVIDER);
            if (!run.ccrProviderId().equals(r.ccrProviderId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY, "run '" + run.runId() + "' belongs to '" + run.ccrProviderId() + "'");
            }
            requireStarted(run);
            TrainingRun failed = withStatus(ctx, run, RunStatus.FAILED, Fields.text("reason", r.reason(), 500));
            ctx.state().put(ObjectType.RUN, failed, run.runId());
            ctx.events().emit(EventType.RUN_FAILED, ObjectType.RUN, run.runId(), r.ccrProviderId());
            return failed;
        });
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String submitReceipt(DepaContext ctx, String json) {
        return TxRunner.run(Runs.SUBMIT_RECEIPT, json, r -> {
            ReceiptBody body = Requests.receipt(r.body());
            byte[] signature = Fields.base64("signature", r.signature(), 512);
            Guard.actor(ctx, Fields.id("ccrProviderId", r.ccrProviderId()), Role.CCR_PROVIDER);
            TrainingRun run = ctx.state().get(ObjectType.RUN, TrainingRun.class, body.runId());
            if (ctx.state().exists(ObjectType.RECEIPT, run.runId())) {
                throw new LedgerRuleException(
                        ErrorCode.RECEIPT_EXISTS, "run '" + run.runId() + "' already has a receipt");
            }
            if (!run.ccrProviderId().equals(r.ccrProviderId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY, "run '" + run.runId() + "' belongs to '" + run.ccrProviderId() + "'");
            }
            if (!run.contractId().equals(body.contractId())) {
                throw Fields.invalid(
                        "body.contractId",
                        "is '" + body.contractId() + "' but run '" + run.runId() + "' runs under '" + run.contractId()
                                + "'");
            }
            if (!run.reportSha256().equals(body.reportSha256())) {
                // The receipt speaks for the attested start: the same report whose REPORT_DATA binds
                // the run key that signs it, so an auditor can follow one chain of evidence.
                throw new LedgerRuleException(
                        ErrorCode.HASH_MISMATCH,
                        "receipt reportSha256 " + body.reportSha256() + " differs from run '" + run.runId()
                                + "' start report " + run.reportSha256());
            }
            JobRules.requireReceiptMatchesJob(ctx, run, body);
            ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, run.contractId());
            ContractRules.requireInForce(ctx, c);
            requireStarted(run);
            Map<String, BigDecimal> spent = checkDatasets(ctx, c, run, body);
            SignatureVerifier.verify(
                    KeyCache.publicKey("runPublicKeyPem", run.runPublicKeyPem()),
                    SigningPayloads.receipt(ctx.signingDomain(), body),
                    signature);

            Budgets.settle(ctx, c, spent);
            ctx.state()
                    .put(
                            ObjectType.CONTRACT,
                            ContractRules.withStatus(
                                    ctx,
                                    c,
                                    ContractStatus.COMPLETED,
                                    List.of(),
                                    run.ccrProviderId(),
                                    "training receipt of run " + run.runId(),
                                    run.runId()),
                            c.contractId());
            ctx.state().put(ObjectType.RUN, withStatus(ctx, run, RunStatus.COMPLETED, null), run.runId());
            TrainingReceipt receipt = new TrainingReceipt(body, r.signature(), c.version(), ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.RECEIPT, receipt, run.runId());
            createPayments(ctx, c, run);
            ctx.events().emit(EventType.RECEIPT_SUBMITTED, ObjectType.RECEIPT, run.runId(), r.ccrProviderId());
            return receipt;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String runId) {
        return TxRunner.run(
                Runs.GET, runId, id -> ctx.state().get(ObjectType.RUN, TrainingRun.class, Fields.id("runId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getReceipt(DepaContext ctx, String runId) {
        return TxRunner.run(Runs.GET_RECEIPT, runId, id -> ctx.state()
                .get(ObjectType.RECEIPT, TrainingReceipt.class, Fields.id("runId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String keyReleases(DepaContext ctx, String runId) {
        return TxRunner.run(Runs.KEY_RELEASES, runId, id -> ctx.state()
                .all(ObjectType.KEY_RELEASE, KeyReleaseRecord.class, Fields.id("runId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String specKeyReleases(DepaContext ctx, String runId) {
        return TxRunner.run(Runs.SPEC_KEY_RELEASES, runId, id -> ctx.state()
                .all(ObjectType.SPEC_KEY_RELEASE, SpecKeyReleaseRecord.class, Fields.id("runId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listByContract(DepaContext ctx, String contractId) {
        return TxRunner.run(
                Runs.LIST_BY_CONTRACT,
                contractId,
                id -> ctx.state().keys(ObjectType.RUN_BY_CONTRACT, Fields.id("contractId", id)).stream()
                        .map(ids -> ctx.state().get(ObjectType.RUN, TrainingRun.class, ids.get(1)))
                        .toList());
    }

    /** The receipt must account for exactly the contract's datasets, each with a released key. */
    private static Map<String, BigDecimal> checkDatasets(
            DepaContext ctx, ContractRecord c, TrainingRun run, ReceiptBody body) {
        Map<String, BigDecimal> spent = new TreeMap<>();
        for (ReceiptDataset d : body.datasets()) {
            DatasetClause clause = ContractRules.clause(c, d.datasetId());
            if (!clause.ciphertextSha256().equals(d.ciphertextSha256())) {
                throw new LedgerRuleException(
                        ErrorCode.HASH_MISMATCH,
                        "dataset '" + d.datasetId() + "' ciphertext hash " + d.ciphertextSha256()
                                + " differs from the contract's " + clause.ciphertextSha256());
            }
            if (d.epsilonSpent().compareTo(clause.privacy().epsilon()) > 0) {
                throw new LedgerRuleException(
                        ErrorCode.EPSILON_OVERSPENT,
                        "dataset '" + d.datasetId() + "' epsilon spent "
                                + d.epsilonSpent().toPlainString() + " exceeds the contract's "
                                + clause.privacy().epsilon().toPlainString());
            }
            if (ctx.state()
                    .keys(ObjectType.KEY_RELEASE, run.runId(), d.datasetId())
                    .isEmpty()) {
                throw new LedgerRuleException(
                        ErrorCode.KEY_NOT_RELEASED,
                        "no key of dataset '" + d.datasetId() + "' was released to run '" + run.runId() + "'");
            }
            spent.put(d.datasetId(), d.epsilonSpent());
        }
        for (DatasetClause clause : c.terms().datasets()) {
            if (!spent.containsKey(clause.datasetId())) {
                throw Fields.invalid(
                        "body.datasets", "must account for dataset '" + clause.datasetId() + "' of the contract");
            }
        }
        return spent;
    }

    /** One instruction per TDP: the sum of its clauses, split between the TDP and its data principals. */
    private static void createPayments(DepaContext ctx, ContractRecord c, TrainingRun run) {
        Map<String, Long> byTdp = new TreeMap<>();
        for (DatasetClause clause : c.terms().datasets()) {
            byTdp.merge(clause.tdpId(), clause.paymentMinor(), Math::addExact);
        }
        int bps = c.terms().payment().dataPrincipalShareBps();
        for (Map.Entry<String, Long> e : byTdp.entrySet()) {
            long amount = e.getValue();
            long principals = BigInteger.valueOf(amount)
                    .multiply(BigInteger.valueOf(bps))
                    .divide(BigInteger.valueOf(10_000))
                    .longValueExact();
            String paymentId = c.contractId() + "." + e.getKey();
            PaymentInstruction p = new PaymentInstruction(
                    paymentId,
                    c.contractId(),
                    run.runId(),
                    c.terms().tdcId(),
                    e.getKey(),
                    c.terms().payment().currency(),
                    amount,
                    principals,
                    amount - principals,
                    PaymentStatus.PENDING,
                    null,
                    ctx.nowText(),
                    null,
                    null,
                    null,
                    null,
                    null);
            ctx.state().put(ObjectType.PAYMENT, p, paymentId);
            ctx.state().putIndex(ObjectType.PAYMENT_BY_CONTRACT, c.contractId(), paymentId);
        }
    }

    private static void requireStarted(TrainingRun run) {
        if (run.status() != RunStatus.STARTED) {
            throw new LedgerRuleException(ErrorCode.RUN_NOT_ACTIVE, "run '" + run.runId() + "' is " + run.status());
        }
    }

    private static TrainingRun withStatus(DepaContext ctx, TrainingRun r, RunStatus status, String reason) {
        return r.withStatus(status, reason, ctx.nowText(), ctx.txId());
    }
}
