package org.depa.ccr.agent;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.SubmitReceiptRequest;

/**
 * SEALED to DONE: the training receipt, signed with the run key and submitted once. The ledger is
 * asked first, and refuses a second receipt anyway ({@code RECEIPT_EXISTS}); either way the
 * recorded one is the answer.
 */
final class ReceiptWriter {
    private final Agent.Settings settings;
    private final TypedLedger ledger;
    private final RunRecords records;
    private final TrainingStep training;
    private final PrintStream log;

    ReceiptWriter(
            Agent.Settings settings, TypedLedger ledger, RunRecords records, TrainingStep training, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.records = Objects.requireNonNull(records, "records");
        this.training = Objects.requireNonNull(training, "training");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Whether the receipt committed before the agent was killed: then the journal moves to DONE.
     * Asked before anything else on a resumed run, because the contract is COMPLETED by then and
     * would no longer pass the contract check.
     */
    boolean recordedEarlier(RunJournal journal) {
        if (records.existingReceipt() == null) {
            return false;
        }
        TrainingRun run = records.existingRun();
        if (run == null || !run.runPublicKeyPem().equals(journal.state().runPublicKeyPem())) {
            return false;
        }
        journal.advance(Step.DONE);
        return true;
    }

    TrainingReceipt submit(RunJournal journal, Admission.Admitted admitted) {
        TrainingReceipt receipt = records.existingReceipt();
        if (receipt == null) {
            receipt = submitSigned(journal, admitted);
        }
        journal.advance(Step.DONE);
        log.println("ccr-agent: receipt of run " + settings.runId() + " recorded in tx " + receipt.txId());
        return receipt;
    }

    /** The receipt of a run whose journal says DONE; the ledger must have it. */
    TrainingReceipt recorded() {
        TrainingReceipt r = records.existingReceipt();
        if (r == null) {
            throw new AgentException(
                    Stage.JOURNAL, "journal says done but the ledger has no receipt for '" + settings.runId() + "'");
        }
        return r;
    }

    private TrainingReceipt submitSigned(RunJournal journal, Admission.Admitted admitted) {
        Trainer.Outcome outcome = training.outcome(admitted);
        ContractRecord contract = admitted.contract();
        BigDecimal spent = reported(outcome.epsilonSpent(), admitted.limits().epsilon());
        List<ReceiptDataset> used = new ArrayList<>();
        for (DatasetClause c : contract.terms().datasets()) {
            used.add(new ReceiptDataset(c.datasetId(), c.ciphertextSha256(), spent));
        }
        ReceiptBody body = Requests.receipt(new ReceiptBody(
                settings.runId(),
                contract.contractId(),
                journal.state().modelSha256(),
                used,
                new TreeMap<>(outcome.metrics()),
                journal.state().startReportSha256(),
                settings.jobId(),
                settings.modelSpecCommitment()));
        String signature = Base64.getEncoder()
                .encodeToString(LocalSigner.fromPem(journal.state().runKeyPem())
                        .sign(SigningPayloads.receipt(settings.domain(), body)));
        try {
            return ledger.submit(
                    Runs.SUBMIT_RECEIPT, new SubmitReceiptRequest(settings.ccrProviderId(), body, signature));
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.RECEIPT_EXISTS) {
                return records.existingReceipt();
            }
            throw notInForce(contract.contractId(), e);
        }
    }

    /**
     * A refused receipt, as CONTRACT when the contract is no longer in force (revoked or expired while
     * the run trained: permanent, the run is then failed), else as RECEIPT.
     */
    private AgentException notInForce(String contractId, LedgerException refusal) {
        if (refusal.code() == ErrorCode.CONTRACT_EXPIRED) {
            return new AgentException(Stage.CONTRACT, refusal.getMessage() + " (its receipt was refused)", refusal);
        }
        if (refusal.code() == ErrorCode.INVALID_STATE) {
            ContractStatus now;
            try {
                now = ledger.evaluate(Contracts.GET, contractId).status();
            } catch (LedgerException e) {
                return new AgentException(Stage.RECEIPT, "receipt refused: " + refusal.getMessage(), refusal);
            }
            if (now != ContractStatus.ACTIVE) {
                return new AgentException(
                        Stage.CONTRACT,
                        "contract '" + contractId + "' is " + now + ", not ACTIVE (its receipt was refused)",
                        refusal);
            }
        }
        return new AgentException(Stage.RECEIPT, "receipt refused: " + refusal.getMessage(), refusal);
    }

    /**
     * The epsilon the receipt reports: the accountant's figure rounded up to six decimals, so the
     * ledger never records less than was spent; capped at the budget, which the accountant's figure
     * never exceeds.
     */
    static BigDecimal reported(BigDecimal spent, BigDecimal budget) {
        BigDecimal up = spent.setScale(6, RoundingMode.CEILING).stripTrailingZeros();
        return up.compareTo(budget) > 0 ? budget : up.scale() < 0 ? up.setScale(0) : up;
    }
}
